#pragma once

// ClientAuthPublicKey: the x25519 public key of one client that an onion
// service authorizes (Tor v3 client authorization, rend-spec-v3 §2.5.1.2).
// The service publishes a descriptor that only holders of the matching
// private key can decrypt. Immutable value type; safe to share.

#include "core/Result.h"
#include "core/crypto/PublicKeys.h"

#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace chive::transport {

using core::X25519PublicKey;

class ClientAuthPublicKey {
public:
    static constexpr std::size_t kBase32Length = 52;

    explicit ClientAuthPublicKey(const X25519PublicKey& key)
        : m_key(key) {}

    // The 52-character base32 form. Malformed on a wrong length or bad
    // base32; InvalidArgument for the all-zero key, which Tor refuses.
    static core::Result<ClientAuthPublicKey> parseBase32(std::string_view text);

    [[nodiscard]] const X25519PublicKey& bytes() const noexcept { return m_key; }
    // Lowercase unpadded base32: the value of ADD_ONION's ClientAuthV3=.
    [[nodiscard]] std::string toBase32() const;
    // "descriptor:x25519:<base32>", one file in a HiddenServiceDir's
    // authorized_clients/ directory (named "<anything>.auth").
    [[nodiscard]] std::string authorizedClientsLine() const;

    auto operator<=>(const ClientAuthPublicKey&) const = default;

private:
    X25519PublicKey m_key;
};

} // namespace chive::transport
