#pragma once

// BridgeLine: one Tor bridge as a person pastes it, checked before any of it
// reaches Tor. Accepted forms (an optional leading "Bridge " is dropped):
//
//   IP:PORT [FINGERPRINT]                                   plain bridge
//   obfs4 IP:PORT FINGERPRINT cert=BASE64 iat-mode=0|1|2
//   snowflake IP:PORT FINGERPRINT [fingerprint=HEX] url=https://… [front=HOST
//             | fronts=HOST,…] [ice=stun:…,…] [utls-imitate=NAME] …
//
// IP is dotted IPv4 or a bracketed IPv6 address, PORT 1-65535, FINGERPRINT 40
// hex digits. The text becomes one value of Tor's "Bridge" option (on the
// embedded Tor's command line, or quoted in SETCONF), so anything that could
// end that value or start another option is refused: line breaks, control
// characters, quotes, backslashes, non-ASCII bytes, and lines over
// kMaxLength. Errors name the field and, for a bad character, its column.
//
// A plain value: copyable, shareable between threads.

#include "core/Result.h"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace chive::core {

enum class BridgeTransport { Plain, Obfs4, Snowflake };

// "plain", "obfs4", "snowflake".
const char* bridgeTransportName(BridgeTransport transport) noexcept;

class BridgeLine {
public:
    // A snowflake line from Tor Browser is about 600 characters.
    static constexpr std::size_t kMaxLength = 1024;
    static constexpr std::size_t kFingerprintLength = 40;
    // Base64 (unpadded) of obfs4's 52-byte cert: node id and public key.
    static constexpr std::size_t kObfs4CertLength = 70;
    static constexpr std::size_t kMaxOptions = 16;

    // Errors: TooLarge (over kMaxLength), Malformed with what is wrong:
    // "character 12 is a quote", "unknown transport \"meek\"", "port 0 is
    // out of range", "the fingerprint must be 40 hex digits", "obfs4 needs
    // cert=", "duplicate option iat-mode", …
    static Result<BridgeLine> parse(std::string_view line);

    [[nodiscard]] BridgeTransport transport() const noexcept { return m_transport; }
    // "192.0.2.1:443" or "[2001:db8::1]:443", as given.
    [[nodiscard]] const std::string& address() const noexcept { return m_address; }
    // Upper-case hex; empty for a plain bridge given without one.
    [[nodiscard]] const std::string& fingerprint() const noexcept { return m_fingerprint; }
    [[nodiscard]] const std::vector<std::pair<std::string, std::string>>& options() const noexcept {
        return m_options;
    }
    // The value of Tor's Bridge option: fields separated by single spaces,
    // without "Bridge ". parse(toTorValue()) gives an equal line.
    [[nodiscard]] std::string toTorValue() const;

    friend bool operator==(const BridgeLine&, const BridgeLine&) = default;

private:
    BridgeLine() = default;

    BridgeTransport m_transport = BridgeTransport::Plain;
    std::string m_address;
    std::string m_fingerprint;
    std::vector<std::pair<std::string, std::string>> m_options;
};

// One line of pasted text and what parse() made of it.
struct BridgeLineCheck {
    std::size_t lineNumber = 0; // 1-based, counting blank lines too
    Result<BridgeLine> line;
};

// Pasted text of several bridge lines. Lines end with LF (a CR before it is
// dropped); blank lines and lines starting with '#' are skipped. At most
// kMaxBridgeLines lines are checked and kMaxBridgeText bytes read: beyond
// that, one TooLarge entry says so.
inline constexpr std::size_t kMaxBridgeLines = 64;
inline constexpr std::size_t kMaxBridgeText = kMaxBridgeLines * (BridgeLine::kMaxLength + 2);
std::vector<BridgeLineCheck> checkBridgeLines(std::string_view text);

} // namespace chive::core
