// Contact links: the byte-exact text form, what parse() tolerates, and one
// precise error per way a link can be wrong.

#include "core/Result.h"
#include "core/Sodium.h"
#include "core/link/ContactLink.h"

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>
#include <sodium.h>

#include <string>

#include "tests/core/LinkTestVectors.h"

using Catch::Matchers::ContainsSubstring;
using chive::core::ContactLink;
using chive::core::ErrorCode;
using chive::core::X25519PublicKey;
using namespace chive::testing;

namespace {

X25519PublicKey randomKey() {
    chive::core::ensureSodium();
    X25519PublicKey key{};
    randombytes_buf(key.data(), key.size());
    return key;
}

std::string upper(std::string text) {
    for (char& c : text) {
        if (c >= 'a' && c <= 'z') {
            c = static_cast<char>(c - 'a' + 'A');
        }
    }
    return text;
}

// The link's characters after "chive:".
std::string body(std::string_view link) {
    return std::string(link.substr(6));
}

} // namespace

TEST_CASE("a link's text is byte-exact for a fixed key", "[core][link]") {
    const ContactLink alice(keyFromHex(kAlicePublic));
    CHECK(alice.toString() == kAliceLink);
    CHECK(alice.toQrText() == upper(std::string(kAliceLink)));
    // version 1 || key || first 4 bytes of the checksum hash
    CHECK(hexOf(alice.payload()) == "01" + std::string(kAlicePublic) + "28364ad8");
    CHECK(ContactLink(keyFromHex(kBobPublic)).toString() == kBobLink);
    CHECK(ContactLink(X25519PublicKey{}).toString() ==
          "chive:aeaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaagithf6q");
    CHECK(alice.toString().size() == 6 + ContactLink::kEncodedLength);
    CHECK(ContactLink::kEncodedLength == 60);
}

TEST_CASE("a fixed link text parses to its key", "[core][link]") {
    const auto alice = ContactLink::parse(kAliceLink);
    REQUIRE(alice);
    CHECK(alice->handshakeKey() == keyFromHex(kAlicePublic));
    const auto bob = ContactLink::parse(kBobLink);
    REQUIRE(bob);
    CHECK(bob->handshakeKey() == keyFromHex(kBobPublic));
}

TEST_CASE("links of random keys round-trip through text and QR text", "[core][link]") {
    for (int i = 0; i < 1000; ++i) {
        const ContactLink link(randomKey());
        const auto fromText = ContactLink::parse(link.toString());
        REQUIRE(fromText);
        CHECK(*fromText == link);
        const auto fromQr = ContactLink::parse(link.toQrText());
        REQUIRE(fromQr);
        CHECK(*fromQr == link);
    }
}

TEST_CASE("parse finds the link in surrounding text, any case, with or without //",
          "[core][link]") {
    const auto alice = keyFromHex(kAlicePublic);
    const std::string link(kAliceLink);
    const std::string rest = body(kAliceLink);
    const std::vector<std::string> forms = {
        "  \t" + link + " \r\n",
        "Hi! Here is my link: " + link + ". See you!",
        "(" + link + ")",
        "<" + link + ">",
        upper(link),
        "Chive:" + rest.substr(0, 30) + upper(rest.substr(30)),
        "chive://" + rest,
        "CHIVE://" + upper(rest),
        // "chive:" in a sentence before the real link does not hide it
        "paste the chive: link below\n" + link,
        // "archive:" is not a link, the one after it is
        "archive:" + rest + " " + link,
    };
    for (const auto& text : forms) {
        INFO(text);
        const auto parsed = ContactLink::parse(text);
        REQUIRE(parsed);
        CHECK(parsed->handshakeKey() == alice);
    }
}

TEST_CASE("parse joins a link wrapped over lines, also quoted in a reply", "[core][link]") {
    const auto alice = keyFromHex(kAlicePublic);
    const std::string rest = body(kAliceLink);
    const std::vector<std::string> forms = {
        "chive:" + rest.substr(0, 20) + "\n" + rest.substr(20),
        "chive:" + rest.substr(0, 20) + "\r\n" + rest.substr(20, 20) + "\r\n" + rest.substr(40),
        "chive:\n" + rest,
        "> my link: chive:" + rest.substr(0, 25) + "\n> " + rest.substr(25) + "\n> thanks",
        ">> chive:" + rest.substr(0, 25) + "\n>>   " + rest.substr(25),
        "  chive:" + rest.substr(0, 40) + "  \n    " + rest.substr(40) + "\nnext line",
        // the link is complete at the line break: the next line is not joined
        "chive:" + rest + "\nThanks",
    };
    for (const auto& text : forms) {
        INFO(text);
        const auto parsed = ContactLink::parse(text);
        REQUIRE(parsed);
        CHECK(parsed->handshakeKey() == alice);
    }
}

TEST_CASE("text without a chive: link is not a link", "[core][link][error]") {
    for (const std::string& text : std::vector<std::string>{
             "", "hello", "agcsb4ajreykovdurn65znb665na3pz2butdqgxu5osktdvktnhgukbwjlma",
             "https://example.org/", "archive:" + body(kAliceLink), "chive"}) {
        INFO(text);
        const auto parsed = ContactLink::parse(text);
        REQUIRE_FALSE(parsed);
        CHECK(parsed.error().code == ErrorCode::Malformed);
        CHECK_THAT(parsed.error().message, ContainsSubstring("not a Chive contact link"));
    }
}

