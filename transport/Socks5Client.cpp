#include "transport/Socks5Client.h"

#include "transport/SocketWait.h"
#include "transport/Socks5ReplyCode.h"
#include "transport/Socks5ReplyParser.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <iterator>
#include <system_error>
#include <thread>

namespace chive::transport {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::array<std::uint8_t, 3> kGreeting = {Socks5ReplyParser::kVersion, 1,
                                                   Socks5ReplyParser::kMethodNoAuth};
constexpr std::uint8_t kCommandConnect = 0x01;
constexpr std::uint8_t kAddressTypeDomain = 0x03;
constexpr std::size_t kMaxHostLength = 255;

core::Error timedOut(std::chrono::milliseconds timeout) {
    return core::Error{core::ErrorCode::Timeout,
                       "Tor's SOCKS port did not complete the connection within " +
                           std::to_string(timeout.count()) + " ms"};
}

core::Status sendAll(int fd, std::span<const std::uint8_t> bytes, Clock::time_point deadline,
                     std::chrono::milliseconds timeout) {
    while (!bytes.empty()) {
        const ssize_t sent = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (sent > 0) {
            bytes = bytes.subspan(static_cast<std::size_t>(sent));
            continue;
        }
        if (sent < 0 && errno == EINTR) {
            continue;
        }
        if (sent < 0 && errno == EAGAIN) {
            auto ready = waitReady(fd, POLLOUT, deadline, "poll on the SOCKS socket");
            if (!ready) {
                return core::fail(ready.error());
            }
            if (!*ready) {
                return core::fail(timedOut(timeout));
            }
            continue;
        }
        if (sent < 0 && (errno == EPIPE || errno == ECONNRESET)) {
            return core::fail(core::ErrorCode::Closed,
                              "Tor's SOCKS port closed the connection during the handshake");
        }
        return core::fail(core::ErrorCode::Io, systemError("sending to Tor's SOCKS port", errno));
    }
    return {};
}

// Reads into `buffer` until `parse` completes, never past the end of the
// reply: bytes after it belong to the stream.
template <class Parse>
auto readReply(int fd, Parse parse, std::vector<std::uint8_t>& buffer, Clock::time_point deadline,
               std::chrono::milliseconds timeout) -> decltype(parse(buffer)) {
    buffer.clear();
    while (true) {
        auto parsed = parse(buffer);
        if (!parsed || parsed->value) {
            return parsed;
        }
        const std::size_t have = buffer.size();
        buffer.resize(parsed->size);
        const ssize_t got = ::recv(fd, buffer.data() + have, parsed->size - have, 0);
        const int error = errno;
        if (got > 0) {
            buffer.resize(have + static_cast<std::size_t>(got));
            continue;
        }
        buffer.resize(have);
        if (got == 0 || error == ECONNRESET) {
            return core::fail(core::ErrorCode::Closed,
                              "Tor's SOCKS port closed the connection during the handshake");
        }
        if (error == EINTR) {
            continue;
        }
        // EWOULDBLOCK is EAGAIN on Linux.
        if (error != EAGAIN) {
            return core::fail(core::ErrorCode::Io,
                              systemError("reading from Tor's SOCKS port", error));
        }
        auto ready = waitReady(fd, POLLIN, deadline, "poll on the SOCKS socket");
        if (!ready) {
            return core::fail(ready.error());
        }
        if (!*ready) {
            return core::fail(timedOut(timeout));
        }
    }
}

} // namespace

Socks5Client::Socks5Client(std::string socksSocketPath)
    : m_socketPath(std::move(socksSocketPath)) {}

Socks5Client::Socks5Client(const LocalEndpoint& endpoint)
    : m_socketPath(endpoint.isUnix() ? endpoint.path() : std::string{}) {
    if (!endpoint.isUnix()) {
        m_tcp = endpoint;
    }
}

core::Result<std::vector<std::uint8_t>> Socks5Client::connectRequest(std::string_view host,
                                                                     std::uint16_t port) {
    if (host.empty() || host.size() > kMaxHostLength) {
        return core::fail(core::ErrorCode::InvalidArgument,
                          "a SOCKS5 host name has 1 to 255 bytes, got " +
                              std::to_string(host.size()));
    }
    std::vector<std::uint8_t> request = {Socks5ReplyParser::kVersion, kCommandConnect, 0x00,
                                         kAddressTypeDomain,
                                         static_cast<std::uint8_t>(host.size())};
    request.insert(request.end(), host.begin(), host.end());
    request.push_back(static_cast<std::uint8_t>(port >> 8));
    request.push_back(static_cast<std::uint8_t>(port & 0xFFU));
    return request;
}

