#pragma once

// OnionServiceKey: the ed25519 identity key of one onion service, in the
// form Tor wants it: the 64-byte "expanded" secret key
//
//   expanded = clamp(SHA-512(seed)[0..32]) || SHA-512(seed)[32..64]
//
// (Tor's ed25519_secret_key_from_seed), which is what ADD_ONION's
// ED25519-V3 blob and the hs_ed25519_secret_key file carry. Tor never sees
// or keeps the 32-byte seed, so neither does this type: the expanded key is
// the secret that Chive stores.
//
// Owns the secret in a SecureBuffer (guarded, wiped on destruction).
// Move-only; not thread-safe, one owner at a time.

#include "core/Result.h"
#include "core/SecureBuffer.h"
#include "transport/OnionAddress.h"

#include <cstddef>
#include <cstdint>
#include <span>

namespace chive::transport {

class OnionServiceKey {
public:
    static constexpr std::size_t kSeedLength = 32;
    static constexpr std::size_t kExpandedLength = 64;

    // A fresh key from libsodium's CSPRNG.
    static OnionServiceKey generate();
    // The key a 32-byte ed25519 seed determines (the same seed gives the
    // same address; this is how a rendezvous key is derived from a shared
    // secret). InvalidArgument unless `seed` has 32 bytes.
    static core::Result<OnionServiceKey> fromSeed(std::span<const std::uint8_t> seed);
    // Takes a stored or Tor-written expanded key. Malformed unless it has 64
    // bytes and its first half is a clamped scalar, as every ed25519 secret
    // key is.
    static core::Result<OnionServiceKey> fromExpanded(std::span<const std::uint8_t> expanded);

    [[nodiscard]] std::span<const std::uint8_t> expandedSecretKey() const noexcept {
        return m_expanded.span();
    }
    [[nodiscard]] const Ed25519PublicKey& publicKey() const noexcept { return m_publicKey; }
    [[nodiscard]] OnionAddress address() const { return OnionAddress::fromPublicKey(m_publicKey); }

    // "ED25519-V3:<base64 of the expanded key>", the KeyType:KeyBlob argument
    // of ADD_ONION, as ASCII in secure memory (no terminating NUL).
    [[nodiscard]] core::SecureBuffer addOnionKeyBlob() const;

private:
    OnionServiceKey(core::SecureBuffer expanded, const Ed25519PublicKey& publicKey);

    core::SecureBuffer m_expanded;
    Ed25519PublicKey m_publicKey;
};

} // namespace chive::transport
