#include "core/crypto/X25519KeyPair.h"

#include "core/Sodium.h"

#include <sodium.h>

#include <cstdlib>

namespace chive::core {

static_assert(X25519KeyPair::kSecretKeyLength == crypto_scalarmult_curve25519_SCALARBYTES);
static_assert(kPublicKeyLength == crypto_scalarmult_curve25519_BYTES);

X25519KeyPair X25519KeyPair::generate() {
    X25519KeyPair pair;
    pair.m_secret = SecureBuffer::random(kSecretKeyLength);
    crypto_scalarmult_curve25519_base(pair.m_public.data(), pair.m_secret.data());
    return pair;
}

Result<X25519KeyPair> X25519KeyPair::fromSecretKey(std::span<const std::uint8_t> secretKey) {
    if (secretKey.size() != kSecretKeyLength) {
        return fail(ErrorCode::InvalidArgument, "an X25519 secret key must be 32 bytes");
    }
    X25519KeyPair pair;
    pair.m_secret = SecureBuffer::copyOf(secretKey);
    if (crypto_scalarmult_curve25519_base(pair.m_public.data(), pair.m_secret.data()) != 0) {
        return fail(ErrorCode::InvalidArgument, "unusable X25519 secret key");
    }
    return pair;
}

X25519KeyPair X25519KeyPair::copy() const {
    X25519KeyPair pair;
    pair.m_secret = SecureBuffer::copyOf(m_secret.span());
    pair.m_public = m_public;
    return pair;
}

Status X25519KeyPair::dh(const X25519PublicKey& peer,
                         std::span<std::uint8_t, kSharedSecretLength> out) const {
    if (m_secret.size() != kSecretKeyLength) {
        return fail(ErrorCode::InvalidArgument, "no X25519 secret key");
    }
    // libsodium returns -1 exactly when the output is all zeros.
    if (crypto_scalarmult_curve25519(out.data(), m_secret.data(), peer.data()) != 0) {
        sodium_memzero(out.data(), out.size());
        return fail(ErrorCode::Crypto, "the contact's key is not a usable X25519 key");
    }
    return {};
}

void X25519KeyPair::wipe() noexcept {
    if (!m_secret.empty()) {
        sodium_memzero(m_secret.data(), m_secret.size());
    }
}

} // namespace chive::core
