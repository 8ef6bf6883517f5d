#include "transport/ClientAuthKey.h"

#include "core/Sodium.h"
#include "transport/Base32.h"

#include <sodium.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>

namespace chive::transport {
namespace {

void append(core::SecureBuffer& buffer, std::size_t& offset, std::string_view text) {
    std::memcpy(buffer.data() + offset, text.data(), text.size());
    offset += text.size();
}

} // namespace

ClientAuthKey::ClientAuthKey(core::SecureBuffer privateKey, const X25519PublicKey& publicKey)
    : m_private(std::move(privateKey))
    , m_public(publicKey) {}

ClientAuthKey ClientAuthKey::generate() {
    core::ensureSodium();
    core::SecureBuffer privateKey(kPrivateKeyLength);
    X25519PublicKey publicKey{};
    if (crypto_box_keypair(publicKey.data(), privateKey.data()) != 0) {
        std::abort();
    }
    return {std::move(privateKey), publicKey};
}

core::Result<ClientAuthKey>
ClientAuthKey::fromPrivateKey(std::span<const std::uint8_t> privateKey) {
    if (privateKey.size() != kPrivateKeyLength) {
        return core::fail(core::ErrorCode::InvalidArgument,
                          "an x25519 private key has 32 bytes, got " +
                              std::to_string(privateKey.size()));
    }
    if (std::all_of(privateKey.begin(), privateKey.end(), [](std::uint8_t b) { return b == 0; })) {
        return core::fail(core::ErrorCode::InvalidArgument, "x25519 private key is all zeros");
    }
    core::ensureSodium();
    X25519PublicKey publicKey{};
    if (crypto_scalarmult_base(publicKey.data(), privateKey.data()) != 0) {
        return core::fail(core::ErrorCode::Crypto, "x25519 private key gives no public key");
    }
    return ClientAuthKey(core::SecureBuffer::copyOf(privateKey), publicKey);
}

core::SecureBuffer ClientAuthKey::onionClientAuthAddBlob() const {
    constexpr std::string_view kPrefix = "x25519:";
    constexpr std::size_t kBase64Size =
        sodium_base64_ENCODED_LEN(kPrivateKeyLength, sodium_base64_VARIANT_ORIGINAL);
    // kBase64Size counts the NUL that sodium_bin2base64 writes.
    core::SecureBuffer text(kPrefix.size() + kBase64Size);
    std::size_t offset = 0;
    append(text, offset, kPrefix);
    sodium_bin2base64(reinterpret_cast<char*>(text.data() + offset), kBase64Size, m_private.data(),
                      m_private.size(), sodium_base64_VARIANT_ORIGINAL);
    return core::SecureBuffer::copyOf(text.span().first(text.size() - 1));
}

core::SecureBuffer ClientAuthKey::authPrivateFileLine(const OnionAddress& service) const {
    constexpr std::string_view kMiddle = ":descriptor:x25519:";
    const std::string serviceId = service.serviceId();
    core::SecureBuffer line(serviceId.size() + kMiddle.size() +
                            Base32::encodedLength(kPrivateKeyLength));
    std::size_t offset = 0;
    append(line, offset, serviceId);
    append(line, offset, kMiddle);
    // Base32::encode returns a std::string; wipe it rather than leave the key
    // in the heap.
    std::string encoded = Base32::encode(m_private.span());
    append(line, offset, encoded);
    sodium_memzero(encoded.data(), encoded.size());
    return line;
}

} // namespace chive::transport
