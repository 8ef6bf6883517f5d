// Per-contact keys and the bundle: golden encodings from published keys,
// freshness, the stored-keys format, and a parser that refuses every bad
// bundle with the reason while skipping fields it does not know.

#include "core/Sodium.h"
#include "core/protocol/ContactBundle.h"
#include "core/protocol/ContactKeys.h"

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>
#include <sodium.h>

#include <set>
#include <string>
#include <vector>

#include "tests/core/LinkTestVectors.h"
#include "tests/core/ProtocolTestVectors.h"

using Catch::Matchers::ContainsSubstring;
using chive::core::ContactBundle;
using chive::core::ContactKeys;
using chive::core::ErrorCode;
using namespace chive::testing;

namespace {

std::vector<std::uint8_t> storedKeysBlob() {
    return bytesFromHex(std::string("01") + std::string(kAliceSecret) + std::string(kEd25519Seed1) +
                        std::string(kBobSecret));
}

ContactBundle goldenBundle() {
    ContactBundle bundle;
    bundle.staticKey = keyFromHex(kAlicePublic);
    bundle.serviceKey = keyFromHex(kEd25519Public1);
    bundle.clientAuthKey = keyFromHex(kBobPublic);
    return bundle;
}

ErrorCode parseError(const std::vector<std::uint8_t>& bytes) {
    const auto parsed = ContactBundle::parse(bytes);
    REQUIRE_FALSE(parsed);
    CHECK_FALSE(parsed.error().message.empty());
    return parsed.error().code;
}

// The 8-torsion point of order 8 (small order), canonical encoding.
constexpr std::string_view kSmallOrderX25519 =
    "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800";
// The ed25519 identity (order 1).
constexpr std::string_view kSmallOrderEd25519 =
    "0100000000000000000000000000000000000000000000000000000000000000";

} // namespace

TEST_CASE("a bundle encodes to the golden bytes and parses back", "[core][bundle]") {
    const auto bundle = goldenBundle();
    CHECK(hexOf(bundle.encode()) == kInitiatorBundle);
    const auto parsed = ContactBundle::parse(bytesFromHex(kInitiatorBundle));
    REQUIRE(parsed);
    CHECK(*parsed == bundle);
    CHECK(bundle.encode().size() == 106);
}

TEST_CASE("stored contact keys give the published public keys", "[core][bundle]") {
    const auto blob = storedKeysBlob();
    const auto keys = ContactKeys::parse(blob);
    REQUIRE(keys);
    CHECK(hexOf(keys->staticKey().publicKey()) == kAlicePublic);
    CHECK(hexOf(keys->servicePublicKey()) == kEd25519Public1);
    CHECK(hexOf(keys->clientAuthPublicKey()) == kBobPublic);
    CHECK(hexOf(keys->serviceSeed()) == kEd25519Seed1);
    CHECK(hexOf(keys->clientAuthPrivateKey()) == kBobSecret);
    CHECK(hexOf(keys->bundle().encode()) == kInitiatorBundle);
    const auto again = keys->serialize();
    CHECK(hexOf(again.span()) == hexOf(blob));
}

TEST_CASE("contact keys are fresh for every contact", "[core][bundle]") {
    std::set<std::string> seen;
    for (int i = 0; i < 50; ++i) {
        const auto keys = ContactKeys::generate();
        const auto round = ContactKeys::parse(keys.serialize().span());
        REQUIRE(round);
        CHECK(round->bundle() == keys.bundle());
        // Nine values per contact; none may repeat anywhere.
        for (const std::string& value :
             {hexOf(keys.staticKey().secretKey()), hexOf(keys.staticKey().publicKey()),
              hexOf(keys.serviceSeed()), hexOf(keys.servicePublicKey()),
              hexOf(keys.clientAuthPrivateKey()), hexOf(keys.clientAuthPublicKey())}) {
            CHECK(seen.insert(value).second);
        }
        // Our own bundle always passes the checks a contact applies to it.
        CHECK(ContactBundle::parse(keys.bundle().encode()));
    }
}

TEST_CASE("stored contact keys that are damaged or newer are refused", "[core][bundle]") {
    auto blob = storedKeysBlob();
    SECTION("newer format") {
        blob[0] = 2;
        const auto keys = ContactKeys::parse(blob);
        REQUIRE_FALSE(keys);
        CHECK(keys.error().code == ErrorCode::UnsupportedVersion);
    }
    SECTION("version 0") {
        blob[0] = 0;
        CHECK(ContactKeys::parse(blob).error().code == ErrorCode::Corrupt);
    }
    SECTION("every truncation and one byte too many") {
        for (std::size_t length = 0; length < blob.size(); ++length) {
            const auto keys = ContactKeys::parse(std::span(blob).first(length));
            REQUIRE_FALSE(keys);
            CHECK(keys.error().code == ErrorCode::Corrupt);
        }
        blob.push_back(0);
        CHECK(ContactKeys::parse(blob).error().code == ErrorCode::Corrupt);
    }
    SECTION("an all-zero key") {
        for (const std::size_t offset : {1U, 33U, 65U}) {
            auto zeroed = blob;
            std::fill_n(zeroed.begin() + static_cast<long>(offset), 32, std::uint8_t{0});
            const auto keys = ContactKeys::parse(zeroed);
            REQUIRE_FALSE(keys);
            CHECK_THAT(keys.error().message, ContainsSubstring("all-zero"));
        }
    }
}

