#include "transport/SocketStream.h"

#include "transport/SocketWait.h"

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

core::Error closedError() {
    return core::Error{core::ErrorCode::Closed, "the stream was closed"};
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
        auto ready = waitReady(m_socket.get(), POLLIN, deadline, "waiting on the stream");
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
        auto ready = waitReady(m_socket.get(), POLLOUT, deadline, "waiting on the stream");
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