TEST_CASE("a character outside base32 is named with its position", "[core][link][error]") {
    std::string text(kAliceLink);
    text[6 + 9] = '1'; // the 10th character after "chive:"
    const auto parsed = ContactLink::parse(text);
    REQUIRE_FALSE(parsed);
    CHECK(parsed.error().code == ErrorCode::Malformed);
    CHECK_THAT(parsed.error().message, ContainsSubstring("character 10 of the link, '1'"));
    CHECK_THAT(parsed.error().message, ContainsSubstring("letter L or I"));

    text = std::string(kAliceLink);
    text[6 + 41] = '0';
    const auto zero = ContactLink::parse(text);
    REQUIRE_FALSE(zero);
    CHECK_THAT(zero.error().message, ContainsSubstring("character 42 of the link, '0'"));
}

TEST_CASE("a link with too few or too many characters has the wrong length",
          "[core][link][error]") {
    const std::string link(kAliceLink);
    const auto shortLink = ContactLink::parse(link.substr(0, link.size() - 3) + " and more");
    REQUIRE_FALSE(shortLink);
    CHECK(shortLink.error().code == ErrorCode::Malformed);
    CHECK_THAT(shortLink.error().message, ContainsSubstring("too short: it has 57 of the 60"));

    const auto empty = ContactLink::parse("chive: is a messenger");
    REQUIRE_FALSE(empty);
    CHECK_THAT(empty.error().message, ContainsSubstring("too short: it has 0 of the 60"));

    const auto longLink = ContactLink::parse(link + "a");
    REQUIRE_FALSE(longLink);
    CHECK(longLink.error().code == ErrorCode::Malformed);
    CHECK_THAT(longLink.error().message, ContainsSubstring("too long"));
}

TEST_CASE("a link of another version is unsupported, whatever its length", "[core][link][error]") {
    // Alice's key with version byte 2 and that version's valid checksum.
    const auto v2 =
        ContactLink::parse("chive:akcsb4ajreykovdurn65znb665na3pz2butdqgxu5osktdvktnhguyqvcz6q");
    REQUIRE_FALSE(v2);
    CHECK(v2.error().code == ErrorCode::UnsupportedVersion);
    CHECK_THAT(v2.error().message, ContainsSubstring("version 2"));
    CHECK_THAT(v2.error().message, ContainsSubstring("newer version of Chive"));

    // A future, longer link is still reported by its version.
    const auto longer = ContactLink::parse("chive:ay" + std::string(70, 'a'));
    REQUIRE_FALSE(longer);
    CHECK(longer.error().code == ErrorCode::UnsupportedVersion);
    CHECK_THAT(longer.error().message, ContainsSubstring("version 6"));
}

TEST_CASE("a typo anywhere after the version fails the checksum", "[core][link][error]") {
    const std::string link(kAliceLink);
    const std::string alphabet = "abcdefghijklmnopqrstuvwxyz234567";
    int checksumErrors = 0;
    int versionErrors = 0;
    for (std::size_t position = 6; position < link.size(); ++position) {
        for (const char replacement : alphabet) {
            if (replacement == link[position]) {
                continue;
            }
            std::string typo = link;
            typo[position] = replacement;
            const auto parsed = ContactLink::parse(typo);
            INFO(typo);
            REQUIRE_FALSE(parsed);
            if (parsed.error().code == ErrorCode::UnsupportedVersion) {
                CHECK(position < 8); // only the two characters holding the version byte
                ++versionErrors;
            } else {
                CHECK(parsed.error().code == ErrorCode::Corrupt);
                ++checksumErrors;
            }
        }
    }
    CHECK(checksumErrors > 58 * 31);
    CHECK(versionErrors > 0);

    std::string typo = link;
    typo[20] = typo[20] == 'a' ? 'b' : 'a';
    const auto parsed = ContactLink::parse(typo);
    REQUIRE_FALSE(parsed);
    CHECK_THAT(parsed.error().message, ContainsSubstring("checksum does not match"));
}

TEST_CASE("non-zero spare bits in the last character are refused", "[core][link][error]") {
    // The last character of Alice's link is 'a' (00000): 'b' sets a spare bit
    // but leaves the payload and its checksum intact.
    const std::string link(kAliceLink);
    REQUIRE(link.back() == 'a');
    const auto parsed = ContactLink::parse(link.substr(0, link.size() - 1) + "b");
    REQUIRE_FALSE(parsed);
    CHECK(parsed.error().code == ErrorCode::Corrupt);
    CHECK_THAT(parsed.error().message, ContainsSubstring("last character"));
}

TEST_CASE("an enormous text is refused before it is scanned", "[core][link][error]") {
    const std::string huge(ContactLink::kMaxTextLength + 1, ' ');
    const auto parsed = ContactLink::parse(huge + std::string(kAliceLink));
    REQUIRE_FALSE(parsed);
    CHECK(parsed.error().code == ErrorCode::TooLarge);
}
