#include "transport/ControlConnection.h"

#include "transport/ControlReplyParser.h"

#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <system_error>
#include <utility>

namespace chive::transport {

using core::ErrorCode;
using core::fail;

namespace {

// strerror() is not thread-safe; the error category's message is.
std::string errnoText() {
    return std::error_code(errno, std::generic_category()).message();
}

} // namespace

ControlConnection::ControlConnection(int fd, EventHandler onEvent, ClosedHandler onClosed)
    : m_fd(fd)
    , m_onEvent(std::move(onEvent))
    , m_onClosed(std::move(onClosed))
    , m_reader([this] { readLoop(); }) {}

ControlConnection::~ControlConnection() {
    close();
}

bool ControlConnection::isOpen() const {
    std::lock_guard lock(m_mutex);
    return m_open;
}

core::Result<ControlReply> ControlConnection::command(std::string_view line,
                                                      std::chrono::milliseconds timeout) {
    if (line.find_first_of("\r\n") != std::string_view::npos) {
        return fail(ErrorCode::InvalidArgument, "control command contains a line break");
    }
    auto pending = std::make_shared<Pending>();
    std::unique_lock lock(m_mutex);
    if (!m_open) {
        return fail(ErrorCode::Closed, "control connection is closed: " + m_closeReason);
    }
    if (m_pending.size() >= kMaxPendingCommands) {
        return fail(ErrorCode::Tor, "too many control commands waiting for Tor");
    }
    // Written under the lock so that the order on the wire is the order of
    // m_pending, which is how replies are matched. The line is sent from
    // the caller's buffer, never copied: ADD_ONION and ONION_CLIENT_AUTH_ADD
    // carry secret keys that the caller keeps in secure memory.
    if (auto written = writeAll(line); !written) {
        return tl::unexpected(written.error());
    }
    if (auto written = writeAll("\r\n"); !written) {
        return tl::unexpected(written.error());
    }
    m_pending.push_back(pending);
    if (!m_replied.wait_for(lock, timeout, [&] { return pending->done; })) {
        // The slot stays queued so the late reply is matched and dropped.
        return fail(ErrorCode::Timeout, "Tor did not answer a control command in time");
    }
    if (!pending->reply) {
        return pending->reply;
    }
    if (!pending->reply->isOk()) {
        return fail(ErrorCode::Tor, "Tor refused a control command: " + pending->reply->describe());
    }
    return std::move(pending->reply);
}

core::Status ControlConnection::writeAll(std::string_view bytes) const {
    while (!bytes.empty()) {
        const ssize_t n = ::send(m_fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return fail(ErrorCode::Closed,
                        "could not write to Tor's control socket: " + errnoText());
        }
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return {};
}

void ControlConnection::readLoop() {
    ControlReplyParser parser;
    std::array<std::uint8_t, std::size_t{16} * 1024> buffer{};
    std::string reason;
    for (;;) {
        const ssize_t n = ::recv(m_fd, buffer.data(), buffer.size(), 0);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n == 0 || (n < 0 && errno == ECONNRESET)) {
            reason = "Tor closed the control connection";
            break;
        }
        if (n < 0) {
            reason = "reading Tor's control socket failed: " + errnoText();
            break;
        }
        auto replies = parser.feed(std::span(buffer.data(), static_cast<std::size_t>(n)));
        if (!replies) {
            reason = "Tor sent a malformed control reply: " + replies.error().message;
            break;
        }
        for (auto& reply : *replies) {
            if (reply.isAsync()) {
                if (m_onEvent) {
                    m_onEvent(reply);
                }
                continue;
            }
            std::lock_guard lock(m_mutex);
            if (m_pending.empty()) {
                continue; // an unsolicited sync reply: nothing waits for it
            }
            m_pending.front()->reply = std::move(reply);
            m_pending.front()->done = true;
            m_pending.pop_front();
            m_replied.notify_all();
        }
    }
    finish(reason);
}

void ControlConnection::finish(const std::string& reason) {
    std::string reported;
    {
        std::lock_guard lock(m_mutex);
        const bool requested = !m_open; // close() already marked it
        m_open = false;
        m_closeReason = requested ? "closed" : reason;
        reported = requested ? std::string{} : reason;
        for (auto& pending : m_pending) {
            pending->reply = fail(ErrorCode::Closed, "control connection closed: " + m_closeReason);
            pending->done = true;
        }
        m_pending.clear();
        m_replied.notify_all();
    }
    if (m_onClosed) {
        m_onClosed(reported);
    }
}

void ControlConnection::hangUp() {
    std::lock_guard lock(m_mutex);
    if (m_fd >= 0) {
        ::shutdown(m_fd, SHUT_RDWR);
    }
}

void ControlConnection::close() {
    {
        std::lock_guard lock(m_mutex);
        if (m_fd < 0) {
            return;
        }
        m_open = false;
        // Wakes the reader's recv() with end-of-stream.
        ::shutdown(m_fd, SHUT_RDWR);
    }
    if (m_reader.joinable()) {
        m_reader.join();
    }
    std::lock_guard lock(m_mutex);
    ::close(m_fd);
    m_fd = -1;
}

} // namespace chive::transport
