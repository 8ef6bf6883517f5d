#include "core/net/BridgeLine.h"

#include <arpa/inet.h>
#include <sodium.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <optional>

namespace chive::core {

namespace {

constexpr std::string_view kBridgePrefix = "bridge";
constexpr std::size_t kMaxKeyLength = 32;
constexpr std::size_t kMaxHostLength = 253;
constexpr std::size_t kMaxIpv6Text = 45; // INET6_ADDRSTRLEN - 1
constexpr std::size_t kObfs4CertBytes = 52;

tl::unexpected<Error> malformed(std::string message) {
    return fail(ErrorCode::Malformed, std::move(message));
}

bool isBlank(char c) {
    return c == ' ' || c == '\t';
}

bool isDigit(char c) {
    return c >= '0' && c <= '9';
}

bool isHexDigit(char c) {
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

bool isAlnum(char c) {
    return isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

char toUpperAscii(char c) {
    return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
}

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return toUpperAscii(x) == toUpperAscii(y);
           });
}

// Why a byte may not appear in a bridge line, or nullptr if it may.
const char* forbiddenCharacter(char c) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '\n' || c == '\r') {
        return "a line break";
    }
    if (c == '\t') {
        return nullptr;
    }
    if (byte < 0x20 || byte == 0x7F) {
        return "a control character";
    }
    if (byte >= 0x80) {
        return "not ASCII";
    }
    if (c == '"' || c == '\'') {
        return "a quote";
    }
    if (c == '\\') {
        return "a backslash";
    }
    if (c == '#') {
        return "'#', which Tor reads as the start of a comment";
    }
    return nullptr;
}

std::vector<std::string_view> splitWords(std::string_view text) {
    std::vector<std::string_view> words;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && isBlank(text[i])) {
            ++i;
        }
        const std::size_t start = i;
        while (i < text.size() && !isBlank(text[i])) {
            ++i;
        }
        if (i > start) {
            words.push_back(text.substr(start, i - start));
        }
    }
    return words;
}

std::vector<std::string_view> splitList(std::string_view text) {
    std::vector<std::string_view> items;
    std::size_t start = 0;
    while (true) {
        const auto comma = text.find(',', start);
        items.push_back(text.substr(start, comma == std::string_view::npos ? std::string_view::npos
                                                                           : comma - start));
        if (comma == std::string_view::npos) {
            return items;
        }
        start = comma + 1;
    }
}

// A decimal number without sign or leading zeros, at most `max`.
std::optional<unsigned> parseNumber(std::string_view text, unsigned max) {
    if (text.empty() || text.size() > 5 || !std::ranges::all_of(text, isDigit) ||
        (text.size() > 1 && text.front() == '0')) {
        return std::nullopt;
    }
    unsigned value = 0;
    std::from_chars(text.data(), text.data() + text.size(), value);
    if (value > max) {
        return std::nullopt;
    }
    return value;
}

bool isIpv4(std::string_view text) {
    int parts = 0;
    std::size_t start = 0;
    while (true) {
        const auto dot = text.find('.', start);
        const auto part = text.substr(start, dot == std::string_view::npos ? std::string_view::npos
                                                                           : dot - start);
        if (part.size() > 3 || !parseNumber(part, 255)) {
            return false;
        }
        ++parts;
        if (dot == std::string_view::npos) {
            break;
        }
        start = dot + 1;
    }
    return parts == 4;
}

bool isIpv6(std::string_view text) {
    if (text.empty() || text.size() > kMaxIpv6Text ||
        !std::ranges::all_of(text, [](char c) { return isHexDigit(c) || c == ':' || c == '.'; })) {
        return false;
    }
    const std::string copy(text);
    std::array<unsigned char, 16> bytes{};
    return ::inet_pton(AF_INET6, copy.c_str(), bytes.data()) == 1;
}

