#include "transport/TorKeyFile.h"

#include <algorithm>
#include <array>
#include <string>
#include <string_view>

namespace chive::transport {
namespace {

constexpr std::string_view kSecretTag = "== ed25519v1-secret: type0 ==";
constexpr std::string_view kPublicTag = "== ed25519v1-public: type0 ==";

std::array<std::uint8_t, TorKeyFile::kHeaderLength> headerFor(std::string_view tag) {
    std::array<std::uint8_t, TorKeyFile::kHeaderLength> header{};
    std::transform(tag.begin(), tag.end(), header.begin(),
                   [](char c) { return static_cast<std::uint8_t>(c); });
    return header;
}

core::Status checkFile(std::span<const std::uint8_t> file, std::string_view tag,
                       std::size_t bodyLength, std::string_view what) {
    if (file.size() != TorKeyFile::kHeaderLength + bodyLength) {
        return core::fail(core::ErrorCode::Malformed,
                          std::string(what) + " file has " + std::to_string(file.size()) +
                              " bytes, expected " +
                              std::to_string(TorKeyFile::kHeaderLength + bodyLength));
    }
    const auto header = headerFor(tag);
    if (!std::equal(header.begin(), header.end(), file.begin())) {
        return core::fail(core::ErrorCode::Malformed, std::string(what) +
                                                          " file does not start with \"" +
                                                          std::string(tag) + "\"");
    }
    return {};
}

} // namespace

core::SecureBuffer TorKeyFile::encodeSecretKey(const OnionServiceKey& key) {
    core::SecureBuffer file(kHeaderLength + OnionServiceKey::kExpandedLength);
    const auto header = headerFor(kSecretTag);
    std::copy(header.begin(), header.end(), file.data());
    const auto secret = key.expandedSecretKey();
    std::copy(secret.begin(), secret.end(), file.data() + kHeaderLength);
    return file;
}

std::vector<std::uint8_t> TorKeyFile::encodePublicKey(const Ed25519PublicKey& publicKey) {
    const auto header = headerFor(kPublicTag);
    std::vector<std::uint8_t> file(kHeaderLength + publicKey.size());
    std::copy(header.begin(), header.end(), file.begin());
    std::copy(publicKey.begin(), publicKey.end(), file.begin() + kHeaderLength);
    return file;
}

core::Result<OnionServiceKey> TorKeyFile::parseSecretKey(std::span<const std::uint8_t> file) {
    if (auto ok = checkFile(file, kSecretTag, OnionServiceKey::kExpandedLength, "secret key");
        !ok) {
        return core::fail(ok.error());
    }
    return OnionServiceKey::fromExpanded(file.subspan(kHeaderLength));
}

core::Result<Ed25519PublicKey> TorKeyFile::parsePublicKey(std::span<const std::uint8_t> file) {
    Ed25519PublicKey publicKey{};
    if (auto ok = checkFile(file, kPublicTag, publicKey.size(), "public key"); !ok) {
        return core::fail(ok.error());
    }
    std::copy(file.begin() + kHeaderLength, file.end(), publicKey.begin());
    return publicKey;
}

} // namespace chive::transport
