#pragma once

// Invitation: our side of one contact invitation: a fresh X25519 handshake
// key pair made for this one contact, and the link that carries its public
// half. The secret key is what storage keeps (InvitationRepository::secret)
// and what Rendezvous::derive consumes.
//
// Lifetime: an invitation is valid for kLifetime (7 days) from its creation;
// the engine refuses to complete an expired one (checkNotExpired) and
// removes it (InvitationRepository::removeExpired). A new link can be made at
// any time; each is used for exactly one contact.
//
// Owns the secret key in a SecureBuffer (guarded, wiped on destruction).
// Move-only; not thread-safe, one owner at a time.

#include "core/Result.h"
#include "core/SecureBuffer.h"
#include "core/crypto/PublicKeys.h"
#include "core/link/ContactLink.h"
#include "core/store/Timestamp.h"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <span>

namespace chive::core {

class Invitation {
public:
    static constexpr std::size_t kSecretKeyLength = 32;
    static constexpr std::chrono::hours kLifetime{24 * 7};

    // A fresh key pair from libsodium's CSPRNG.
    static Invitation create();
    // An invitation restored from its stored secret key. InvalidArgument
    // unless it has 32 bytes and is not all zeros.
    static Result<Invitation> fromSecretKey(std::span<const std::uint8_t> secretKey);

    [[nodiscard]] std::span<const std::uint8_t> secretKey() const noexcept {
        return m_secret.span();
    }
    [[nodiscard]] const X25519PublicKey& publicKey() const noexcept { return m_public; }
    [[nodiscard]] ContactLink link() const { return ContactLink(m_public); }

    static Timestamp expiresAt(Timestamp createdAt) noexcept { return createdAt + kLifetime; }
    // Timeout ("this invitation expired …") once `now` has reached
    // `expiresAt`.
    static Status checkNotExpired(Timestamp expiresAt, Timestamp now);

private:
    Invitation(SecureBuffer secret, const X25519PublicKey& publicKey);

    SecureBuffer m_secret;
    X25519PublicKey m_public;
};

} // namespace chive::core
