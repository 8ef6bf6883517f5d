#pragma once

// SafeCookie: the arithmetic of Tor's SAFECOOKIE control-port
// authentication (control-spec, AUTHCHALLENGE). Both sides prove they know
// the 32-byte cookie file without sending it: each hash is HMAC-SHA256 over
// cookie | client nonce | server nonce, keyed with a fixed string that says
// which direction it goes, so neither hash can be replayed as the other.
// Checking the server's hash first means a process that only pretends to be
// Tor (it cannot read the cookie) learns nothing it could use.
//
// Stateless; the cookie stays in the caller's secure memory.

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace chive::transport {

class SafeCookie {
public:
    static constexpr std::size_t kCookieLength = 32;
    static constexpr std::size_t kNonceLength = 32;
    using Hash = std::array<std::uint8_t, 32>;

    static Hash serverHash(std::span<const std::uint8_t> cookie,
                           std::span<const std::uint8_t> clientNonce,
                           std::span<const std::uint8_t> serverNonce);
    static Hash clientHash(std::span<const std::uint8_t> cookie,
                           std::span<const std::uint8_t> clientNonce,
                           std::span<const std::uint8_t> serverNonce);
    // Constant-time comparison of the server's hash with the expected one.
    static bool verifyServerHash(std::span<const std::uint8_t> cookie,
                                 std::span<const std::uint8_t> clientNonce,
                                 std::span<const std::uint8_t> serverNonce,
                                 std::span<const std::uint8_t> claimed);
};

} // namespace chive::transport
