#include "core/protocol/ContactKeys.h"

#include "core/Sodium.h"
#include "core/crypto/Ed25519Seed.h"

#include <sodium.h>

#include <algorithm>
#include <string>
#include <utility>

namespace chive::core {

namespace {

static_assert(ContactKeys::kKeyLength == crypto_sign_SEEDBYTES);

bool allZero(std::span<const std::uint8_t> bytes) {
    return sodium_is_zero(bytes.data(), bytes.size()) == 1;
}

} // namespace

ContactKeys::ContactKeys(X25519KeyPair staticKey, SecureBuffer serviceSeed,
                         X25519KeyPair clientAuth)
    : m_static(std::move(staticKey))
    , m_serviceSeed(std::move(serviceSeed))
    , m_servicePublic(ed25519PublicKeyFromSeed(m_serviceSeed.span()).value())
    , m_clientAuth(std::move(clientAuth)) {}

ContactKeys ContactKeys::generate() {
    ensureSodium();
    return ContactKeys(X25519KeyPair::generate(), SecureBuffer::random(kKeyLength),
                       X25519KeyPair::generate());
}

Result<ContactKeys> ContactKeys::parse(std::span<const std::uint8_t> serialized) {
    ensureSodium();
    if (serialized.empty()) {
        return fail(ErrorCode::Corrupt, "the contact's stored keys are empty");
    }
    if (serialized[0] == 0) {
        return fail(ErrorCode::Corrupt, "the contact's stored keys have version 0");
    }
    if (serialized[0] > kVersion) {
        return fail(ErrorCode::UnsupportedVersion,
                    "the contact's keys were stored by a newer version of Chive (format " +
                        std::to_string(serialized[0]) + ")");
    }
    if (serialized.size() != kSerializedLength) {
        return fail(ErrorCode::Corrupt, "the contact's stored keys have " +
                                            std::to_string(serialized.size()) + " bytes, not " +
                                            std::to_string(kSerializedLength));
    }
    const auto staticSecret = serialized.subspan(1, kKeyLength);
    const auto seed = serialized.subspan(1 + kKeyLength, kKeyLength);
    const auto clientAuthSecret = serialized.subspan(1 + 2 * kKeyLength, kKeyLength);
    if (allZero(staticSecret) || allZero(seed) || allZero(clientAuthSecret)) {
        return fail(ErrorCode::Corrupt, "the contact's stored keys hold an all-zero key");
    }
    auto staticKey = X25519KeyPair::fromSecretKey(staticSecret);
    auto clientAuth = X25519KeyPair::fromSecretKey(clientAuthSecret);
    if (!staticKey || !clientAuth) {
        return fail(ErrorCode::Corrupt, "the contact's stored keys are unusable");
    }
    return ContactKeys(std::move(*staticKey), SecureBuffer::copyOf(seed), std::move(*clientAuth));
}

SecureBuffer ContactKeys::serialize() const {
    SecureBuffer out(kSerializedLength);
    auto bytes = out.span();
    bytes[0] = kVersion;
    std::ranges::copy(m_static.secretKey(), bytes.subspan(1, kKeyLength).begin());
    std::ranges::copy(m_serviceSeed.span(), bytes.subspan(1 + kKeyLength, kKeyLength).begin());
    std::ranges::copy(m_clientAuth.secretKey(),
                      bytes.subspan(1 + 2 * kKeyLength, kKeyLength).begin());
    return out;
}

ContactBundle ContactKeys::bundle() const {
    ContactBundle bundle;
    bundle.staticKey = m_static.publicKey();
    bundle.serviceKey = m_servicePublic;
    bundle.clientAuthKey = m_clientAuth.publicKey();
    return bundle;
}

} // namespace chive::core
