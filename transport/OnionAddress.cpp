#include "transport/OnionAddress.h"

#include "core/Sodium.h"
#include "transport/Base32.h"

#include <openssl/evp.h>
#include <sodium.h>

#include <algorithm>
#include <cstdlib>
#include <memory>

namespace chive::transport {
namespace {

constexpr std::size_t kChecksumLength = 2;
constexpr std::size_t kDecodedLength = 32 + kChecksumLength + 1;
constexpr std::string_view kChecksumPrefix = ".onion checksum";

using Checksum = std::array<std::uint8_t, kChecksumLength>;

Checksum checksumOf(const Ed25519PublicKey& publicKey) {
    std::array<std::uint8_t, 32> digest{};
    struct ContextDeleter {
        void operator()(EVP_MD_CTX* context) const noexcept { EVP_MD_CTX_free(context); }
    };
    const std::unique_ptr<EVP_MD_CTX, ContextDeleter> context(EVP_MD_CTX_new());
    unsigned int digestLength = 0;
    const std::uint8_t version = OnionAddress::kVersion;
    // Only allocation failure can make these fail; there is no address
    // without the checksum, so that is fatal.
    const bool ok =
        context != nullptr && EVP_DigestInit_ex(context.get(), EVP_sha3_256(), nullptr) == 1 &&
        EVP_DigestUpdate(context.get(), kChecksumPrefix.data(), kChecksumPrefix.size()) == 1 &&
        EVP_DigestUpdate(context.get(), publicKey.data(), publicKey.size()) == 1 &&
        EVP_DigestUpdate(context.get(), &version, 1) == 1 &&
        EVP_DigestFinal_ex(context.get(), digest.data(), &digestLength) == 1 &&
        digestLength == digest.size();
    if (!ok) {
        std::abort();
    }
    return {digest[0], digest[1]};
}

} // namespace

OnionAddress OnionAddress::fromPublicKey(const Ed25519PublicKey& publicKey) {
    return OnionAddress(publicKey);
}

core::Result<OnionAddress> OnionAddress::parse(std::string_view text) {
    std::string_view serviceId = text;
    if (serviceId.size() >= kSuffix.size()) {
        const std::string_view tail = serviceId.substr(serviceId.size() - kSuffix.size());
        const bool isSuffix = std::equal(
            tail.begin(), tail.end(), kSuffix.begin(), kSuffix.end(),
            [](char a, char b) { return (a >= 'A' && a <= 'Z' ? a - 'A' + 'a' : a) == b; });
        if (isSuffix) {
            serviceId.remove_suffix(kSuffix.size());
        }
    }
    if (serviceId.size() != kServiceIdLength) {
        return core::fail(core::ErrorCode::Malformed,
                          "onion address has " + std::to_string(serviceId.size()) +
                              " characters before .onion, a v3 address has 56");
    }
    std::array<std::uint8_t, kDecodedLength> decoded{};
    if (auto decodedOk = Base32::decode(serviceId, decoded); !decodedOk) {
        return core::fail(core::ErrorCode::Malformed,
                          "onion address is not valid base32: " + decodedOk.error().message);
    }
    const std::uint8_t version = decoded[kDecodedLength - 1];
    if (version != kVersion) {
        return core::fail(core::ErrorCode::Malformed, "onion address has version " +
                                                          std::to_string(version) +
                                                          ", only version 3 is supported");
    }
    Ed25519PublicKey publicKey{};
    std::copy_n(decoded.begin(), publicKey.size(), publicKey.begin());
    const Checksum expected = checksumOf(publicKey);
    if (!std::equal(expected.begin(), expected.end(), decoded.begin() + publicKey.size())) {
        return core::fail(core::ErrorCode::Malformed,
                          "onion address checksum does not match (mistyped or damaged address)");
    }
    core::ensureSodium();
    if (crypto_core_ed25519_is_valid_point(publicKey.data()) != 1) {
        return core::fail(core::ErrorCode::Malformed,
                          "onion address does not hold a valid ed25519 public key");
    }
    return OnionAddress(publicKey);
}

std::string OnionAddress::serviceId() const {
    std::array<std::uint8_t, kDecodedLength> raw{};
    std::copy(m_publicKey.begin(), m_publicKey.end(), raw.begin());
    const Checksum checksum = checksumOf(m_publicKey);
    std::copy(checksum.begin(), checksum.end(), raw.begin() + m_publicKey.size());
    raw[kDecodedLength - 1] = kVersion;
    return Base32::encode(raw);
}

std::string OnionAddress::toString() const {
    return serviceId() + std::string(kSuffix);
}

} // namespace chive::transport
