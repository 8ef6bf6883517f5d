#pragma once

// ClientAuthKey: an x25519 private key with which a client decrypts one
// onion service's descriptor (Tor v3 client authorization). Chive gives it to
// Tor with ONION_CLIENT_AUTH_ADD, without Flags=Permanent, so Tor never
// writes it to its data directory.
//
// Owns the private key in a SecureBuffer (guarded, wiped on destruction).
// Move-only; not thread-safe, one owner at a time.

#include "core/Result.h"
#include "core/SecureBuffer.h"
#include "transport/ClientAuthPublicKey.h"
#include "transport/OnionAddress.h"

#include <cstddef>
#include <cstdint>
#include <span>

namespace chive::transport {

class ClientAuthKey {
public:
    static constexpr std::size_t kPrivateKeyLength = 32;

    // A fresh key pair from libsodium (crypto_box_keypair).
    static ClientAuthKey generate();
    // A stored private key. InvalidArgument unless it has 32 bytes and is
    // not all zeros (Tor refuses those).
    static core::Result<ClientAuthKey> fromPrivateKey(std::span<const std::uint8_t> privateKey);

    [[nodiscard]] std::span<const std::uint8_t> privateKey() const noexcept {
        return m_private.span();
    }
    [[nodiscard]] const ClientAuthPublicKey& publicKey() const noexcept { return m_public; }

    // "x25519:<base64 private key>", the PrivateKeyBlob argument of
    // ONION_CLIENT_AUTH_ADD, as ASCII in secure memory (no NUL).
    [[nodiscard]] core::SecureBuffer onionClientAuthAddBlob() const;
    // "<service id>:descriptor:x25519:<base32 private key>", the content of
    // a "<anything>.auth_private" file in a ClientOnionAuthDir, for bare tor
    // clients in tests. ASCII in secure memory (no NUL, no newline).
    [[nodiscard]] core::SecureBuffer authPrivateFileLine(const OnionAddress& service) const;

private:
    ClientAuthKey(core::SecureBuffer privateKey, const X25519PublicKey& publicKey);

    core::SecureBuffer m_private;
    ClientAuthPublicKey m_public;
};

} // namespace chive::transport
