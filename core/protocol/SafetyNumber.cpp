#include "core/protocol/SafetyNumber.h"

#include "core/Sodium.h"

#include <sodium.h>

#include <algorithm>

namespace chive::core {

namespace {

constexpr std::string_view kLabel = "chive/safety-number/v1";
constexpr std::uint32_t kGroupModulus = 100000;

std::string digitsOf(std::uint32_t group) {
    std::string digits(SafetyNumber::kDigitsPerGroup, '0');
    for (std::size_t i = digits.size(); i-- > 0;) {
        digits[i] = static_cast<char>('0' + group % 10);
        group /= 10;
    }
    return digits;
}

} // namespace

SafetyNumber SafetyNumber::compute(const X25519PublicKey& ownStaticKey,
                                   const X25519PublicKey& peerStaticKey) {
    ensureSodium();
    const bool ownIsSmaller = std::lexicographical_compare(
        ownStaticKey.begin(), ownStaticKey.end(), peerStaticKey.begin(), peerStaticKey.end());
    const X25519PublicKey& low = ownIsSmaller ? ownStaticKey : peerStaticKey;
    const X25519PublicKey& high = ownIsSmaller ? peerStaticKey : ownStaticKey;

    crypto_generichash_state state;
    crypto_generichash_init(&state, nullptr, 0, crypto_generichash_BYTES_MAX);
    crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(kLabel.data()),
                              kLabel.size());
    crypto_generichash_update(&state, low.data(), low.size());
    crypto_generichash_update(&state, high.data(), high.size());
    std::array<std::uint8_t, crypto_generichash_BYTES_MAX> digest{};
    crypto_generichash_final(&state, digest.data(), digest.size());

    // 2^40 is 10^5 * 10,995,116 + 27,776: the bias towards small groups is
    // under 1 in 10^7, far below anything a person comparing can exploit.
    std::array<std::uint32_t, kGroups> groups{};
    for (std::size_t i = 0; i < kGroups; ++i) {
        std::uint64_t value = 0;
        for (std::size_t k = 0; k < 5; ++k) {
            value = (value << 8U) | digest.at(5 * i + k);
        }
        groups.at(i) = static_cast<std::uint32_t>(value % kGroupModulus);
    }
    return SafetyNumber(groups);
}

std::string SafetyNumber::toString() const {
    std::string text;
    for (const std::uint32_t group : m_groups) {
        if (!text.empty()) {
            text += ' ';
        }
        text += digitsOf(group);
    }
    return text;
}

std::string SafetyNumber::toQrText() const {
    std::string text(kQrPrefix);
    for (const std::uint32_t group : m_groups) {
        text += digitsOf(group);
    }
    return text;
}

Status SafetyNumber::matchesScanned(std::string_view scanned) const {
    constexpr std::size_t kDigits = kGroups * kDigitsPerGroup;
    if (scanned.size() != kQrPrefix.size() + kDigits || !scanned.starts_with(kQrPrefix) ||
        !std::all_of(scanned.begin() + static_cast<std::ptrdiff_t>(kQrPrefix.size()), scanned.end(),
                     [](char c) { return c >= '0' && c <= '9'; })) {
        return fail(ErrorCode::Malformed, "this QR code is not a Chive safety number");
    }
    if (scanned != toQrText()) {
        return fail(ErrorCode::Crypto,
                    "the safety numbers differ: the keys you and your contact have are not "
                    "the same; someone may have changed the links you exchanged");
    }
    return {};
}

} // namespace chive::core