core::Result<UniqueFd> Socks5Client::connect(const OnionAddress& address, std::uint16_t port,
                                             std::chrono::milliseconds timeout) const {
    return connect(address.toString(), port, timeout);
}

core::Result<UniqueFd> Socks5Client::connectUnix(std::chrono::steady_clock::time_point deadline,
                                                 std::chrono::milliseconds timeout) const {
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (m_socketPath.empty() || m_socketPath.size() >= sizeof(address.sun_path)) {
        return core::fail(core::ErrorCode::InvalidArgument,
                          "SOCKS socket path must have 1 to " +
                              std::to_string(sizeof(address.sun_path) - 1) + " bytes");
    }
    std::copy(m_socketPath.begin(), m_socketPath.end(), std::begin(address.sun_path));

    UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
    if (!fd) {
        return core::fail(core::ErrorCode::Io, systemError("creating a unix socket", errno));
    }
    // A non-blocking unix connect fails with EAGAIN while the listener's
    // backlog is full instead of waiting; retry until the deadline.
    while (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof(address)) != 0) {
        const int error = errno;
        if (error == EINTR) {
            continue;
        }
        if (error == EAGAIN) {
            if (Clock::now() >= deadline) {
                return core::fail(timedOut(timeout));
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
            continue;
        }
        if (error == ENOENT || error == ECONNREFUSED) {
            return core::fail(core::ErrorCode::Closed,
                              "nothing accepts connections on Tor's SOCKS socket " + m_socketPath +
                                  " (is Tor running?)");
        }
        return core::fail(core::ErrorCode::Io, systemError("connecting to " + m_socketPath, error));
    }

    return fd;
}

core::Result<UniqueFd> Socks5Client::connect(std::string_view host, std::uint16_t port,
                                             std::chrono::milliseconds timeout) const {
    const auto deadline = Clock::now() + timeout;
    auto request = connectRequest(host, port);
    if (!request) {
        return core::fail(request.error());
    }
    UniqueFd fd;
    if (m_tcp) {
        auto connected = m_tcp->connect(timeout);
        if (!connected) {
            if (connected.error().code == core::ErrorCode::Closed) {
                return core::fail(core::ErrorCode::Closed,
                                  "nothing accepts connections on Tor's SOCKS port " +
                                      m_tcp->describe() + " (is Tor running?)");
            }
            return core::fail(connected.error());
        }
        fd = std::move(*connected);
        const int flags = ::fcntl(fd.get(), F_GETFL);
        if (flags < 0 || ::fcntl(fd.get(), F_SETFL, flags | O_NONBLOCK) != 0) {
            return core::fail(core::ErrorCode::Io,
                              systemError("making the SOCKS socket non-blocking", errno));
        }
    } else if (auto opened = connectUnix(deadline, timeout); opened) {
        fd = std::move(*opened);
    } else {
        return core::fail(opened.error());
    }

    std::vector<std::uint8_t> buffer;
    buffer.reserve(Socks5ReplyParser::kMaxConnectReplyLength);
    if (auto sent = sendAll(fd.get(), kGreeting, deadline, timeout); !sent) {
        return core::fail(sent.error());
    }
    if (auto method = readReply(fd.get(), &Socks5ReplyParser::parseMethodSelection, buffer,
                                deadline, timeout);
        !method) {
        return core::fail(method.error());
    }
    if (auto sent = sendAll(fd.get(), *request, deadline, timeout); !sent) {
        return core::fail(sent.error());
    }
    auto reply =
        readReply(fd.get(), &Socks5ReplyParser::parseConnectReply, buffer, deadline, timeout);
    if (!reply) {
        // A server that hangs up after a failure code has still said why.
        if (reply.error().code == core::ErrorCode::Closed && buffer.size() >= 2 &&
            buffer[1] != static_cast<std::uint8_t>(Socks5ReplyCode::Succeeded)) {
            return core::fail(socks5ReplyError(buffer[1]));
        }
        return core::fail(reply.error());
    }

    const int flags = ::fcntl(fd.get(), F_GETFL);
    if (flags < 0 || ::fcntl(fd.get(), F_SETFL, flags & ~O_NONBLOCK) != 0) {
        return core::fail(core::ErrorCode::Io, systemError("making the stream blocking", errno));
    }
    return fd;
}

} // namespace chive::transport
