// The SOCKS5 reply parser against fixed byte strings: every reply code,
// every address type, every truncation, and garbage.

#include "transport/Socks5ReplyCode.h"
#include "transport/Socks5ReplyParser.h"

#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include <random>

#include "tests/transport/OnionTestSupport.h"

using Catch::Matchers::ContainsSubstring;
using chive::core::ErrorCode;
using chive::testing::fromHex;
using chive::transport::Socks5BoundAddress;
using chive::transport::Socks5ReplyParser;

namespace {

// What Debian's tor 0.4.9.11 sent on a SocksPort with ExtendedErrors for a
// CONNECT to an onion address with a bad checksum (recorded 2026-11-21): the
// failure code with an all-zero IPv6 bound address.
constexpr std::string_view kTorInvalidAddressReply = "05f60004000000000000000000000000000000000000";

const std::vector<std::uint8_t> kIpv4Reply = fromHex("050000017f0000011f90");
const std::vector<std::uint8_t> kDomainReply = fromHex("050000030b6578616d706c652e636f6d0050");
const std::vector<std::uint8_t> kIpv6Reply =
    fromHex("0500000420010db8000000000000000000000001d431");

} // namespace

TEST_CASE("SOCKS method selection: no authentication is accepted", "[transport][socks]") {
    const auto parsed = Socks5ReplyParser::parseMethodSelection(fromHex("0500"));
    REQUIRE(parsed);
    REQUIRE(parsed->value);
    CHECK(parsed->value->method == 0x00);
    CHECK(parsed->size == 2);

    // A CONNECT reply pipelined behind it is left alone.
    const auto pipelined = Socks5ReplyParser::parseMethodSelection(fromHex("050005000001"));
    REQUIRE(pipelined);
    CHECK(pipelined->size == 2);
}

TEST_CASE("SOCKS method selection: truncation and bad replies", "[transport][socks]") {
    for (const auto& input : {std::vector<std::uint8_t>{}, fromHex("05")}) {
        const auto parsed = Socks5ReplyParser::parseMethodSelection(input);
        REQUIRE(parsed);
        CHECK_FALSE(parsed->value);
        CHECK(parsed->size == 2);
    }
    const auto wrongVersion = Socks5ReplyParser::parseMethodSelection(fromHex("04"));
    REQUIRE_FALSE(wrongVersion);
    CHECK(wrongVersion.error().code == ErrorCode::Malformed);
    CHECK_THAT(wrongVersion.error().message, ContainsSubstring("version 0x04"));

    const auto noneAcceptable = Socks5ReplyParser::parseMethodSelection(fromHex("05ff"));
    REQUIRE_FALSE(noneAcceptable);
    CHECK(noneAcceptable.error().code == ErrorCode::Tor);
    CHECK_THAT(noneAcceptable.error().message, ContainsSubstring("none of our authentication"));

    const auto password = Socks5ReplyParser::parseMethodSelection(fromHex("0502"));
    REQUIRE_FALSE(password);
    CHECK(password.error().code == ErrorCode::Malformed);
    CHECK_THAT(password.error().message, ContainsSubstring("0x02, which we did not offer"));
}

TEST_CASE("SOCKS CONNECT reply: every bound address type", "[transport][socks]") {
    SECTION("IPv4") {
        const auto parsed = Socks5ReplyParser::parseConnectReply(kIpv4Reply);
        REQUIRE(parsed);
        REQUIRE(parsed->value);
        CHECK(parsed->size == 10);
        CHECK(parsed->value->bound ==
              Socks5BoundAddress{Socks5BoundAddress::Type::IPv4, {127, 0, 0, 1}, 8080});
    }
    SECTION("domain name") {
        const auto parsed = Socks5ReplyParser::parseConnectReply(kDomainReply);
        REQUIRE(parsed);
        REQUIRE(parsed->value);
        CHECK(parsed->size == kDomainReply.size());
        const std::string name(parsed->value->bound.address.begin(),
                               parsed->value->bound.address.end());
        CHECK(parsed->value->bound.type == Socks5BoundAddress::Type::DomainName);
        CHECK(name == "example.com");
        CHECK(parsed->value->bound.port == 80);
    }
    SECTION("IPv6") {
        const auto parsed = Socks5ReplyParser::parseConnectReply(kIpv6Reply);
        REQUIRE(parsed);
        REQUIRE(parsed->value);
        CHECK(parsed->size == 22);
        CHECK(parsed->value->bound.type == Socks5BoundAddress::Type::IPv6);
        CHECK(parsed->value->bound.address == fromHex("20010db8000000000000000000000001"));
        CHECK(parsed->value->bound.port == 54321);
    }
    SECTION("longest domain name") {
        std::vector<std::uint8_t> reply = fromHex("05000003ff");
        reply.insert(reply.end(), 255, 'a');
        reply.push_back(0x01);
        reply.push_back(0xBB);
        CHECK(reply.size() == Socks5ReplyParser::kMaxConnectReplyLength);
        const auto parsed = Socks5ReplyParser::parseConnectReply(reply);
        REQUIRE(parsed);
        REQUIRE(parsed->value);
        CHECK(parsed->value->bound.address.size() == 255);
        CHECK(parsed->value->bound.port == 443);
    }
    SECTION("stream data after the reply is not consumed") {
        auto input = kIpv4Reply;
        input.insert(input.end(), {'h', 'i'});
        const auto parsed = Socks5ReplyParser::parseConnectReply(input);
        REQUIRE(parsed);
        CHECK(parsed->size == kIpv4Reply.size());
    }
}

