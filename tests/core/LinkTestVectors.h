#pragma once

// Fixed keys and hex helpers for the link, QR, rendezvous and safety-number
// tests. The key pairs are RFC 7748 §6.1's Alice and Bob, so the X25519
// shared secret under every derived golden value is itself a published
// vector. The golden outputs in the tests were computed independently of
// Chive's code, with Python's hashlib (blake2b, sha3_256, sha512) and a
// from-the-RFC X25519 / ed25519 in Python.

#include "core/crypto/PublicKeys.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace chive::testing {

inline std::vector<std::uint8_t> bytesFromHex(std::string_view hex) {
    auto nibble = [](char c) -> std::uint8_t {
        if (c >= '0' && c <= '9') {
            return static_cast<std::uint8_t>(c - '0');
        }
        if (c >= 'a' && c <= 'f') {
            return static_cast<std::uint8_t>(c - 'a' + 10);
        }
        throw std::invalid_argument("bad hex");
    };
    if (hex.size() % 2 != 0) {
        throw std::invalid_argument("odd hex length");
    }
    std::vector<std::uint8_t> bytes;
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        bytes.push_back(static_cast<std::uint8_t>((nibble(hex[i]) << 4U) | nibble(hex[i + 1])));
    }
    return bytes;
}

inline core::X25519PublicKey keyFromHex(std::string_view hex) {
    const auto bytes = bytesFromHex(hex);
    if (bytes.size() != core::kPublicKeyLength) {
        throw std::invalid_argument("a key has 32 bytes");
    }
    core::X25519PublicKey key{};
    std::copy(bytes.begin(), bytes.end(), key.begin());
    return key;
}

inline std::string hexOf(std::span<const std::uint8_t> bytes) {
    static constexpr std::string_view kDigits = "0123456789abcdef";
    std::string hex;
    for (const std::uint8_t byte : bytes) {
        hex += kDigits[byte >> 4U];
        hex += kDigits[byte & 0x0fU];
    }
    return hex;
}

// RFC 7748 §6.1.
inline constexpr std::string_view kAliceSecret =
    "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a";
inline constexpr std::string_view kAlicePublic =
    "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a";
inline constexpr std::string_view kBobSecret =
    "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb";
inline constexpr std::string_view kBobPublic =
    "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f";

// The contact links of those public keys (version 1).
inline constexpr std::string_view kAliceLink =
    "chive:agcsb4ajreykovdurn65znb665na3pz2butdqgxu5osktdvktnhgukbwjlma";
inline constexpr std::string_view kBobLink =
    "chive:ahpj5w35pn64dngtlnq4f3hegu3t7a2dzbnxqz2nvx6h4fdpravu72m6fbpa";

} // namespace chive::testing
