#include "core/link/ContactLink.h"

#include "core/Sodium.h"

#include <sodium.h>

#include <algorithm>
#include <optional>
#include <span>
#include <string>
#include <utility>

namespace chive::core {

namespace {

constexpr std::string_view kAlphabet = "abcdefghijklmnopqrstuvwxyz234567";
constexpr std::string_view kChecksumLabel = "chive/link/checksum";

bool isAsciiAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool isLineBreak(char c) {
    return c == '\n' || c == '\r';
}

bool isBlank(char c) {
    return c == ' ' || c == '\t';
}

char toLowerAscii(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

int base32Value(char c) {
    const char lower = toLowerAscii(c);
    if (lower >= 'a' && lower <= 'z') {
        return lower - 'a';
    }
    if (lower >= '2' && lower <= '7') {
        return lower - '2' + 26;
    }
    return -1;
}

// Checksum over version || key, domain-separated from every other BLAKE2b use.
std::array<std::uint8_t, ContactLink::kChecksumLength>
checksumOf(std::span<const std::uint8_t> versionAndKey) {
    ensureSodium();
    crypto_generichash_state state;
    crypto_generichash_init(&state, nullptr, 0, crypto_generichash_BYTES);
    crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(kChecksumLabel.data()),
                              kChecksumLabel.size());
    crypto_generichash_update(&state, versionAndKey.data(), versionAndKey.size());
    std::array<std::uint8_t, crypto_generichash_BYTES> digest{};
    crypto_generichash_final(&state, digest.data(), digest.size());
    std::array<std::uint8_t, ContactLink::kChecksumLength> checksum{};
    std::copy_n(digest.begin(), checksum.size(), checksum.begin());
    return checksum;
}

// Finds "chive:" (any case) at the start of a word, so "archive:" is not a
// link. Returns the offset just past the scheme and an optional "//".
std::optional<std::size_t> findScheme(std::string_view text, std::size_t from) {
    const std::string_view scheme = ContactLink::kScheme;
    for (std::size_t i = from; i + scheme.size() <= text.size(); ++i) {
        if (i > 0 && isAsciiAlnum(text[i - 1])) {
            continue;
        }
        bool match = true;
        for (std::size_t k = 0; k < scheme.size() && match; ++k) {
            match = toLowerAscii(text[i + k]) == scheme[k];
        }
        if (!match) {
            continue;
        }
        std::size_t end = i + scheme.size();
        if (text.substr(end, 2) == "//") {
            end += 2;
        }
        return end;
    }
    return std::nullopt;
}

// Skips a run of white space that contains a line break, and mail quote
// markers ('>') at the start of the new line. Returns where the next word
// starts, or nullopt if the run has no line break (a space ends the link).
std::optional<std::size_t> skipLineBreak(std::string_view text, std::size_t pos) {
    bool sawBreak = false;
    while (pos < text.size()) {
        const char c = text[pos];
        if (isLineBreak(c)) {
            sawBreak = true;
        } else if (!(isBlank(c) || (sawBreak && c == '>'))) {
            break;
        }
        ++pos;
    }
    if (!sawBreak) {
        return std::nullopt;
    }
    return pos;
}

std::string describeCharacter(char c) {
    if (c >= 0x21 && c <= 0x7e) {
        return std::string("'") + c + "'";
    }
    static constexpr std::string_view kHex = "0123456789abcdef";
    const auto byte = static_cast<unsigned char>(c);
    return std::string("byte 0x") + kHex[byte >> 4U] + kHex[byte & 0x0fU];
}

std::string confusionHint(char c) {
    switch (c) {
    case '0':
        return " (did you mean the letter O?)";
    case '1':
        return " (did you mean the letter L or I?)";
    case '8':
        return " (did you mean the letter B?)";
    default:
        return "";
    }
}

struct Attempt {
    Result<ContactLink> link;
    std::size_t characters; // how far it got, to pick the error worth reporting
};

Attempt failed(std::size_t characters, ErrorCode code, std::string message) {
    return Attempt{fail(code, std::move(message)), characters};
}

// Decodes the link whose characters start at `pos` (just past the scheme).
Attempt parseAt(std::string_view text, std::size_t pos) {
    constexpr std::size_t kLength = ContactLink::kEncodedLength;
    const std::string lengthText = std::to_string(kLength);

    // Collect the link's characters. A line break (with the next line's
    // indentation and quote markers) continues the link while it is still
    // short; a space, punctuation or the end of the text ends it.
    std::array<std::uint8_t, kLength> values{};
    std::size_t count = 0;
    bool tooLong = false;
    while (pos < text.size()) {
        const char c = text[pos];
        if (isAsciiAlnum(c)) {
            if (count == kLength) {
                tooLong = true;
                break;
            }
            const int value = base32Value(c);
            if (value < 0) {
                return failed(count + 1, ErrorCode::Malformed,
                              "character " + std::to_string(count + 1) + " of the link, " +
                                  describeCharacter(c) +
                                  ", cannot be in a Chive link: it uses only the letters A-Z "
                                  "and the digits 2-7" +
                                  confusionHint(c));
            }
            values.at(count++) = static_cast<std::uint8_t>(value);
            ++pos;
            continue;
        }
        if (count < kLength && (isBlank(c) || isLineBreak(c))) {
            const auto next = skipLineBreak(text, pos);
            if (next && *next < text.size() && isAsciiAlnum(text[*next])) {
                pos = *next;
                continue;
            }
        }
        break;
    }

    // The version is in the first two characters and is checked before the
    // length: a newer Chive may make longer links.
    if (count >= 2) {
        const auto version = static_cast<std::uint8_t>((values[0] << 3U) | (values[1] >> 2U));
        if (version != ContactLink::kVersion) {
            return failed(count, ErrorCode::UnsupportedVersion,
                          "this link is of version " + std::to_string(version) +
                              ", which this Chive does not know: it may come from a newer "
                              "version of Chive");
        }
    }
    if (tooLong) {
        return failed(count + 1, ErrorCode::Malformed,
                      "the link is too long: a Chive link has " + lengthText +
                          " characters after \"chive:\"");
    }
    if (count < kLength) {
        return failed(count, ErrorCode::Malformed,
                      "the link is too short: it has " + std::to_string(count) + " of the " +
                          lengthText + " characters after \"chive:\" (was it cut off?)");
    }

    ContactLink::Payload payload{};
    unsigned buffer = 0;
    unsigned bits = 0;
    std::size_t out = 0;
    for (const std::uint8_t value : values) {
        buffer = (buffer << 5U) | value;
        bits += 5;
        if (bits >= 8) {
            bits -= 8;
            payload.at(out++) = static_cast<std::uint8_t>((buffer >> bits) & 0xffU);
        }
    }
    // 300 bits were read for 296: the last character's 4 spare bits must be
    // zero, or two texts would name one link and a typo there would pass.
    if ((buffer & ((1U << bits) - 1U)) != 0) {
        return failed(count, ErrorCode::Corrupt,
                      "the link's last character is wrong: check it for a typo, or ask for the "
                      "link again");
    }
    constexpr std::size_t kSigned = 1 + kPublicKeyLength;
    const auto checksum = checksumOf(std::span(payload).first(kSigned));
    if (!std::equal(checksum.begin(), checksum.end(), payload.begin() + kSigned)) {
        return failed(count, ErrorCode::Corrupt,
                      "the link's checksum does not match: it has a typo or was changed on the "
                      "way; copy it again, or ask for the link again");
    }
    X25519PublicKey key{};
    std::copy_n(payload.begin() + 1, key.size(), key.begin());
    return Attempt{ContactLink(key), count};
}

} // namespace

Result<ContactLink> ContactLink::parse(std::string_view text) {
    if (text.size() > kMaxTextLength) {
        return fail(ErrorCode::TooLarge, "the text is too long to hold a Chive contact link");
    }
    // The first "chive:" that decodes wins. If none does, report the error
    // of the one that got furthest: "chive:" in a sentence before the real
    // link should not hide what is wrong with the link.
    std::optional<Attempt> best;
    std::optional<std::size_t> start = findScheme(text, 0);
    while (start) {
        Attempt attempt = parseAt(text, *start);
        if (attempt.link) {
            return std::move(attempt.link);
        }
        if (!best || attempt.characters > best->characters) {
            best = std::move(attempt);
        }
        start = findScheme(text, *start);
    }
    if (!best) {
        return fail(ErrorCode::Malformed,
                    "this is not a Chive contact link: a link starts with \"chive:\"");
    }
    return std::move(best->link);
}

ContactLink::Payload ContactLink::payload() const {
    Payload payload{};
    payload[0] = kVersion;
    std::copy(m_handshakeKey.begin(), m_handshakeKey.end(), payload.begin() + 1);
    const auto checksum = checksumOf(std::span(payload).first(1 + kPublicKeyLength));
    std::copy(checksum.begin(), checksum.end(), payload.begin() + 1 + kPublicKeyLength);
    return payload;
}

std::string ContactLink::toString() const {
    std::string text(kScheme);
    text.reserve(kScheme.size() + kEncodedLength);
    unsigned buffer = 0;
    unsigned bits = 0;
    for (const std::uint8_t byte : payload()) {
        buffer = (buffer << 8U) | byte;
        bits += 8;
        while (bits >= 5) {
            bits -= 5;
            text += kAlphabet[(buffer >> bits) & 0x1fU];
        }
    }
    if (bits > 0) {
        text += kAlphabet[(buffer << (5 - bits)) & 0x1fU];
    }
    return text;
}

std::string ContactLink::toQrText() const {
    std::string text = toString();
    std::transform(text.begin(), text.end(), text.begin(), [](char c) {
        return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    });
    return text;
}

} // namespace chive::core