Status checkAddress(std::string_view address) {
    std::string_view host;
    std::string_view port;
    if (address.starts_with('[')) {
        const auto close = address.find(']');
        if (close == std::string_view::npos) {
            return malformed("the IPv6 address \"" + std::string(address) + "\" lacks its ']'");
        }
        host = address.substr(1, close - 1);
        if (close + 1 >= address.size() || address[close + 1] != ':') {
            return malformed("the address \"" + std::string(address) + "\" lacks its :port");
        }
        port = address.substr(close + 2);
        if (!isIpv6(host)) {
            return malformed("\"" + std::string(host) + "\" is not an IPv6 address");
        }
    } else {
        const auto colon = address.rfind(':');
        if (colon == std::string_view::npos) {
            return malformed("the address \"" + std::string(address) + "\" lacks its :port");
        }
        host = address.substr(0, colon);
        port = address.substr(colon + 1);
        if (host.find(':') != std::string_view::npos) {
            return malformed("an IPv6 address must be in brackets: [" + std::string(host) +
                             "]:port");
        }
        if (!isIpv4(host)) {
            return malformed("\"" + std::string(host) +
                             "\" is not an IPv4 address (four numbers 0-255 with dots)");
        }
    }
    const auto number = parseNumber(port, 65535);
    if (!number || *number == 0) {
        return malformed("port \"" + std::string(port) + "\" is not a number from 1 to 65535");
    }
    return {};
}

bool isFingerprint(std::string_view word) {
    return word.size() == BridgeLine::kFingerprintLength && std::ranges::all_of(word, isHexDigit);
}

bool isOptionKey(std::string_view key) {
    return !key.empty() && key.size() <= kMaxKeyLength &&
           std::ranges::all_of(key, [](char c) { return isAlnum(c) || c == '-' || c == '_'; });
}

bool isHostName(std::string_view host) {
    return !host.empty() && host.size() <= kMaxHostLength && host.front() != '.' &&
           host.front() != '-' &&
           std::ranges::all_of(host, [](char c) { return isAlnum(c) || c == '.' || c == '-'; });
}

Status checkHttpsUrl(std::string_view key, std::string_view value) {
    constexpr std::string_view kScheme = "https://";
    if (!value.starts_with(kScheme)) {
        return malformed(std::string(key) + "= must be an https:// address");
    }
    const auto rest = value.substr(kScheme.size());
    const auto host = rest.substr(0, rest.find_first_of("/:?"));
    if (!isHostName(host)) {
        return malformed(std::string(key) + "= has no valid host name");
    }
    return {};
}

Status checkObfs4Cert(std::string_view cert) {
    if (cert.size() != BridgeLine::kObfs4CertLength ||
        !std::ranges::all_of(cert, [](char c) { return isAlnum(c) || c == '+' || c == '/'; })) {
        return malformed("cert= must be " + std::to_string(BridgeLine::kObfs4CertLength) +
                         " base64 characters");
    }
    std::array<unsigned char, kObfs4CertBytes> bytes{};
    std::size_t length = 0;
    if (sodium_base642bin(bytes.data(), bytes.size(), cert.data(), cert.size(), nullptr, &length,
                          nullptr, sodium_base64_VARIANT_ORIGINAL_NO_PADDING) != 0 ||
        length != kObfs4CertBytes) {
        return malformed("cert= is not valid base64 of an obfs4 certificate");
    }
    return {};
}

Status checkObfs4Option(std::string_view key, std::string_view value) {
    if (key == "cert") {
        return checkObfs4Cert(value);
    }
    if (key == "iat-mode") {
        if (value != "0" && value != "1" && value != "2") {
            return malformed("iat-mode= must be 0, 1 or 2");
        }
        return {};
    }
    return malformed("unknown obfs4 option \"" + std::string(key) +
                     "\" (obfs4 takes cert= and iat-mode=)");
}