TEST_CASE("unknown bundle fields are skipped, known ones still read", "[core][bundle]") {
    // A field before, between and after the known ones, as a newer Chive
    // might add them; tag 0x00 first, 0x7f and 0xff later.
    const auto golden = bytesFromHex(kInitiatorBundle);
    std::vector<std::uint8_t> extended{0x01, 0x00, 0x00, 0x03, 0xaa, 0xbb, 0xcc};
    extended.insert(extended.end(), golden.begin() + 1, golden.end());
    for (const std::uint8_t tag : {std::uint8_t{0x7f}, std::uint8_t{0xff}}) {
        extended.insert(extended.end(), {tag, 0x00, 0x02, 0x11, 0x22});
    }
    const auto parsed = ContactBundle::parse(extended);
    REQUIRE(parsed);
    CHECK(*parsed == goldenBundle());
    // An empty unknown field is fine too.
    auto empty = golden;
    empty.insert(empty.end(), {0x10, 0x00, 0x00});
    CHECK(ContactBundle::parse(empty));
}

TEST_CASE("malformed bundles are refused with the reason", "[core][bundle]") {
    const auto golden = bytesFromHex(kInitiatorBundle);
    SECTION("empty, version 0, a newer version") {
        CHECK(parseError({}) == ErrorCode::Malformed);
        auto bytes = golden;
        bytes[0] = 0;
        CHECK(parseError(bytes) == ErrorCode::Malformed);
        bytes[0] = 2;
        CHECK(parseError(bytes) == ErrorCode::UnsupportedVersion);
        // A newer version is named as such even if its body differs.
        CHECK(parseError({0x05, 0xff}) == ErrorCode::UnsupportedVersion);
    }
    SECTION("every truncation") {
        for (std::size_t length = 0; length < golden.size(); ++length) {
            const auto parsed = ContactBundle::parse(std::span(golden).first(length));
            REQUIRE_FALSE(parsed);
            CHECK(parsed.error().code == ErrorCode::Malformed);
        }
    }
    SECTION("a missing field names it") {
        // Version and the first two fields only.
        const auto parsed = ContactBundle::parse(std::span(golden).first(1 + 2 * 35));
        REQUIRE_FALSE(parsed);
        CHECK_THAT(parsed.error().message, ContainsSubstring("client-authorization key"));
    }
    SECTION("a repeated or out-of-order field") {
        auto repeated = golden;
        repeated.insert(repeated.end(), golden.begin() + 71, golden.end());
        CHECK(parseError(repeated) == ErrorCode::Malformed);
        std::vector<std::uint8_t> swapped{0x01};
        swapped.insert(swapped.end(), golden.begin() + 36, golden.begin() + 71);
        swapped.insert(swapped.end(), golden.begin() + 1, golden.begin() + 36);
        swapped.insert(swapped.end(), golden.begin() + 71, golden.end());
        const auto parsed = ContactBundle::parse(swapped);
        REQUIRE_FALSE(parsed);
        CHECK_THAT(parsed.error().message, ContainsSubstring("out of order"));
    }
    SECTION("a known field of the wrong length") {
        std::vector<std::uint8_t> bytes{0x01, 0x01, 0x00, 0x1f};
        bytes.insert(bytes.end(), 31, 0x09);
        bytes.insert(bytes.end(), golden.begin() + 36, golden.end());
        const auto parsed = ContactBundle::parse(bytes);
        REQUIRE_FALSE(parsed);
        CHECK(parsed.error().code == ErrorCode::Malformed);
        CHECK_THAT(parsed.error().message, ContainsSubstring("static key has 31 bytes"));
    }
    SECTION("a length that runs past the end") {
        auto bytes = golden;
        bytes.insert(bytes.end(), {0x40, 0xff, 0xff, 0x00});
        CHECK(parseError(bytes) == ErrorCode::Malformed);
    }
    SECTION("over the size limit, before anything is read") {
        std::vector<std::uint8_t> bytes(ContactBundle::kMaxEncodedLength + 1, 0xff);
        CHECK(parseError(bytes) == ErrorCode::TooLarge);
    }
}

TEST_CASE("bundle keys that are not usable points are refused", "[core][bundle]") {
    auto withKey = [](std::size_t offset, std::string_view hex) {
        auto bytes = bytesFromHex(kInitiatorBundle);
        const auto key = bytesFromHex(hex);
        std::copy(key.begin(), key.end(), bytes.begin() + static_cast<long>(offset));
        return ContactBundle::parse(bytes);
    };
    for (const std::string_view bad :
         {kSmallOrderX25519, std::string_view("0000000000000000000000000000000000000000000000000000"
                                              "000000000000")}) {
        const auto staticBad = withKey(4, bad);
        REQUIRE_FALSE(staticBad);
        CHECK(staticBad.error().code == ErrorCode::Crypto);
        CHECK_THAT(staticBad.error().message, ContainsSubstring("static key"));
        const auto authBad = withKey(74, bad);
        REQUIRE_FALSE(authBad);
        CHECK(authBad.error().code == ErrorCode::Crypto);
        CHECK_THAT(authBad.error().message, ContainsSubstring("client-authorization"));
    }
    const auto serviceBad = withKey(39, kSmallOrderEd25519);
    REQUIRE_FALSE(serviceBad);
    CHECK(serviceBad.error().code == ErrorCode::Crypto);
    CHECK_THAT(serviceBad.error().message, ContainsSubstring("onion service key"));
}
