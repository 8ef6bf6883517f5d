// Safety numbers: fixed keys give a fixed number (computed outside Chive),
// both sides see the same number, and the QR comparison tells a match from a
// mismatch and from a code that is not a safety number.

#include "core/Sodium.h"
#include "core/protocol/SafetyNumber.h"

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>
#include <sodium.h>

#include <numeric>
#include <set>
#include <string>
#include <vector>

#include "tests/core/LinkTestVectors.h"

using Catch::Matchers::ContainsSubstring;
using chive::core::ErrorCode;
using chive::core::SafetyNumber;
using chive::core::X25519PublicKey;
using namespace chive::testing;

namespace {

X25519PublicKey randomKey() {
    chive::core::ensureSodium();
    X25519PublicKey key{};
    randombytes_buf(key.data(), key.size());
    return key;
}

X25519PublicKey counting(std::uint8_t from) {
    X25519PublicKey key{};
    std::iota(key.begin(), key.end(), from);
    return key;
}

} // namespace

TEST_CASE("fixed static keys give the fixed safety number", "[core][safety]") {
    const auto number = SafetyNumber::compute(keyFromHex(kAlicePublic), keyFromHex(kBobPublic));
    CHECK(number.toString() ==
          "13263 78572 42006 18525 30717 14202 39068 20912 72776 35228 96947 71218");
    CHECK(number.toQrText() ==
          "CHIVE-SAFETY:132637857242006185253071714202390682091272776352289694771218");
    // Keys 00..1f and 20..3f; leading zeros are kept.
    CHECK(SafetyNumber::compute(counting(0), counting(32)).toString() ==
          "37933 55053 56481 50277 01197 16155 90574 04475 86141 34922 06749 16956");
}

TEST_CASE("both sides see the same safety number", "[core][safety]") {
    CHECK(SafetyNumber::compute(keyFromHex(kBobPublic), keyFromHex(kAlicePublic)).toString() ==
          "13263 78572 42006 18525 30717 14202 39068 20912 72776 35228 96947 71218");
    std::set<std::string> seen;
    for (int i = 0; i < 500; ++i) {
        const auto a = randomKey();
        const auto b = randomKey();
        const auto mine = SafetyNumber::compute(a, b);
        const auto theirs = SafetyNumber::compute(b, a);
        REQUIRE(mine == theirs);
        REQUIRE(mine.toString() == theirs.toString());
        CHECK(seen.insert(mine.toString()).second);
        const std::string text = mine.toString();
        REQUIRE(text.size() == 12 * 5 + 11);
        for (std::size_t k = 0; k < text.size(); ++k) {
            REQUIRE(((k % 6 == 5) ? text[k] == ' ' : (text[k] >= '0' && text[k] <= '9')));
        }
    }
}

TEST_CASE("a contact who got someone else's key sees a different number", "[core][safety]") {
    const auto alice = randomKey();
    const auto bob = randomKey();
    const auto mallory = randomKey();
    CHECK(SafetyNumber::compute(alice, bob) != SafetyNumber::compute(alice, mallory));
    CHECK(SafetyNumber::compute(alice, bob) != SafetyNumber::compute(mallory, bob));
}

TEST_CASE("the verification QR text matches only the same number", "[core][safety]") {
    const auto alice = randomKey();
    const auto bob = randomKey();
    const auto mine = SafetyNumber::compute(alice, bob);
    CHECK(mine.matchesScanned(SafetyNumber::compute(bob, alice).toQrText()));

    const auto different =
        mine.matchesScanned(SafetyNumber::compute(alice, randomKey()).toQrText());
    REQUIRE_FALSE(different);
    CHECK(different.error().code == ErrorCode::Crypto);
    CHECK_THAT(different.error().message, ContainsSubstring("differ"));

    for (const std::string& text : std::vector<std::string>{
             std::string(""), mine.toString(), "CHIVE-SAFETY:123", mine.toQrText() + "0",
             "chive-safety:" + mine.toQrText().substr(13), std::string(kAliceLink)}) {
        INFO(text);
        const auto malformed = mine.matchesScanned(text);
        REQUIRE_FALSE(malformed);
        CHECK(malformed.error().code == ErrorCode::Malformed);
    }
}
