#include "app/OutputChannel.h"

#include <unistd.h>

#include <cerrno>
#include <utility>

namespace chive::app {

OutputChannel::OutputChannel(int fd, std::size_t maxQueuedBytes)
    : m_fd(fd)
    , m_maxQueuedBytes(maxQueuedBytes)
    , m_writer([this] { run(); }) {}

OutputChannel::~OutputChannel() {
    close();
}

std::string OutputChannel::serialize(const OutputJson& object) {
    // Invalid UTF-8 (which nothing should produce) becomes U+FFFD rather than
    // an exception; the line stays valid JSON.
    auto line = object.dump(-1, ' ', false, OutputJson::error_handler_t::replace);
    line.push_back('\n');
    return line;
}

void OutputChannel::reply(const OutputJson& object) {
    auto line = serialize(object);
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [&] {
        return m_closing || m_broken || m_queuedBytes + line.size() <= m_maxQueuedBytes ||
               m_queue.empty();
    });
    if (m_closing || m_broken) {
        return;
    }
    m_queuedBytes += line.size();
    m_queue.push_back(std::move(line));
    m_changed.notify_all();
}

void OutputChannel::event(const OutputJson& object) {
    auto line = serialize(object);
    const std::lock_guard lock(m_mutex);
    if (m_closing || m_broken) {
        return;
    }
    if (m_queuedBytes + line.size() > m_maxQueuedBytes) {
        ++m_dropped;
        ++m_droppedTotal;
        return;
    }
    if (m_dropped > 0) {
        OutputJson report;
        report["event"] = "error";
        report["error"] = {
            {"code", "too_large"},
            {"message",
             std::to_string(m_dropped) + " events were dropped: stdout was not read fast enough"}};
        auto reportLine = serialize(report);
        m_queuedBytes += reportLine.size();
        m_queue.push_back(std::move(reportLine));
        m_dropped = 0;
    }
    m_queuedBytes += line.size();
    m_queue.push_back(std::move(line));
    m_changed.notify_all();
}

bool OutputChannel::writeAll(const std::string& line) const {
    std::size_t done = 0;
    while (done < line.size()) {
        const auto written = ::write(m_fd, line.data() + done, line.size() - done);
        if (written < 0) {
            if (errno == EINTR) {
                continue;
            }
            return false;
        }
        done += static_cast<std::size_t>(written);
    }
    return true;
}

void OutputChannel::run() {
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_changed.wait(lock, [&] { return m_closing || !m_queue.empty(); });
        if (m_queue.empty()) {
            return; // closing, and everything is written
        }
        std::string line = std::move(m_queue.front());
        m_queue.pop_front();
        const bool broken = m_broken;
        lock.unlock();
        const bool written = !broken && writeAll(line);
        lock.lock();
        m_queuedBytes -= line.size();
        if (!written) {
            m_broken = true;
        }
        m_changed.notify_all();
    }
}

void OutputChannel::close() {
    {
        const std::lock_guard lock(m_mutex);
        m_closing = true;
        m_changed.notify_all();
    }
    if (m_writer.joinable()) {
        m_writer.join();
    }
}

bool OutputChannel::broken() const {
    const std::lock_guard lock(m_mutex);
    return m_broken;
}

std::uint64_t OutputChannel::droppedEvents() const {
    const std::lock_guard lock(m_mutex);
    return m_droppedTotal;
}

} // namespace chive::app