Status checkSnowflakeOption(std::string_view key, std::string_view value,
                            std::string_view fingerprint) {
    if (key == "fingerprint") {
        if (!isFingerprint(value)) {
            return malformed("fingerprint= must be 40 hex digits");
        }
        if (!equalsIgnoreCase(value, fingerprint)) {
            return malformed("fingerprint= differs from the bridge's fingerprint");
        }
        return {};
    }
    if (key == "url" || key == "ampcache" || key == "sqsqueue") {
        return checkHttpsUrl(key, value);
    }
    if (key == "front" || key == "fronts") {
        for (const auto host : splitList(value)) {
            if (!isHostName(host)) {
                return malformed(std::string(key) + "= must be host names separated by commas");
            }
        }
        return {};
    }
    if (key == "ice") {
        for (const auto server : splitList(value)) {
            const bool known = server.starts_with("stun:") || server.starts_with("stuns:") ||
                               server.starts_with("turn:") || server.starts_with("turns:");
            if (!known || server.find(',') != std::string_view::npos ||
                server.size() <= server.find(':') + 1) {
                return malformed("ice= must be stun: or turn: servers separated by commas");
            }
        }
        return {};
    }
    if (key == "utls-imitate" || key == "sqscreds") {
        const bool token = std::ranges::all_of(
            value, [](char c) { return isAlnum(c) || c == '-' || c == '_' || c == '='; });
        if (!token) {
            return malformed(std::string(key) + "= must be letters, digits, '-' or '_'");
        }
        return {};
    }
    if (key == "utls-nosni") {
        if (value != "true" && value != "false") {
            return malformed("utls-nosni= must be true or false");
        }
        return {};
    }
    if (key == "max") {
        if (!parseNumber(value, 65535)) {
            return malformed("max= must be a number");
        }
        return {};
    }
    return malformed("unknown snowflake option \"" + std::string(key) + "\"");
}

} // namespace

const char* bridgeTransportName(BridgeTransport transport) noexcept {
    switch (transport) {
    case BridgeTransport::Plain:
        return "plain";
    case BridgeTransport::Obfs4:
        return "obfs4";
    case BridgeTransport::Snowflake:
        return "snowflake";
    }
    return "plain";
}

