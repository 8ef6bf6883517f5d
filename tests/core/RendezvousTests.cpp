// Rendezvous derivation: fixed keys give fixed outputs (computed outside
// Chive), both sides agree, the roles are complementary, and bad keys are
// refused.

#include "core/SecureBuffer.h"
#include "core/Sodium.h"
#include "core/link/Invitation.h"
#include "core/protocol/Rendezvous.h"

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>
#include <sodium.h>

#include <algorithm>
#include <set>
#include <string>

#include "tests/core/LinkTestVectors.h"

using Catch::Matchers::ContainsSubstring;
using chive::core::ErrorCode;
using chive::core::Invitation;
using chive::core::Rendezvous;
using chive::core::RendezvousRole;
using chive::core::X25519PublicKey;
using namespace chive::testing;

namespace {

// From Alice's and Bob's RFC 7748 keys; X25519 shared secret
// 4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742 (RFC 7748).
constexpr std::string_view kSecret =
    "b3d71041939f5f97f26ebca120c5d594b9abe044ab6584a261dae8f31e085389";
constexpr std::string_view kServiceSeed =
    "8c7c2615441ca112516d209205abef20b4b34d66a5714c8af78be402753f4cfd";
constexpr std::string_view kClientAuthPrivate =
    "d38c52b7e3b326aab8d68646ab363136195d89526646c5b4c6c46d6a4bbf8e40";
constexpr std::string_view kClientAuthPublic =
    "c0b98e561720d4f729454bccc5d4fc651d7db1d586bddbdb86f866673477bb38";

void requireSameSecrets(const Rendezvous& a, const Rendezvous& b) {
    REQUIRE(hexOf(a.secret()) == hexOf(b.secret()));
    REQUIRE(hexOf(a.serviceSeed()) == hexOf(b.serviceSeed()));
    REQUIRE(hexOf(a.clientAuthPrivateKey()) == hexOf(b.clientAuthPrivateKey()));
    REQUIRE(a.clientAuthPublicKey() == b.clientAuthPublicKey());
}

} // namespace

TEST_CASE("fixed handshake keys give the fixed rendezvous", "[core][rendezvous]") {
    const auto aliceSecret = bytesFromHex(kAliceSecret);
    const auto alice =
        Rendezvous::derive(aliceSecret, keyFromHex(kAlicePublic), keyFromHex(kBobPublic));
    REQUIRE(alice);
    CHECK(hexOf(alice->secret()) == kSecret);
    CHECK(hexOf(alice->serviceSeed()) == kServiceSeed);
    CHECK(hexOf(alice->clientAuthPrivateKey()) == kClientAuthPrivate);
    CHECK(hexOf(alice->clientAuthPublicKey()) == kClientAuthPublic);
    // Alice's public key (0x85…) is smaller than Bob's (0xde…).
    CHECK(alice->role() == RendezvousRole::Publisher);

    const auto bobSecret = bytesFromHex(kBobSecret);
    const auto bob =
        Rendezvous::derive(bobSecret, keyFromHex(kBobPublic), keyFromHex(kAlicePublic));
    REQUIRE(bob);
    CHECK(bob->role() == RendezvousRole::Connector);
    requireSameSecrets(*alice, *bob);
}

TEST_CASE("both sides of random invitations derive the same rendezvous", "[core][rendezvous]") {
    std::set<std::string> seeds;
    int publishers = 0;
    for (int i = 0; i < 200; ++i) {
        const Invitation mine = Invitation::create();
        const Invitation theirs = Invitation::create();
        const auto a = Rendezvous::derive(mine.secretKey(), mine.publicKey(), theirs.publicKey());
        const auto b = Rendezvous::derive(theirs.secretKey(), theirs.publicKey(), mine.publicKey());
        REQUIRE(a);
        REQUIRE(b);
        requireSameSecrets(*a, *b);
        REQUIRE(a->role() != b->role());
        publishers += a->role() == RendezvousRole::Publisher ? 1 : 0;
        // Every output is distinct from the others and from every other pair.
        CHECK(hexOf(a->secret()) != hexOf(a->serviceSeed()));
        CHECK(hexOf(a->serviceSeed()) != hexOf(a->clientAuthPrivateKey()));
        CHECK(seeds.insert(hexOf(a->serviceSeed())).second);
        // The client-auth public key belongs to the private key.
        X25519PublicKey expected{};
        REQUIRE(crypto_scalarmult_base(expected.data(), a->clientAuthPrivateKey().data()) == 0);
        CHECK(a->clientAuthPublicKey() == expected);
    }
    // The role follows the key order, which is random here.
    CHECK(publishers > 50);
    CHECK(publishers < 150);
}

TEST_CASE("a third party's key gives a different rendezvous", "[core][rendezvous]") {
    const Invitation alice = Invitation::create();
    const Invitation bob = Invitation::create();
    const Invitation mallory = Invitation::create();
    const auto real = Rendezvous::derive(alice.secretKey(), alice.publicKey(), bob.publicKey());
    const auto other =
        Rendezvous::derive(mallory.secretKey(), mallory.publicKey(), bob.publicKey());
    REQUIRE(real);
    REQUIRE(other);
    CHECK(hexOf(real->serviceSeed()) != hexOf(other->serviceSeed()));
    CHECK(hexOf(real->secret()) != hexOf(other->secret()));
}

TEST_CASE("a secret key that is not ours is refused", "[core][rendezvous][error]") {
    const auto bobSecret = bytesFromHex(kBobSecret);
    const auto wrong =
        Rendezvous::derive(bobSecret, keyFromHex(kAlicePublic), keyFromHex(kBobPublic));
    REQUIRE_FALSE(wrong);
    CHECK(wrong.error().code == ErrorCode::InvalidArgument);
    CHECK_THAT(wrong.error().message, ContainsSubstring("does not belong"));

    const std::vector<std::uint8_t> shortKey(31, 7);
    const auto tooShort =
        Rendezvous::derive(shortKey, keyFromHex(kAlicePublic), keyFromHex(kBobPublic));
    REQUIRE_FALSE(tooShort);
    CHECK(tooShort.error().code == ErrorCode::InvalidArgument);
}

TEST_CASE("our own link as the peer's is refused", "[core][rendezvous][error]") {
    const Invitation mine = Invitation::create();
    const auto own = Rendezvous::derive(mine.secretKey(), mine.publicKey(), mine.publicKey());
    REQUIRE_FALSE(own);
    CHECK(own.error().code == ErrorCode::InvalidArgument);
    CHECK_THAT(own.error().message, ContainsSubstring("own link"));
}

TEST_CASE("a small-order peer key, whose shared secret is zero, is refused",
          "[core][rendezvous][error]") {
    const Invitation mine = Invitation::create();
    // Points of order 1, 2 and 8 on Curve25519 (u = 0, u = 1, and the
    // order-8 point from the list in libsodium's and Tor's blocklists).
    for (const std::string_view hex :
         {"0000000000000000000000000000000000000000000000000000000000000000",
          "0100000000000000000000000000000000000000000000000000000000000000",
          "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800"}) {
        INFO(hex);
        const auto result = Rendezvous::derive(mine.secretKey(), mine.publicKey(), keyFromHex(hex));
        REQUIRE_FALSE(result);
        CHECK(result.error().code == ErrorCode::Crypto);
        CHECK_THAT(result.error().message, ContainsSubstring("no shared secret"));
    }
}
