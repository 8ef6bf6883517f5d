#include "transport/LocalEndpoint.h"

#include "transport/SocketWait.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <iterator>

namespace chive::transport {

using core::ErrorCode;
using core::fail;

core::Result<LocalEndpoint> LocalEndpoint::unixSocket(std::string path) {
    if (path.empty() || path.front() != '/') {
        return fail(ErrorCode::InvalidArgument, "a unix socket path must be absolute: " + path);
    }
    if (path.size() >= sizeof(sockaddr_un::sun_path)) {
        return fail(ErrorCode::InvalidArgument,
                    "a unix socket path has at most " +
                        std::to_string(sizeof(sockaddr_un::sun_path) - 1) + " bytes: " + path);
    }
    return LocalEndpoint(std::move(path), false, 0);
}

core::Result<LocalEndpoint> LocalEndpoint::loopback(std::string_view host, std::uint16_t port) {
    if (port == 0) {
        return fail(ErrorCode::InvalidArgument, "port 0 is not a port to connect to");
    }
    if (host == "127.0.0.1" || host == "localhost") {
        return LocalEndpoint({}, false, port);
    }
    if (host == "::1") {
        return LocalEndpoint({}, true, port);
    }
    return fail(ErrorCode::InvalidArgument,
                "Tor is reached only on this computer (127.0.0.1 or ::1), not at " +
                    std::string(host));
}

core::Result<LocalEndpoint> LocalEndpoint::parse(std::string_view text) {
    if (text.starts_with("unix:")) {
        text.remove_prefix(5);
        if (text.size() >= 2 && text.front() == '"' && text.back() == '"') {
            text = text.substr(1, text.size() - 2);
        }
        return unixSocket(std::string(text));
    }
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos) {
        return fail(ErrorCode::Malformed, "not an address and port: " + std::string(text));
    }
    std::string_view host = text.substr(0, colon);
    const std::string_view portText = text.substr(colon + 1);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
    }
    std::uint16_t port = 0;
    const auto [end, error] =
        std::from_chars(portText.data(), portText.data() + portText.size(), port);
    if (error != std::errc{} || end != portText.data() + portText.size()) {
        return fail(ErrorCode::Malformed, "not a port: " + std::string(text));
    }
    return loopback(host, port);
}

std::string LocalEndpoint::describe() const {
    if (isUnix()) {
        return m_path;
    }
    return (m_ipv6 ? "[::1]:" : "127.0.0.1:") + std::to_string(m_port);
}

core::Result<UniqueFd> LocalEndpoint::connect(std::chrono::milliseconds timeout) const {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    sockaddr_storage storage{};
    socklen_t length = 0;
    int family = AF_UNIX;
    if (isUnix()) {
        auto& address = reinterpret_cast<sockaddr_un&>(storage);
        address.sun_family = AF_UNIX;
        std::copy(m_path.begin(), m_path.end(), std::begin(address.sun_path));
        length = sizeof(sockaddr_un);
    } else if (m_ipv6) {
        auto& address = reinterpret_cast<sockaddr_in6&>(storage);
        family = AF_INET6;
        address.sin6_family = AF_INET6;
        address.sin6_addr = in6addr_loopback;
        address.sin6_port = htons(m_port);
        length = sizeof(sockaddr_in6);
    } else {
        auto& address = reinterpret_cast<sockaddr_in&>(storage);
        family = AF_INET;
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        address.sin_port = htons(m_port);
        length = sizeof(sockaddr_in);
    }
    UniqueFd fd(::socket(family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
    if (!fd) {
        return fail(ErrorCode::Io, systemError("cannot create a socket", errno));
    }
    if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&storage), length) != 0) {
        int error = errno;
        if (error == EINPROGRESS) {
            auto ready = waitReady(fd.get(), POLLOUT, deadline, "poll on " + describe());
            if (!ready) {
                return fail(ready.error());
            }
            if (!*ready) {
                return fail(ErrorCode::Timeout, "no answer from " + describe());
            }
            socklen_t size = sizeof(error);
            if (::getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &error, &size) != 0) {
                error = errno;
            }
        }
        if (error == ENOENT || error == ECONNREFUSED || error == EAGAIN) {
            return fail(ErrorCode::Closed, "nothing accepts connections at " + describe());
        }
        if (error != 0) {
            return fail(ErrorCode::Io, systemError("cannot connect to " + describe(), error));
        }
    }
    const int flags = ::fcntl(fd.get(), F_GETFL);
    if (flags < 0 || ::fcntl(fd.get(), F_SETFL, flags & ~O_NONBLOCK) != 0) {
        return fail(ErrorCode::Io, systemError("cannot make the socket blocking", errno));
    }
    return fd;
}

} // namespace chive::transport
