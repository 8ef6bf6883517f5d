#include "core/net/BridgeLine.h"

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include <string>

using Catch::Matchers::ContainsSubstring;
using chive::core::BridgeLine;
using chive::core::BridgeTransport;
using chive::core::checkBridgeLines;
using chive::core::ErrorCode;

namespace {

constexpr std::string_view kFingerprint = "2B280B23E1107BB62ABFC40DDCC8824814F80A72";
// Base64 of 52 bytes 0..51, as an obfs4 cert (node id and public key).
constexpr std::string_view kCert =
    "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMw";

std::string obfs4Line() {
    return "obfs4 192.0.2.10:443 " + std::string(kFingerprint) + " cert=" + std::string(kCert) +
           " iat-mode=0";
}

std::string snowflakeLine() {
    return "snowflake 192.0.2.3:80 " + std::string(kFingerprint) +
           " fingerprint=" + std::string(kFingerprint) +
           " url=https://snowflake-broker.example.net/ fronts=cdn.example.com,www.example.org"
           " ice=stun:stun.example.net:3478,stun:stun.example.com:19302"
           " utls-imitate=hellorandomizedalpn";
}

std::string errorOf(std::string_view line) {
    auto parsed = BridgeLine::parse(line);
    REQUIRE_FALSE(parsed);
    return parsed.error().message;
}

} // namespace

TEST_CASE("a plain bridge with and without fingerprint", "[core][bridge]") {
    auto bare = BridgeLine::parse("192.0.2.1:9001");
    REQUIRE(bare);
    CHECK(bare->transport() == BridgeTransport::Plain);
    CHECK(bare->address() == "192.0.2.1:9001");
    CHECK(bare->fingerprint().empty());
    CHECK(bare->toTorValue() == "192.0.2.1:9001");

    auto withPrint =
        BridgeLine::parse("Bridge 127.0.0.1:5000 2b280b23e1107bb62abfc40ddcc8824814f80a72");
    REQUIRE(withPrint);
    CHECK(withPrint->fingerprint() == kFingerprint);
    CHECK(withPrint->toTorValue() == "127.0.0.1:5000 " + std::string(kFingerprint));

    auto ipv6 = BridgeLine::parse("  [2001:db8::7]:443\t" + std::string(kFingerprint) + "  ");
    REQUIRE(ipv6);
    CHECK(ipv6->address() == "[2001:db8::7]:443");
}

TEST_CASE("obfs4 and snowflake lines as distributed parse and print back", "[core][bridge]") {
    auto obfs4 = BridgeLine::parse("Bridge " + obfs4Line());
    REQUIRE(obfs4);
    CHECK(obfs4->transport() == BridgeTransport::Obfs4);
    CHECK(obfs4->options().size() == 2);
    CHECK(obfs4->toTorValue() == obfs4Line());

    auto snowflake = BridgeLine::parse(snowflakeLine());
    REQUIRE(snowflake);
    CHECK(snowflake->transport() == BridgeTransport::Snowflake);
    CHECK(snowflake->toTorValue() == snowflakeLine());
    auto again = BridgeLine::parse(snowflake->toTorValue());
    REQUIRE(again);
    CHECK(*again == *snowflake);
}

TEST_CASE("characters that could inject torrc options are refused with their column",
          "[core][bridge]") {
    CHECK(errorOf("192.0.2.1:443\nUseBridges 0") == "character 14 is a line break");
    CHECK(errorOf("192.0.2.1:443\rx") == "character 14 is a line break");
    CHECK(errorOf(std::string("192.0.2.1:443") + '\0') == "character 14 is a control character");
    CHECK(errorOf("obfs4 192.0.2.1:443 \"x") == "character 21 is a quote");
    CHECK(errorOf("obfs4 192.0.2.1:443 x\\") == "character 22 is a backslash");
    CHECK_THAT(errorOf("192.0.2.1:443 # comment"), ContainsSubstring("comment"));
    CHECK(errorOf("192.0.2.1:443 \xC3\xA9") == "character 15 is not ASCII");
    CHECK(errorOf("192.0.2.1:443 \x7F") == "character 15 is a control character");
}

