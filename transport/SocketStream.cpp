#include "transport/SocketStream.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <memory>
#include <string>
#include <system_error>

namespace chive::transport {
namespace {

using Clock = std::chrono::steady_clock;

std::string systemError(const char* what, int error) {
    return std::string(what) + ": " + std::error_code(error, std::generic_category()).message();
}

core::Error closedError() {
    return core::Error{core::ErrorCode::Closed, "the stream was closed"};
}

// Waits until the socket is ready for `events`. Returns false on timeout.
core::Result<bool> waitReady(int fd, short events, Clock::time_point deadline) {
    while (true) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0) {
            return false;
        }
        pollfd pfd{fd, events, 0};
        // Round up so a sub-millisecond remainder does not spin; cap so the
        // int cannot overflow (the loop waits again).
        const auto wait = std::min<std::chrono::milliseconds::rep>(left.count() + 1, 60'000);
        const int result = ::poll(&pfd, 1, static_cast<int>(wait));
        if (result > 0) {
            return true;
        }
        if (result < 0 && errno != EINTR) {
            return core::fail(core::ErrorCode::Io, systemError("waiting on the stream", errno));
        }
    }
}

} // namespace

core::Result<std::unique_ptr<SocketStream>> SocketStream::adopt(UniqueFd socket) {
    const int flags = ::fcntl(socket.get(), F_GETFL);
    if (flags < 0 || ::fcntl(socket.get(), F_SETFL, flags | O_NONBLOCK) < 0) {
        return core::fail(core::ErrorCode::Io,
                          systemError("making the stream non-blocking", errno));
    }
    return std::unique_ptr<SocketStream>(new SocketStream(std::move(socket)));
}

SocketStream::SocketStream(UniqueFd socket)
    : m_socket(std::move(socket)) {}

SocketStream::~SocketStream() = default;

core::Result<std::size_t> SocketStream::read(std::span<std::uint8_t> buffer,
                                             std::chrono::milliseconds timeout) {
    if (buffer.empty()) {
        return core::fail(core::ErrorCode::InvalidArgument, "read into an empty buffer");
    }
    const auto deadline = Clock::now() + timeout;
    while (true) {
        if (m_closed.load()) {
            return core::fail(closedError());
        }
        const ssize_t got = ::recv(m_socket.get(), buffer.data(), buffer.size(), 0);
        const int error = errno;
        if (got >= 0) {
            // After close(), shutdown makes recv return 0: that is our close,
            // not the peer's.
            if (got == 0 && m_closed.load()) {
                return core::fail(closedError());
            }
            return static_cast<std::size_t>(got);
        }
        if (error == EINTR) {
            continue;
        }
        if (error == ECONNRESET) {
            return core::fail(core::ErrorCode::Network, "the peer reset the stream");
        }
        if (error != EAGAIN) {
            return core::fail(core::ErrorCode::Io, systemError("reading from the stream", error));
        }
        auto ready = waitReady(m_socket.get(), POLLIN, deadline);
        if (!ready) {
            return core::fail(ready.error());
        }
        if (!*ready) {
            return core::fail(core::ErrorCode::Timeout, "nothing arrived on the stream in time");
        }
    }
}

core::Status SocketStream::write(std::span<const std::uint8_t> bytes,
                                 std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    while (!bytes.empty()) {
        if (m_closed.load()) {
            return core::fail(closedError());
        }
        const ssize_t sent = ::send(m_socket.get(), bytes.data(), bytes.size(), MSG_NOSIGNAL);
        const int error = errno;
        if (sent > 0) {
            bytes = bytes.subspan(static_cast<std::size_t>(sent));
            continue;
        }
        if (sent < 0 && error == EINTR) {
            continue;
        }
        if (sent < 0 && (error == EPIPE || error == ECONNRESET)) {
            if (m_closed.load()) {
                return core::fail(closedError());
            }
            return core::fail(core::ErrorCode::Network, "the peer closed the stream");
        }
        if (sent < 0 && error != EAGAIN) {
            return core::fail(core::ErrorCode::Io, systemError("writing to the stream", error));
        }
        auto ready = waitReady(m_socket.get(), POLLOUT, deadline);
        if (!ready) {
            return core::fail(ready.error());
        }
        if (!*ready) {
            return core::fail(core::ErrorCode::Timeout, "the peer did not take the data in time");
        }
    }
    return {};
}

void SocketStream::close() {
    if (!m_closed.exchange(true)) {
        // Wakes any thread waiting in poll(); the descriptor itself stays
        // open until destruction.
        ::shutdown(m_socket.get(), SHUT_RDWR);
    }
}

} // namespace chive::transport
