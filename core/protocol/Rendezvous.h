#pragma once

// Rendezvous: what the two holders of a pair of contact links derive to find
// each other over Tor (doc/protocol.md, "Rendezvous"). From my invitation's
// secret key and the two handshake public keys, both sides compute the same
//
//   - rendezvous secret (32 bytes), for the contact exchange that follows;
//   - roles: the side with the smaller public key (bytewise) publishes the
//     rendezvous onion service, the other connects to it;
//   - the 32-byte ed25519 seed of that service (core::Transport::publish);
//   - an x25519 client-authorization key pair: the publisher authorizes the
//     public key, the connector registers the private key, so only holders
//     of the two links can even fetch the service's descriptor.
//
// shared = X25519(mine, theirs); an all-zero result (a small-order public
// key) is refused. Everything else is keyed BLAKE2b-256 with fixed labels.
//
// Owns its secrets in SecureBuffers (guarded, wiped on destruction).
// Move-only; not thread-safe, one owner at a time.

#include "core/Result.h"
#include "core/SecureBuffer.h"
#include "core/crypto/PublicKeys.h"

#include <cstddef>
#include <cstdint>
#include <span>

namespace chive::core {

enum class RendezvousRole {
    Publisher, // publishes the rendezvous service and waits for the stream
    Connector, // connects to it
};

class Rendezvous {
public:
    static constexpr std::size_t kKeyLength = 32;

    // InvalidArgument if the secret key has not 32 bytes, does not belong to
    // `ownPublicKey`, or both public keys are the same (our own link);
    // Crypto if the shared secret is all zeros.
    static Result<Rendezvous> derive(std::span<const std::uint8_t> ownSecretKey,
                                     const X25519PublicKey& ownPublicKey,
                                     const X25519PublicKey& peerPublicKey);

    [[nodiscard]] RendezvousRole role() const noexcept { return m_role; }
    [[nodiscard]] std::span<const std::uint8_t> secret() const noexcept { return m_secret.span(); }
    [[nodiscard]] std::span<const std::uint8_t> serviceSeed() const noexcept {
        return m_serviceSeed.span();
    }
    [[nodiscard]] std::span<const std::uint8_t> clientAuthPrivateKey() const noexcept {
        return m_clientAuthPrivate.span();
    }
    [[nodiscard]] const X25519PublicKey& clientAuthPublicKey() const noexcept {
        return m_clientAuthPublic;
    }

private:
    Rendezvous(RendezvousRole role, SecureBuffer secret, SecureBuffer serviceSeed,
               SecureBuffer clientAuthPrivate, const X25519PublicKey& clientAuthPublic);

    RendezvousRole m_role;
    SecureBuffer m_secret;
    SecureBuffer m_serviceSeed;
    SecureBuffer m_clientAuthPrivate;
    X25519PublicKey m_clientAuthPublic;
};

} // namespace chive::core
