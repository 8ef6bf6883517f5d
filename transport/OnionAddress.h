#pragma once

// OnionAddress: a Tor v3 onion service address, which is its ed25519 public
// key plus a checksum and a version byte in base32 (rend-spec-v3 §6):
//
//   address  = base32(pubkey || checksum || version) ".onion"
//   checksum = SHA3-256(".onion checksum" || pubkey || version)[:2]
//   version  = 0x03
//
// Holding the key, not the text, makes every OnionAddress valid by
// construction. Immutable value type; safe to share between threads.

#include "core/Result.h"
#include "core/crypto/PublicKeys.h"

#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace chive::transport {

using core::Ed25519PublicKey;

class OnionAddress {
public:
    // Characters in the base32 part, the "service id" Tor's control
    // protocol uses (ADD_ONION's ServiceID=, HS_DESC events).
    static constexpr std::size_t kServiceIdLength = 56;
    static constexpr std::string_view kSuffix = ".onion";
    static constexpr std::uint8_t kVersion = 3;

    static OnionAddress fromPublicKey(const Ed25519PublicKey& publicKey);

    // Accepts "<56 base32 chars>.onion" or the bare 56-character service id,
    // in either letter case. Errors (Malformed) say which part is wrong: the
    // length, the base32, the version, the checksum, or a public key that is
    // not a valid ed25519 point (Tor refuses those too).
    static core::Result<OnionAddress> parse(std::string_view text);

    [[nodiscard]] const Ed25519PublicKey& publicKey() const noexcept { return m_publicKey; }
    // The 56 lowercase base32 characters, without ".onion".
    [[nodiscard]] std::string serviceId() const;
    // "<serviceId>.onion".
    [[nodiscard]] std::string toString() const;

    auto operator<=>(const OnionAddress&) const = default;

private:
    explicit OnionAddress(const Ed25519PublicKey& publicKey)
        : m_publicKey(publicKey) {}

    Ed25519PublicKey m_publicKey;
};

} // namespace chive::transport
