#pragma once

// X25519KeyPair: a Curve25519 key pair for Noise's DH functions ("25519",
// revision 34 section 12.1) on libsodium's crypto_scalarmult: the static
// key of a contact relationship, or a handshake's ephemeral key.
//
// Ownership: the secret key lives in a SecureBuffer (guarded, wiped when the
// pair is destroyed or wipe() is called); the public key is a plain value.
// Move-only; copy() makes an explicit second secure copy.
// Threads: none of its own; const methods may be called concurrently.

#include "core/Result.h"
#include "core/SecureBuffer.h"
#include "core/crypto/PublicKeys.h"

#include <cstddef>
#include <cstdint>
#include <span>

namespace chive::core {

class X25519KeyPair {
public:
    static constexpr std::size_t kSecretKeyLength = 32;
    static constexpr std::size_t kSharedSecretLength = 32;

    // A fresh pair from libsodium's CSPRNG.
    static X25519KeyPair generate();
    // The pair of a given secret key (32 bytes; libsodium clamps it when
    // used). The caller keeps and wipes its own copy. InvalidArgument if the
    // length is wrong.
    static Result<X25519KeyPair> fromSecretKey(std::span<const std::uint8_t> secretKey);

    [[nodiscard]] X25519KeyPair copy() const;

    [[nodiscard]] const X25519PublicKey& publicKey() const noexcept { return m_public; }
    [[nodiscard]] std::span<const std::uint8_t> secretKey() const noexcept {
        return m_secret.span();
    }
    [[nodiscard]] bool empty() const noexcept { return m_secret.empty(); }

    // DH(this secret, peer) into `out`. Crypto if the result is all zeros
    // (the peer's key is a low-order point: Noise allows either rejecting it
    // or not; Chive rejects it, so no peer can force a known shared secret).
    [[nodiscard]] Status dh(const X25519PublicKey& peer,
                            std::span<std::uint8_t, kSharedSecretLength> out) const;

    // Zeroes the secret key in place.
    void wipe() noexcept;

private:
    X25519KeyPair() = default;

    SecureBuffer m_secret;
    X25519PublicKey m_public{};
};

} // namespace chive::core
