#pragma once

// OutputChannel: the headless mode's stdout, one JSON object per line.
//
// Replies and events are queued and written, in queue order, by the
// channel's own writer thread, so that a thread posting an event (the
// engine's, Tor's control reader) never waits for the reader of stdout.
// Each line is written whole and flushed (write(2) on the descriptor, no
// stdio buffering).
//
// Limits: at most maxQueuedBytes wait in the queue. Beyond that, reply()
// blocks until there is room (the command loop waits for its client), while
// event() drops the event and counts it; once the queue has room again one
// "error" event says how many were dropped. If stdout fails (the reader went
// away: EPIPE, with SIGPIPE ignored), everything later is dropped and
// broken() turns true.
//
// Ownership and threads: does not own the descriptor. reply() and event()
// may be called from any thread; close() (and the destructor) writes what is
// queued and joins the writer.

#include "app/Request.h"

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

namespace chive::app {

class OutputChannel {
public:
    static constexpr std::size_t kDefaultMaxQueuedBytes = std::size_t{16} * 1024 * 1024;

    explicit OutputChannel(int fd, std::size_t maxQueuedBytes = kDefaultMaxQueuedBytes);
    ~OutputChannel();
    OutputChannel(const OutputChannel&) = delete;
    OutputChannel& operator=(const OutputChannel&) = delete;
    OutputChannel(OutputChannel&&) = delete;
    OutputChannel& operator=(OutputChannel&&) = delete;

    void reply(const OutputJson& object);
    void event(const OutputJson& object);
    void close();

    [[nodiscard]] bool broken() const;
    [[nodiscard]] std::uint64_t droppedEvents() const;

private:
    static std::string serialize(const OutputJson& object);
    void run();
    bool writeAll(const std::string& line) const;

    const int m_fd;
    const std::size_t m_maxQueuedBytes;
    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<std::string> m_queue;
    std::size_t m_queuedBytes = 0;
    std::uint64_t m_dropped = 0;      // since the last report
    std::uint64_t m_droppedTotal = 0; // ever
    bool m_closing = false;
    bool m_broken = false;
    std::thread m_writer; // last: starts once the rest exists
};

} // namespace chive::app
