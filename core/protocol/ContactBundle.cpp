#include "core/protocol/ContactBundle.h"

#include "core/Sodium.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <string>

namespace chive::core {

namespace {

void appendField(std::vector<std::uint8_t>& out, std::uint8_t tag,
                 std::span<const std::uint8_t> value) {
    out.push_back(tag);
    out.push_back(static_cast<std::uint8_t>(value.size() >> 8U));
    out.push_back(static_cast<std::uint8_t>(value.size() & 0xFFU));
    out.insert(out.end(), value.begin(), value.end());
}

const char* fieldName(std::uint8_t tag) {
    switch (tag) {
    case ContactBundle::kTagStaticKey:
        return "static key";
    case ContactBundle::kTagServiceKey:
        return "onion service key";
    case ContactBundle::kTagClientAuthKey:
        return "client-authorization key";
    default:
        return "unknown field";
    }
}

// A small-order X25519 point multiplied by any clamped scalar (a multiple
// of 8) gives zero, and no other point does; libsodium reports a zero
// result as failure. The scalar is public: only the check matters.
bool isUsableX25519(const X25519PublicKey& key) {
    static constexpr std::array<std::uint8_t, crypto_scalarmult_SCALARBYTES> kScalar{
        0x40, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a,
        0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15,
        0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f};
    std::array<std::uint8_t, crypto_scalarmult_BYTES> product{};
    return crypto_scalarmult(product.data(), kScalar.data(), key.data()) == 0;
}

} // namespace

std::vector<std::uint8_t> ContactBundle::encode() const {
    std::vector<std::uint8_t> out;
    out.reserve(1 + 3 * (kFieldHeaderLength + kPublicKeyLength));
    out.push_back(kVersion);
    appendField(out, kTagStaticKey, staticKey);
    appendField(out, kTagServiceKey, serviceKey);
    appendField(out, kTagClientAuthKey, clientAuthKey);
    return out;
}

Result<ContactBundle> ContactBundle::parse(std::span<const std::uint8_t> bytes) {
    ensureSodium();
    if (bytes.size() > kMaxEncodedLength) {
        return fail(ErrorCode::TooLarge, "the contact's bundle has " +
                                             std::to_string(bytes.size()) + " bytes, more than " +
                                             std::to_string(kMaxEncodedLength));
    }
    if (bytes.empty()) {
        return fail(ErrorCode::Malformed, "the contact's bundle is empty");
    }
    if (bytes[0] == 0) {
        return fail(ErrorCode::Malformed, "the contact's bundle has version 0");
    }
    if (bytes[0] > kVersion) {
        return fail(ErrorCode::UnsupportedVersion,
                    "the contact's bundle has version " + std::to_string(bytes[0]) +
                        "; it may come from a newer version of Chive");
    }

    ContactBundle bundle;
    std::array<bool, kTagClientAuthKey + 1> seen{}; // indexed by known tag
    int lastTag = -1;
    std::size_t offset = 1;
    while (offset < bytes.size()) {
        if (bytes.size() - offset < kFieldHeaderLength) {
            return fail(ErrorCode::Malformed, "the contact's bundle ends inside a field header");
        }
        const std::uint8_t tag = bytes[offset];
        const std::size_t length =
            (static_cast<std::size_t>(bytes[offset + 1]) << 8U) | bytes[offset + 2];
        offset += kFieldHeaderLength;
        if (static_cast<int>(tag) <= lastTag) {
            return fail(ErrorCode::Malformed, "the contact's bundle repeats a field or has them "
                                              "out of order (tag " +
                                                  std::to_string(tag) + ")");
        }
        lastTag = tag;
        if (length > bytes.size() - offset) {
            return fail(ErrorCode::Malformed,
                        std::string("the contact's bundle ends inside its ") + fieldName(tag));
        }
        const auto value = bytes.subspan(offset, length);
        offset += length;
        if (tag < kTagStaticKey || tag > kTagClientAuthKey) {
            continue; // a field of a newer Chive
        }
        if (length != kPublicKeyLength) {
            return fail(ErrorCode::Malformed, std::string("the contact's ") + fieldName(tag) +
                                                  " has " + std::to_string(length) +
                                                  " bytes, not 32");
        }
        auto& target = tag == kTagStaticKey    ? bundle.staticKey
                       : tag == kTagServiceKey ? bundle.serviceKey
                                               : bundle.clientAuthKey;
        std::copy(value.begin(), value.end(), target.begin());
        seen[tag] = true;
    }
    for (const std::uint8_t tag : {kTagStaticKey, kTagServiceKey, kTagClientAuthKey}) {
        if (!seen[tag]) {
            return fail(ErrorCode::Malformed,
                        std::string("the contact's bundle has no ") + fieldName(tag));
        }
    }
    if (!isUsableX25519(bundle.staticKey)) {
        return fail(ErrorCode::Crypto,
                    "the contact's static key is a small-order point, not a usable X25519 key");
    }
    if (crypto_core_ed25519_is_valid_point(bundle.serviceKey.data()) != 1) {
        return fail(ErrorCode::Crypto, "the contact's onion service key is not a valid ed25519 "
                                       "public key (small order, or off the main subgroup)");
    }
    if (!isUsableX25519(bundle.clientAuthKey)) {
        return fail(ErrorCode::Crypto, "the contact's client-authorization key is a small-order "
                                       "point, not a usable X25519 key");
    }
    return bundle;
}

} // namespace chive::core
