#pragma once

// A client of Tor's control protocol over one connected socket.
//
// Ownership: owns the file descriptor passed in and closes it on close() or
// destruction. For the embedded Tor this is the owning control socket, so
// closing it makes Tor exit.
//
// Threads: one internal reader thread reads and parses everything Tor sends.
// Synchronous replies are matched to commands in the order the commands were
// written (the protocol answers in order); asynchronous events (6xx) are
// passed to the event handler on the reader thread, which must not block and
// must not call command() (it would wait for a reply only that thread can
// read). command() may be called from any other thread, concurrently.

#include "core/Result.h"
#include "transport/ControlReply.h"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

namespace chive::transport {

class ControlConnection {
public:
    using EventHandler = std::function<void(const ControlReply&)>;
    // Called once on the reader thread when the connection ends: an empty
    // string after close(), otherwise why it ended.
    using ClosedHandler = std::function<void(const std::string& reason)>;

    static constexpr std::chrono::seconds kDefaultTimeout{30};
    // Bound on commands written but not yet answered.
    static constexpr std::size_t kMaxPendingCommands = 256;

    ControlConnection(int fd, EventHandler onEvent, ClosedHandler onClosed = {});
    ~ControlConnection();
    ControlConnection(const ControlConnection&) = delete;
    ControlConnection& operator=(const ControlConnection&) = delete;
    ControlConnection(ControlConnection&&) = delete;
    ControlConnection& operator=(ControlConnection&&) = delete;

    // Sends one command line (without CRLF; it must not contain CR or LF) and
    // waits for its reply. A reply with a non-2xx status is returned as a Tor
    // error. Times out with Timeout; a closed connection gives Closed. The
    // line is written from the caller's memory and never copied, so a secret
    // in it (a key blob) stays only where the caller keeps and wipes it.
    core::Result<ControlReply> command(std::string_view line,
                                       std::chrono::milliseconds timeout = kDefaultTimeout);

    // Shuts the socket down, joins the reader thread and closes the socket.
    // Idempotent. Must not be called from the event handler.
    void close();

    // Ends the connection as if the peer had closed it, without waiting:
    // waiting commands fail with Closed. Safe from any thread, including the
    // event handler. close() must still be called to release the socket.
    void hangUp();

    [[nodiscard]] bool isOpen() const;

private:
    struct Pending {
        bool done = false;
        core::Result<ControlReply> reply = ControlReply{};
    };

    void readLoop();
    void finish(const std::string& reason);
    core::Status writeAll(std::string_view bytes) const;

    int m_fd;
    EventHandler m_onEvent;
    ClosedHandler m_onClosed;

    mutable std::mutex m_mutex; // guards everything below, and socket writes
    std::condition_variable m_replied;
    std::deque<std::shared_ptr<Pending>> m_pending;
    bool m_open = true;
    std::string m_closeReason;

    std::thread m_reader; // last: started after every other member exists
};

} // namespace chive::transport
