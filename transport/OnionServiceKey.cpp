#include "transport/OnionServiceKey.h"

#include "core/Sodium.h"

#include <sodium.h>

#include <cstdlib>
#include <cstring>
#include <string_view>
#include <utility>

namespace chive::transport {
namespace {

constexpr std::string_view kBlobPrefix = "ED25519-V3:";

bool isClamped(std::span<const std::uint8_t> scalar) noexcept {
    return (scalar[0] & 0x07U) == 0 && (scalar[31] & 0x80U) == 0 && (scalar[31] & 0x40U) != 0;
}

} // namespace

OnionServiceKey::OnionServiceKey(core::SecureBuffer expanded, const Ed25519PublicKey& publicKey)
    : m_expanded(std::move(expanded))
    , m_publicKey(publicKey) {}

OnionServiceKey OnionServiceKey::generate() {
    core::SecureBuffer seed = core::SecureBuffer::random(kSeedLength);
    auto key = fromSeed(seed.span());
    if (!key) {
        std::abort(); // a 32-byte seed always makes a key
    }
    return std::move(*key);
}

core::Result<OnionServiceKey> OnionServiceKey::fromSeed(std::span<const std::uint8_t> seed) {
    if (seed.size() != kSeedLength) {
        return core::fail(core::ErrorCode::InvalidArgument,
                          "an ed25519 seed has 32 bytes, got " + std::to_string(seed.size()));
    }
    core::ensureSodium();
    core::SecureBuffer expanded(kExpandedLength);
    crypto_hash_sha512(expanded.data(), seed.data(), seed.size());
    expanded.data()[0] &= 248;
    expanded.data()[31] &= 127;
    expanded.data()[31] |= 64;

    // The public key from libsodium's own seed path, so the expansion above
    // cannot drift from the standard without fromSeed noticing.
    Ed25519PublicKey publicKey{};
    core::SecureBuffer libsodiumSecret(crypto_sign_SECRETKEYBYTES);
    crypto_sign_seed_keypair(publicKey.data(), libsodiumSecret.data(), seed.data());
    Ed25519PublicKey fromScalar{};
    if (crypto_scalarmult_ed25519_base_noclamp(fromScalar.data(), expanded.data()) != 0 ||
        fromScalar != publicKey) {
        std::abort();
    }
    return OnionServiceKey(std::move(expanded), publicKey);
}

core::Result<OnionServiceKey>
OnionServiceKey::fromExpanded(std::span<const std::uint8_t> expanded) {
    if (expanded.size() != kExpandedLength) {
        return core::fail(core::ErrorCode::Malformed,
                          "an expanded ed25519 secret key has 64 bytes, got " +
                              std::to_string(expanded.size()));
    }
    if (!isClamped(expanded.first(32))) {
        return core::fail(core::ErrorCode::Malformed,
                          "expanded ed25519 secret key is not clamped (not an ed25519 key)");
    }
    core::ensureSodium();
    Ed25519PublicKey publicKey{};
    if (crypto_scalarmult_ed25519_base_noclamp(publicKey.data(), expanded.data()) != 0) {
        return core::fail(core::ErrorCode::Malformed,
                          "expanded ed25519 secret key gives no public key");
    }
    return OnionServiceKey(core::SecureBuffer::copyOf(expanded), publicKey);
}

core::SecureBuffer OnionServiceKey::addOnionKeyBlob() const {
    const std::size_t base64Size =
        sodium_base64_ENCODED_LEN(kExpandedLength, sodium_base64_VARIANT_ORIGINAL);
    // base64Size counts the NUL that sodium_bin2base64 writes; the blob has none.
    core::SecureBuffer text(kBlobPrefix.size() + base64Size);
    std::memcpy(text.data(), kBlobPrefix.data(), kBlobPrefix.size());
    sodium_bin2base64(reinterpret_cast<char*>(text.data() + kBlobPrefix.size()), base64Size,
                      m_expanded.data(), m_expanded.size(), sodium_base64_VARIANT_ORIGINAL);
    core::SecureBuffer blob = core::SecureBuffer::copyOf(text.span().first(text.size() - 1));
    return blob;
}

} // namespace chive::transport