Result<BridgeLine> BridgeLine::parse(std::string_view line) {
    if (line.size() > kMaxLength) {
        return fail(ErrorCode::TooLarge,
                    "the line is longer than " + std::to_string(kMaxLength) + " characters");
    }
    for (std::size_t i = 0; i < line.size(); ++i) {
        if (const char* why = forbiddenCharacter(line[i])) {
            return malformed("character " + std::to_string(i + 1) + " is " + why);
        }
    }
    auto words = splitWords(line);
    if (!words.empty() && equalsIgnoreCase(words.front(), kBridgePrefix)) {
        words.erase(words.begin());
    }
    if (words.empty()) {
        return malformed("the line has no bridge address");
    }

    BridgeLine bridge;
    std::size_t next = 0;
    const std::string_view first = words.front();
    const bool startsWithAddress =
        first.starts_with('[') || first.find_first_of(":.") != std::string_view::npos;
    if (!startsWithAddress) {
        if (first == "obfs4") {
            bridge.m_transport = BridgeTransport::Obfs4;
        } else if (first == "snowflake") {
            bridge.m_transport = BridgeTransport::Snowflake;
        } else {
            return malformed("unknown transport \"" + std::string(first.substr(0, kMaxKeyLength)) +
                             "\": Chive takes obfs4, snowflake or plain bridges");
        }
        ++next;
        if (next == words.size()) {
            return malformed("the " + std::string(first) + " bridge has no address");
        }
    }
    const std::string transportName = bridgeTransportName(bridge.m_transport);
    if (auto ok = checkAddress(words[next]); !ok) {
        return fail(ok.error());
    }
    bridge.m_address = std::string(words[next++]);

    if (next < words.size() && isFingerprint(words[next])) {
        bridge.m_fingerprint.resize(kFingerprintLength);
        std::ranges::transform(words[next], bridge.m_fingerprint.begin(), toUpperAscii);
        ++next;
    } else if (next < words.size() && words[next].find('=') == std::string_view::npos) {
        return malformed("the fingerprint must be 40 hex digits, not \"" +
                         std::string(words[next].substr(0, kFingerprintLength + 8)) + "\"");
    } else if (bridge.m_transport != BridgeTransport::Plain) {
        return malformed(std::string(bridge.m_transport == BridgeTransport::Obfs4 ? "an " : "a ") +
                         transportName +
                         " bridge needs its fingerprint (40 hex digits) after the address");
    }

    if (bridge.m_transport == BridgeTransport::Plain && next < words.size()) {
        return malformed("a plain bridge takes nothing after the fingerprint");
    }
    if (words.size() - next > kMaxOptions) {
        return malformed("more than " + std::to_string(kMaxOptions) + " options");
    }
    for (; next < words.size(); ++next) {
        const std::string_view word = words[next];
        const auto equals = word.find('=');
        if (equals == std::string_view::npos) {
            return malformed("\"" + std::string(word.substr(0, kMaxKeyLength)) +
                             "\" is not an option of the form key=value");
        }
        const std::string_view key = word.substr(0, equals);
        const std::string_view value = word.substr(equals + 1);
        if (!isOptionKey(key)) {
            return malformed("\"" + std::string(key.substr(0, kMaxKeyLength)) +
                             "\" is not an option name");
        }
        if (value.empty()) {
            return malformed("option " + std::string(key) + "= has no value");
        }
        if (std::ranges::any_of(bridge.m_options, [&](const auto& o) { return o.first == key; })) {
            return malformed("duplicate option " + std::string(key) + "=");
        }
        auto ok = bridge.m_transport == BridgeTransport::Obfs4
                      ? checkObfs4Option(key, value)
                      : checkSnowflakeOption(key, value, bridge.m_fingerprint);
        if (!ok) {
            return fail(ok.error());
        }
        bridge.m_options.emplace_back(key, value);
    }

    auto has = [&](std::string_view key) {
        return std::ranges::any_of(bridge.m_options, [&](const auto& o) { return o.first == key; });
    };
    if (bridge.m_transport == BridgeTransport::Obfs4) {
        if (!has("cert")) {
            return malformed("an obfs4 bridge needs cert=");
        }
        if (!has("iat-mode")) {
            return malformed("an obfs4 bridge needs iat-mode=");
        }
    }
    if (bridge.m_transport == BridgeTransport::Snowflake && !has("url")) {
        return malformed("a snowflake bridge needs url=");
    }
    return bridge;
}

std::string BridgeLine::toTorValue() const {
    std::string value;
    if (m_transport != BridgeTransport::Plain) {
        value = bridgeTransportName(m_transport);
        value += ' ';
    }
    value += m_address;
    if (!m_fingerprint.empty()) {
        value += ' ';
        value += m_fingerprint;
    }
    for (const auto& [key, option] : m_options) {
        value += ' ';
        value += key;
        value += '=';
        value += option;
    }
    return value;
}

std::vector<BridgeLineCheck> checkBridgeLines(std::string_view text) {
    std::vector<BridgeLineCheck> checks;
    if (text.size() > kMaxBridgeText) {
        checks.push_back(
            {0, fail(ErrorCode::TooLarge, "more than " + std::to_string(kMaxBridgeText) +
                                              " characters of bridge lines")});
        return checks;
    }
    std::size_t lineNumber = 0;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto end = text.find('\n', start);
        std::string_view line = text.substr(
            start, end == std::string_view::npos ? std::string_view::npos : end - start);
        start = end == std::string_view::npos ? text.size() + 1 : end + 1;
        ++lineNumber;
        if (line.ends_with('\r')) {
            line.remove_suffix(1);
        }
        const auto first = line.find_first_not_of(" \t");
        if (first == std::string_view::npos || line[first] == '#') {
            continue;
        }
        if (checks.size() == kMaxBridgeLines) {
            checks.push_back(
                {lineNumber, fail(ErrorCode::TooLarge,
                                  "more than " + std::to_string(kMaxBridgeLines) + " bridges")});
            break;
        }
        checks.push_back({lineNumber, BridgeLine::parse(line)});
    }
    return checks;
}

} // namespace chive::core