TEST_CASE("a line longer than the bound is refused before it is read", "[core][bridge]") {
    const std::string longLine = obfs4Line() + std::string(BridgeLine::kMaxLength, ' ');
    auto parsed = BridgeLine::parse(longLine);
    REQUIRE_FALSE(parsed);
    CHECK(parsed.error().code == ErrorCode::TooLarge);
}

TEST_CASE("addresses and ports are checked precisely", "[core][bridge]") {
    CHECK_THAT(errorOf("192.0.2.1"), ContainsSubstring("lacks its :port"));
    CHECK_THAT(errorOf("192.0.2.256:443"), ContainsSubstring("is not an IPv4 address"));
    CHECK_THAT(errorOf("192.0.2:443"), ContainsSubstring("is not an IPv4 address"));
    CHECK_THAT(errorOf("192.0.02.1:443"), ContainsSubstring("is not an IPv4 address"));
    CHECK_THAT(errorOf("bridge.example.com:443"), ContainsSubstring("is not an IPv4 address"));
    CHECK(errorOf("192.0.2.1:0") == "port \"0\" is not a number from 1 to 65535");
    CHECK(errorOf("192.0.2.1:65536") == "port \"65536\" is not a number from 1 to 65535");
    CHECK(errorOf("192.0.2.1:") == "port \"\" is not a number from 1 to 65535");
    CHECK(BridgeLine::parse("192.0.2.1:65535"));
    CHECK_THAT(errorOf("2001:db8::1:443"), ContainsSubstring("must be in brackets"));
    CHECK_THAT(errorOf("[2001:db8::g]:443"), ContainsSubstring("is not an IPv6 address"));
    CHECK_THAT(errorOf("[2001:db8::1:443"), ContainsSubstring("lacks its ']'"));
    CHECK_THAT(errorOf("[2001:db8::1]443"), ContainsSubstring("lacks its :port"));
}

TEST_CASE("fingerprints are 40 hex digits", "[core][bridge]") {
    CHECK_THAT(errorOf("192.0.2.1:443 2B280B23E1107BB62ABFC40DDCC8824814F80A7"),
               ContainsSubstring("must be 40 hex digits"));
    CHECK_THAT(errorOf("192.0.2.1:443 2B280B23E1107BB62ABFC40DDCC8824814F80A7Z"),
               ContainsSubstring("must be 40 hex digits"));
    CHECK(errorOf("obfs4 192.0.2.1:443 cert=" + std::string(kCert) + " iat-mode=0") ==
          "an obfs4 bridge needs its fingerprint (40 hex digits) after the address");
    CHECK(errorOf("192.0.2.1:443 " + std::string(kFingerprint) + " extra") ==
          "a plain bridge takes nothing after the fingerprint");
}

TEST_CASE("obfs4 options are checked", "[core][bridge]") {
    const std::string head = "obfs4 192.0.2.10:443 " + std::string(kFingerprint);
    CHECK(errorOf(head + " iat-mode=0") == "an obfs4 bridge needs cert=");
    CHECK(errorOf(head + " cert=" + std::string(kCert)) == "an obfs4 bridge needs iat-mode=");
    CHECK(errorOf(head + " cert=abc iat-mode=0") == "cert= must be 70 base64 characters");
    std::string badBits(kCert);
    badBits.back() = 'x'; // non-zero unused bits
    CHECK(errorOf(head + " cert=" + badBits + " iat-mode=0") ==
          "cert= is not valid base64 of an obfs4 certificate");
    CHECK(errorOf(head + " cert=" + std::string(kCert) + " iat-mode=3") ==
          "iat-mode= must be 0, 1 or 2");
    CHECK(errorOf(head + " cert=" + std::string(kCert) + " iat-mode=0 iat-mode=1") ==
          "duplicate option iat-mode=");
    CHECK_THAT(errorOf(head + " cert=" + std::string(kCert) + " iat-mode=0 foo=1"),
               ContainsSubstring("unknown obfs4 option \"foo\""));
    CHECK(errorOf(head + " cert= iat-mode=0") == "option cert= has no value");
    CHECK(errorOf(head + " cert") == "\"cert\" is not an option of the form key=value");
    CHECK(errorOf(head + " =x") == "\"\" is not an option name");
}

