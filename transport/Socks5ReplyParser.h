#pragma once

// Socks5ReplyParser: parses what a SOCKS5 server (Tor's SocksPort) sends a
// client that offered only "no authentication" and asked to CONNECT
// (RFC 1928 §3 and §6). The input is untrusted; every check happens before
// any use, and nothing is allocated from a length in the input beyond the
// 255-byte domain-name bound the format itself fixes.
//
// Pure and stateless, so incremental by re-calling: hand it all bytes read so
// far; it either finishes, asks for a larger input, or fails at the first
// byte that cannot belong to a valid reply. Thread-safe.

#include "core/Result.h"
#include "transport/Socks5ReplyCode.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace chive::transport {

// How far a parse got.
template <class T>
struct Socks5Parsed {
    // Set once the whole reply is in the input.
    std::optional<T> value;
    // With a value: bytes of input the reply took; anything after them is
    // already stream data. Without: the input length needed before the next
    // call can get further (always more than the input had).
    std::size_t size = 0;
};

struct Socks5MethodSelection {
    std::uint8_t method = 0; // always 0x00, "no authentication"
};

struct Socks5BoundAddress {
    enum class Type : std::uint8_t { IPv4 = 0x01, DomainName = 0x03, IPv6 = 0x04 };
    Type type = Type::IPv4;
    // 4 bytes (IPv4), 16 bytes (IPv6), or the 1-255 bytes of a domain name.
    std::vector<std::uint8_t> address;
    std::uint16_t port = 0;

    bool operator==(const Socks5BoundAddress&) const = default;
};

// A successful CONNECT reply. Tor fills BND with zeros; it is kept because
// the format has it, not because Chive needs it.
struct Socks5ConnectReply {
    Socks5BoundAddress bound;
};

class Socks5ReplyParser {
public:
    static constexpr std::uint8_t kVersion = 0x05;
    static constexpr std::uint8_t kMethodNoAuth = 0x00;
    static constexpr std::uint8_t kMethodNoneAcceptable = 0xFF;
    // VER REP RSV ATYP, a length byte, 255 name bytes, a 2-byte port.
    static constexpr std::size_t kMaxConnectReplyLength = 4 + 1 + 255 + 2;

    // The 2-byte method-selection reply. Fails with Malformed for a wrong
    // version or a method we did not offer, and with Tor when the server
    // accepts none of ours (it wants a password).
    static core::Result<Socks5Parsed<Socks5MethodSelection>>
    parseMethodSelection(std::span<const std::uint8_t> input);

    // The CONNECT reply. Fails with Malformed for a wrong version, a
    // non-zero reserved byte, an unknown address type or an empty domain
    // name, and, once the reply is complete, with socks5ReplyError() for
    // any reply code other than success.
    static core::Result<Socks5Parsed<Socks5ConnectReply>>
    parseConnectReply(std::span<const std::uint8_t> input);
};

} // namespace chive::transport
