#pragma once

// SafetyNumber: a short fingerprint of one contact relationship that the two
// people compare (read aloud, or scan each other's QR code) to make sure no
// one sat in the middle of their link exchange. Computed from both sides'
// per-contact static X25519 public keys, sorted, so both see the same number
// (doc/protocol.md, "Safety number"):
//
//   digest = BLAKE2b-512("chive/safety-number/v1" || low key || high key)
//   group i (0..11) = big-endian 40-bit integer of digest[5i .. 5i+5] mod 100000
//
// shown as 12 groups of 5 digits (60 digits, about 199 bits). A value:
// copyable, thread-safe to read.

#include "core/Result.h"
#include "core/crypto/PublicKeys.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace chive::core {

class SafetyNumber {
public:
    static constexpr std::size_t kGroups = 12;
    static constexpr std::size_t kDigitsPerGroup = 5;
    static constexpr std::string_view kQrPrefix = "CHIVE-SAFETY:";

    static SafetyNumber compute(const X25519PublicKey& ownStaticKey,
                                const X25519PublicKey& peerStaticKey);

    [[nodiscard]] const std::array<std::uint32_t, kGroups>& groups() const noexcept {
        return m_groups;
    }
    // "01234 56789 …": 12 groups separated by single spaces.
    [[nodiscard]] std::string toString() const;
    // "CHIVE-SAFETY:" and the 60 digits: what the verification QR code holds
    // (all alphanumeric mode).
    [[nodiscard]] std::string toQrText() const;
    // Compares with the text scanned from the contact's verification QR code.
    // Malformed if it is not one; Crypto if it is a different number (the
    // keys differ: someone may be in the middle).
    [[nodiscard]] Status matchesScanned(std::string_view scanned) const;

    friend bool operator==(const SafetyNumber&, const SafetyNumber&) = default;

private:
    explicit SafetyNumber(const std::array<std::uint32_t, kGroups>& groups)
        : m_groups(groups) {}

    std::array<std::uint32_t, kGroups> m_groups;
};

} // namespace chive::core
