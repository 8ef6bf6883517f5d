#pragma once

// LocalEndpoint: where a Tor that is not ours listens on this machine: a
// unix socket, or a TCP port on the loopback address (127.0.0.1 or ::1).
// Nothing else can be expressed: Chive never talks to a control or SOCKS
// port over a network, where anyone on the path could read or hijack it.
//
// A plain value: copyable, and connect() may run on several threads at once.

#include "core/Result.h"
#include "transport/UniqueFd.h"

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace chive::transport {

class LocalEndpoint {
public:
    // InvalidArgument for a relative path, or one too long for sun_path.
    static core::Result<LocalEndpoint> unixSocket(std::string path);
    // `host` is "127.0.0.1", "::1" or "localhost"; anything else is
    // InvalidArgument, as is port 0.
    static core::Result<LocalEndpoint> loopback(std::string_view host, std::uint16_t port);
    // Tor's own notation (GETINFO net/listeners/*): "unix:/path",
    // "127.0.0.1:9050" or "[::1]:9050". Errors as above, or Malformed.
    static core::Result<LocalEndpoint> parse(std::string_view text);

    [[nodiscard]] bool isUnix() const noexcept { return m_port == 0; }
    // The socket path; empty for TCP.
    [[nodiscard]] const std::string& path() const noexcept { return m_path; }
    // For messages: the path, or "127.0.0.1:9051" / "[::1]:9051".
    [[nodiscard]] std::string describe() const;

    // A connected socket in blocking mode. Closed if nothing listens there,
    // Timeout, or Io.
    [[nodiscard]] core::Result<UniqueFd> connect(std::chrono::milliseconds timeout) const;

    friend bool operator==(const LocalEndpoint&, const LocalEndpoint&) = default;

private:
    LocalEndpoint(std::string path, bool ipv6, std::uint16_t port)
        : m_path(std::move(path))
        , m_ipv6(ipv6)
        , m_port(port) {}

    std::string m_path;
    bool m_ipv6 = false;
    std::uint16_t m_port = 0;
};

} // namespace chive::transport
