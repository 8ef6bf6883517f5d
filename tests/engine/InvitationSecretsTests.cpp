#include "core/engine/InvitationSecrets.h"

#include <catch2/catch_test_macros.hpp>

#include <vector>

using namespace chive::core;

TEST_CASE("invitation secrets round-trip the handshake key and the offered contact keys",
          "[engine][invitation]") {
    const auto made = InvitationSecrets::create();
    const auto stored = made.serialize();
    REQUIRE(stored.size() == 32 + 97);
    auto read = InvitationSecrets::parse(stored.span());
    REQUIRE(read);
    CHECK(read->invitation().publicKey() == made.invitation().publicKey());
    CHECK(read->keys().bundle() == made.keys().bundle());
    CHECK(read->keys().staticKey().publicKey() == made.keys().staticKey().publicKey());
    // Two invitations share nothing.
    const auto other = InvitationSecrets::create();
    CHECK(other.invitation().publicKey() != made.invitation().publicKey());
    CHECK(other.keys().bundle().staticKey != made.keys().bundle().staticKey);
    CHECK(other.keys().bundle().serviceKey != made.keys().bundle().serviceKey);
    CHECK(other.keys().bundle().clientAuthKey != made.keys().bundle().clientAuthKey);
}

TEST_CASE("invitation secrets: a bare 32-byte key still reads, damage is Corrupt",
          "[engine][invitation]") {
    const auto made = InvitationSecrets::create();
    const auto stored = made.serialize();
    auto bare = InvitationSecrets::parse(stored.span().first(32));
    REQUIRE(bare);
    CHECK(bare->invitation().publicKey() == made.invitation().publicKey());
    CHECK(bare->keys().bundle() != made.keys().bundle()); // fresh keys

    for (const std::size_t length :
         {std::size_t{0}, std::size_t{31}, std::size_t{33}, std::size_t{128}, std::size_t{130}}) {
        std::vector<std::uint8_t> bytes(length, 7);
        auto parsed = InvitationSecrets::parse(bytes);
        REQUIRE_FALSE(parsed);
        CHECK(parsed.error().code == ErrorCode::Corrupt);
    }
    std::vector<std::uint8_t> zeroKey(stored.span().begin(), stored.span().end());
    std::fill(zeroKey.begin(), zeroKey.begin() + 32, 0);
    CHECK(InvitationSecrets::parse(zeroKey).error().code == ErrorCode::Corrupt);
    std::vector<std::uint8_t> newer(stored.span().begin(), stored.span().end());
    newer[32] = 2; // the keys' version byte
    CHECK(InvitationSecrets::parse(newer).error().code == ErrorCode::UnsupportedVersion);
}