TEST_CASE("snowflake options are checked", "[core][bridge]") {
    const std::string head = "snowflake 192.0.2.3:80 " + std::string(kFingerprint);
    CHECK(BridgeLine::parse(head + " url=https://broker.example.net/"));
    CHECK(errorOf(head + " fronts=a.example") == "a snowflake bridge needs url=");
    CHECK(errorOf(head + " url=http://broker.example.net/") == "url= must be an https:// address");
    CHECK(errorOf(head + " url=https:///x") == "url= has no valid host name");
    CHECK(errorOf(head + " url=https://b.example fingerprint=" + std::string(39, 'A') + "B") ==
          "fingerprint= differs from the bridge's fingerprint");
    CHECK(errorOf(head + " url=https://b.example fronts=a.example,,b.example") ==
          "fronts= must be host names separated by commas");
    CHECK(errorOf(head + " url=https://b.example ice=http://x") ==
          "ice= must be stun: or turn: servers separated by commas");
    CHECK(errorOf(head + " url=https://b.example utls-imitate=a;b") ==
          "utls-imitate= must be letters, digits, '-' or '_'");
    CHECK_THAT(errorOf(head + " url=https://b.example proxy=x"),
               ContainsSubstring("unknown snowflake option"));
}

TEST_CASE("unknown transports are named", "[core][bridge]") {
    CHECK(errorOf("meek_lite 192.0.2.1:443 " + std::string(kFingerprint)) ==
          "unknown transport \"meek_lite\": Chive takes obfs4, snowflake or plain bridges");
    CHECK(errorOf("Bridge") == "the line has no bridge address");
    CHECK(errorOf("obfs4") == "the obfs4 bridge has no address");
}

TEST_CASE("pasted text is checked line by line", "[core][bridge]") {
    const std::string text = "# from bridges.torproject.org\r\n\r\n" + obfs4Line() +
                             "\r\n192.0.2.1:0\n\n  \nobfs4 192.0.2.1:443";
    const auto checks = checkBridgeLines(text);
    REQUIRE(checks.size() == 3);
    CHECK(checks[0].lineNumber == 3);
    CHECK(checks[0].line);
    CHECK(checks[1].lineNumber == 4);
    REQUIRE_FALSE(checks[1].line);
    CHECK_THAT(checks[1].line.error().message, ContainsSubstring("port"));
    CHECK(checks[2].lineNumber == 7);
    REQUIRE_FALSE(checks[2].line);
    CHECK_THAT(checks[2].line.error().message, ContainsSubstring("fingerprint"));

    CHECK(checkBridgeLines("").empty());
    CHECK(checkBridgeLines("\n \n# only a comment\n").empty());
}

TEST_CASE("too many lines or too much text is reported, not read", "[core][bridge]") {
    std::string many;
    for (std::size_t i = 0; i <= chive::core::kMaxBridgeLines; ++i) {
        many += "192.0.2.1:443\n";
    }
    const auto checks = checkBridgeLines(many);
    REQUIRE(checks.size() == chive::core::kMaxBridgeLines + 1);
    REQUIRE_FALSE(checks.back().line);
    CHECK(checks.back().line.error().code == ErrorCode::TooLarge);

    const auto huge = checkBridgeLines(std::string(chive::core::kMaxBridgeText + 1, 'a'));
    REQUIRE(huge.size() == 1);
    REQUIRE_FALSE(huge.front().line);
    CHECK(huge.front().line.error().code == ErrorCode::TooLarge);
}
