#include "transport/Base32.h"

#include <string>

namespace chive::transport {
namespace {

constexpr std::string_view kAlphabet = "abcdefghijklmnopqrstuvwxyz234567";

// Value of a base32 character, or -1.
int valueOf(char c) noexcept {
    if (c >= 'a' && c <= 'z') {
        return c - 'a';
    }
    if (c >= 'A' && c <= 'Z') {
        return c - 'A';
    }
    if (c >= '2' && c <= '7') {
        return c - '2' + 26;
    }
    return -1;
}

} // namespace

std::string Base32::encode(std::span<const std::uint8_t> bytes) {
    std::string text;
    text.reserve(encodedLength(bytes.size()));
    std::uint32_t buffer = 0;
    int bits = 0;
    for (const std::uint8_t byte : bytes) {
        buffer = (buffer << 8) | byte;
        bits += 8;
        while (bits >= 5) {
            bits -= 5;
            text.push_back(kAlphabet[(buffer >> bits) & 0x1FU]);
        }
    }
    if (bits > 0) {
        text.push_back(kAlphabet[(buffer << (5 - bits)) & 0x1FU]);
    }
    return text;
}

core::Status Base32::decode(std::string_view text, std::span<std::uint8_t> out) {
    if (text.size() != encodedLength(out.size())) {
        return core::fail(core::ErrorCode::Malformed,
                          "base32 text has " + std::to_string(text.size()) +
                              " characters, expected " + std::to_string(encodedLength(out.size())));
    }
    std::uint32_t buffer = 0;
    int bits = 0;
    std::size_t written = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const int value = valueOf(text[i]);
        if (value < 0) {
            return core::fail(core::ErrorCode::Malformed,
                              "character " + std::to_string(i + 1) + " is not base32");
        }
        buffer = (buffer << 5) | static_cast<std::uint32_t>(value);
        bits += 5;
        if (bits >= 8) {
            bits -= 8;
            out[written++] = static_cast<std::uint8_t>((buffer >> bits) & 0xFFU);
        }
    }
    if ((buffer & ((1U << bits) - 1U)) != 0) {
        return core::fail(core::ErrorCode::Malformed, "base32 text has non-zero padding bits");
    }
    return {};
}

} // namespace chive::transport
