#include "transport/Socks5ReplyParser.h"

#include <string>
#include <string_view>

namespace chive::transport {
namespace {

constexpr std::size_t kConnectHeaderLength = 4; // VER REP RSV ATYP
constexpr std::size_t kPortLength = 2;

std::string hexByte(std::uint8_t byte) {
    constexpr std::string_view kDigits = "0123456789ABCDEF";
    std::string text = "0x";
    text.push_back(kDigits[byte >> 4]);
    text.push_back(kDigits[byte & 0x0F]);
    return text;
}

core::Error malformed(std::string message) {
    return core::Error{core::ErrorCode::Malformed, "SOCKS server sent " + std::move(message)};
}

template <class T>
Socks5Parsed<T> needMore(std::size_t size) {
    return Socks5Parsed<T>{std::nullopt, size};
}

} // namespace

core::Result<Socks5Parsed<Socks5MethodSelection>>
Socks5ReplyParser::parseMethodSelection(std::span<const std::uint8_t> input) {
    constexpr std::size_t kLength = 2;
    if (!input.empty() && input[0] != kVersion) {
        return core::fail(malformed("version " + hexByte(input[0]) +
                                    " in its method selection, expected 0x05 (not SOCKS5?)"));
    }
    if (input.size() < kLength) {
        return needMore<Socks5MethodSelection>(kLength);
    }
    if (input[1] == kMethodNoneAcceptable) {
        return core::fail(core::ErrorCode::Tor,
                          "SOCKS server accepts none of our authentication methods "
                          "(the SocksPort needs a password?)");
    }
    if (input[1] != kMethodNoAuth) {
        return core::fail(
            malformed("authentication method " + hexByte(input[1]) + ", which we did not offer"));
    }
    return Socks5Parsed<Socks5MethodSelection>{Socks5MethodSelection{kMethodNoAuth}, kLength};
}

core::Result<Socks5Parsed<Socks5ConnectReply>>
Socks5ReplyParser::parseConnectReply(std::span<const std::uint8_t> input) {
    using Parsed = Socks5Parsed<Socks5ConnectReply>;
    if (!input.empty() && input[0] != kVersion) {
        return core::fail(malformed("version " + hexByte(input[0]) +
                                    " in its reply, expected 0x05 (not SOCKS5?)"));
    }
    if (input.size() >= 3 && input[2] != 0) {
        return core::fail(malformed("reserved byte " + hexByte(input[2]) + ", which must be 0"));
    }
    if (input.size() < kConnectHeaderLength) {
        return needMore<Socks5ConnectReply>(kConnectHeaderLength);
    }

    Socks5BoundAddress bound;
    std::size_t addressOffset = kConnectHeaderLength;
    std::size_t addressLength = 0;
    switch (input[3]) {
    case static_cast<std::uint8_t>(Socks5BoundAddress::Type::IPv4):
        bound.type = Socks5BoundAddress::Type::IPv4;
        addressLength = 4;
        break;
    case static_cast<std::uint8_t>(Socks5BoundAddress::Type::IPv6):
        bound.type = Socks5BoundAddress::Type::IPv6;
        addressLength = 16;
        break;
    case static_cast<std::uint8_t>(Socks5BoundAddress::Type::DomainName):
        bound.type = Socks5BoundAddress::Type::DomainName;
        if (input.size() < kConnectHeaderLength + 1) {
            return needMore<Socks5ConnectReply>(kConnectHeaderLength + 1);
        }
        addressLength = input[kConnectHeaderLength];
        if (addressLength == 0) {
            return core::fail(malformed("an empty domain name as bound address"));
        }
        addressOffset += 1;
        break;
    default:
        return core::fail(malformed("unknown address type " + hexByte(input[3])));
    }

    const std::size_t total = addressOffset + addressLength + kPortLength;
    if (input.size() < total) {
        return needMore<Socks5ConnectReply>(total);
    }
    const std::uint8_t replyCode = input[1];
    if (replyCode != static_cast<std::uint8_t>(Socks5ReplyCode::Succeeded)) {
        return core::fail(socks5ReplyError(replyCode));
    }
    const auto address = input.subspan(addressOffset, addressLength);
    bound.address.assign(address.begin(), address.end());
    const std::size_t portOffset = addressOffset + addressLength;
    bound.port = static_cast<std::uint16_t>((input[portOffset] << 8) | input[portOffset + 1]);
    return Parsed{Socks5ConnectReply{std::move(bound)}, total};
}

} // namespace chive::transport
