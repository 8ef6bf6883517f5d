#pragma once

// Socks5Client: opens streams through Tor's SOCKS5 port on a unix-domain
// socket (SocksPort unix:/path, with ExtendedErrors so onion-service failures
// come back as distinct codes), or on a loopback TCP port (a system Tor). It offers only "no
// authentication" and sends CONNECT with the destination as a domain name (ATYP 0x03), so Tor, not
// this process, resolves it.
//
// Holds only the endpoint: copyable, and connect() may run on several
// threads at once. connect() blocks the calling thread for at most the
// timeout it is given.

#include "core/Result.h"
#include "transport/LocalEndpoint.h"
#include "transport/OnionAddress.h"
#include "transport/UniqueFd.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chive::transport {

class Socks5Client {
public:
    explicit Socks5Client(std::string socksSocketPath);
    explicit Socks5Client(const LocalEndpoint& endpoint);

    // A connected stream to host:port, in blocking mode, positioned after
    // the SOCKS reply (any bytes the destination already sent are unread).
    // Errors: InvalidArgument (host empty or over 255 bytes, socket path too
    // long), Closed (nothing listens on the SOCKS socket, or the server hung
    // up mid-handshake), Timeout (the whole exchange took longer than
    // `timeout`), Malformed (the server's bytes are not SOCKS5), Io, or what
    // socks5ReplyError() makes of Tor's reply code.
    [[nodiscard]] core::Result<UniqueFd> connect(std::string_view host, std::uint16_t port,
                                                 std::chrono::milliseconds timeout) const;
    [[nodiscard]] core::Result<UniqueFd> connect(const OnionAddress& address, std::uint16_t port,
                                                 std::chrono::milliseconds timeout) const;

    // The CONNECT request for host:port with a domain-name address.
    static core::Result<std::vector<std::uint8_t>> connectRequest(std::string_view host,
                                                                  std::uint16_t port);

private:
    [[nodiscard]] core::Result<UniqueFd> connectUnix(std::chrono::steady_clock::time_point deadline,
                                                     std::chrono::milliseconds timeout) const;

    std::string m_socketPath;
    // Set for a TCP endpoint (m_socketPath is then empty).
    std::optional<LocalEndpoint> m_tcp;
};

} // namespace chive::transport