TEST_CASE("SOCKS CONNECT reply: every reply code is a clear error", "[transport][socks]") {
    struct Expected {
        std::uint8_t code;
        ErrorCode error;
        const char* says;
    };
    const auto expected = GENERATE(
        Expected{0x01, ErrorCode::Tor, "general failure"},
        Expected{0x02, ErrorCode::Tor, "do not allow"},
        Expected{0x03, ErrorCode::Network, "network is unreachable"},
        Expected{0x04, ErrorCode::Network, "destination is unreachable"},
        Expected{0x05, ErrorCode::Network, "refused the connection"},
        Expected{0x06, ErrorCode::Timeout, "timed out"},
        Expected{0x07, ErrorCode::Tor, "CONNECT command"},
        Expected{0x08, ErrorCode::Tor, "kind of address"},
        Expected{0xF0, ErrorCode::NotFound, "onion service could not be found"},
        Expected{0xF1, ErrorCode::Tor, "invalid descriptor"},
        Expected{0xF2, ErrorCode::Network, "introduction to the contact's onion service failed"},
        Expected{0xF3, ErrorCode::Network, "rendezvous"},
        Expected{0xF4, ErrorCode::Crypto, "requires client authorization"},
        Expected{0xF5, ErrorCode::Crypto, "bad client authorization"},
        Expected{0xF6, ErrorCode::InvalidArgument, "rejected the onion address"},
        Expected{0xF7, ErrorCode::Timeout, "introduction to the contact's onion service timed out"},
        Expected{0x09, ErrorCode::Tor, "unknown SOCKS reply code"},
        Expected{0xF8, ErrorCode::Tor, "unknown SOCKS reply code"},
        Expected{0xFF, ErrorCode::Tor, "unknown SOCKS reply code"});
    for (auto reply : {kIpv4Reply, kDomainReply, kIpv6Reply}) {
        reply[1] = expected.code;
        const auto parsed = Socks5ReplyParser::parseConnectReply(reply);
        INFO("reply code " << int(expected.code));
        REQUIRE_FALSE(parsed);
        CHECK(parsed.error().code == expected.error);
        CHECK_THAT(parsed.error().message, ContainsSubstring(expected.says));
        char code[8];
        std::snprintf(code, sizeof(code), "0x%02X", expected.code);
        CHECK_THAT(parsed.error().message, ContainsSubstring(code));
    }
}

TEST_CASE("SOCKS CONNECT reply: Tor's own invalid-address reply", "[transport][socks]") {
    const auto parsed = Socks5ReplyParser::parseConnectReply(fromHex(kTorInvalidAddressReply));
    REQUIRE_FALSE(parsed);
    CHECK(parsed.error().code == ErrorCode::InvalidArgument);
}

TEST_CASE("SOCKS CONNECT reply: every truncation asks for more", "[transport][socks]") {
    auto failed = kDomainReply;
    failed[1] = 0xF0;
    for (const auto& reply :
         {kIpv4Reply, kDomainReply, kIpv6Reply, failed, fromHex(kTorInvalidAddressReply)}) {
        for (std::size_t length = 0; length < reply.size(); ++length) {
            INFO("prefix of " << length << " of " << reply.size() << " bytes");
            const auto parsed =
                Socks5ReplyParser::parseConnectReply(std::span(reply).first(length));
            REQUIRE(parsed);
            CHECK_FALSE(parsed->value);
            CHECK(parsed->size > length);
            CHECK(parsed->size <= reply.size());
        }
    }
}

TEST_CASE("SOCKS CONNECT reply: garbage is refused at the first bad byte", "[transport][socks]") {
    struct Garbage {
        const char* hex;
        const char* says;
    };
    const auto garbage = GENERATE(
        Garbage{"04", "version 0x04"}, Garbage{"48545450", "version 0x48"}, // "HTTP"
        Garbage{"050001", "reserved byte 0x01"}, Garbage{"05000000", "address type 0x00"},
        Garbage{"05000002", "address type 0x02"}, Garbage{"050000ff00000000", "address type 0xFF"},
        Garbage{"0500000300", "empty domain name"});
    const auto parsed = Socks5ReplyParser::parseConnectReply(fromHex(garbage.hex));
    REQUIRE_FALSE(parsed);
    CHECK(parsed.error().code == ErrorCode::Malformed);
    CHECK_THAT(parsed.error().message, ContainsSubstring(garbage.says));
}

TEST_CASE("SOCKS reply parsers never overrun random input", "[transport][socks]") {
    std::mt19937 random(20261121);
    std::uniform_int_distribution<int> byte(0, 255);
    std::uniform_int_distribution<std::size_t> length(0, 300);
    for (int i = 0; i < 20000; ++i) {
        std::vector<std::uint8_t> input(length(random));
        for (auto& b : input) {
            b = static_cast<std::uint8_t>(byte(random));
        }
        // Bias towards plausible headers so the deeper branches run too.
        if (input.size() >= 4 && i % 2 == 0) {
            input[0] = 0x05;
            input[2] = 0x00;
            input[3] = static_cast<std::uint8_t>(1 + (i / 2) % 4);
        }
        const auto reply = Socks5ReplyParser::parseConnectReply(input);
        if (reply && reply->value) {
            CHECK(reply->size <= input.size());
        } else if (reply) {
            CHECK(reply->size > input.size());
        }
        const auto method = Socks5ReplyParser::parseMethodSelection(input);
        if (method && method->value) {
            CHECK(method->size == 2);
        }
    }
}
