#include "core/link/Invitation.h"

#include "core/Sodium.h"

#include <sodium.h>

#include <cstdlib>
#include <utility>

namespace chive::core {

Invitation::Invitation(SecureBuffer secret, const X25519PublicKey& publicKey)
    : m_secret(std::move(secret))
    , m_public(publicKey) {}

Invitation Invitation::create() {
    ensureSodium();
    for (;;) {
        auto secret = SecureBuffer::random(kSecretKeyLength);
        auto invitation = fromSecretKey(secret.span());
        if (invitation) {
            return std::move(*invitation);
        }
        // Only an all-zero draw fails (probability 2^-256); draw again.
    }
}

Result<Invitation> Invitation::fromSecretKey(std::span<const std::uint8_t> secretKey) {
    ensureSodium();
    if (secretKey.size() != kSecretKeyLength) {
        return fail(ErrorCode::InvalidArgument, "an invitation's secret key must have 32 bytes");
    }
    if (sodium_is_zero(secretKey.data(), secretKey.size()) != 0) {
        return fail(ErrorCode::InvalidArgument, "an invitation's secret key must not be all zeros");
    }
    X25519PublicKey publicKey{};
    if (crypto_scalarmult_base(publicKey.data(), secretKey.data()) != 0) {
        return fail(ErrorCode::Crypto, "the invitation's secret key gives no public key");
    }
    return Invitation(SecureBuffer::copyOf(secretKey), publicKey);
}

Status Invitation::checkNotExpired(Timestamp expiresAt, Timestamp now) {
    if (now >= expiresAt) {
        return fail(ErrorCode::Timeout,
                    "this invitation has expired (invitations are valid for 7 days): make a new "
                    "link and send it again");
    }
    return {};
}

} // namespace chive::core
