// Invitations: a fresh handshake key per link, restoring one from storage,
// the expiry, and refusing our own or an already used link.

#include "core/Sodium.h"
#include "core/link/ContactLink.h"
#include "core/link/Invitation.h"
#include "core/link/PeerLinkCheck.h"

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>
#include <sodium.h>

#include <set>
#include <vector>

#include "tests/core/LinkTestVectors.h"

using Catch::Matchers::ContainsSubstring;
using chive::core::checkPeerLink;
using chive::core::ContactLink;
using chive::core::ErrorCode;
using chive::core::Invitation;
using chive::core::Timestamp;
using chive::core::X25519PublicKey;
using namespace chive::testing;
using namespace std::chrono_literals;

TEST_CASE("every invitation has a fresh key pair whose link parses back", "[core][link]") {
    std::set<X25519PublicKey> seen;
    for (int i = 0; i < 200; ++i) {
        const Invitation invitation = Invitation::create();
        CHECK(seen.insert(invitation.publicKey()).second);
        REQUIRE(invitation.secretKey().size() == 32);
        X25519PublicKey derived{};
        REQUIRE(crypto_scalarmult_base(derived.data(), invitation.secretKey().data()) == 0);
        CHECK(derived == invitation.publicKey());
        const auto parsed = ContactLink::parse(invitation.link().toString());
        REQUIRE(parsed);
        CHECK(parsed->handshakeKey() == invitation.publicKey());
    }
}

TEST_CASE("an invitation restored from its secret key gives the same link", "[core][link]") {
    const auto secret = bytesFromHex(kAliceSecret);
    const auto invitation = Invitation::fromSecretKey(secret);
    REQUIRE(invitation);
    CHECK(hexOf(invitation->publicKey()) == kAlicePublic);
    CHECK(invitation->link().toString() == kAliceLink);
    CHECK(hexOf(invitation->secretKey()) == kAliceSecret);
    // The secret is a copy in secure memory, not a view of the caller's bytes.
    CHECK(invitation->secretKey().data() != secret.data());
}

TEST_CASE("an invitation's secret key must be 32 non-zero bytes", "[core][link][error]") {
    const std::vector<std::uint8_t> shortKey(31, 1);
    const auto tooShort = Invitation::fromSecretKey(shortKey);
    REQUIRE_FALSE(tooShort);
    CHECK(tooShort.error().code == ErrorCode::InvalidArgument);
    const std::vector<std::uint8_t> zeros(32, 0);
    const auto zero = Invitation::fromSecretKey(zeros);
    REQUIRE_FALSE(zero);
    CHECK(zero.error().code == ErrorCode::InvalidArgument);
}

TEST_CASE("an invitation expires seven days after it was made", "[core][link]") {
    const Timestamp created{std::chrono::milliseconds(1'700'000'000'000)};
    const Timestamp expires = Invitation::expiresAt(created);
    CHECK(expires - created == std::chrono::milliseconds(7 * 24h));
    CHECK(Invitation::checkNotExpired(expires, created));
    CHECK(Invitation::checkNotExpired(expires, expires - 1ms));
    const auto atExpiry = Invitation::checkNotExpired(expires, expires);
    REQUIRE_FALSE(atExpiry);
    CHECK(atExpiry.error().code == ErrorCode::Timeout);
    CHECK_THAT(atExpiry.error().message, ContainsSubstring("expired"));
    CHECK_FALSE(Invitation::checkNotExpired(expires, expires + 24h));
}

TEST_CASE("entering our own link is refused", "[core][link][error]") {
    const Invitation mine = Invitation::create();
    const Invitation other = Invitation::create();
    const std::vector<X25519PublicKey> pending = {other.publicKey(), mine.publicKey()};
    const auto status = checkPeerLink(mine.link(), pending, {});
    REQUIRE_FALSE(status);
    CHECK(status.error().code == ErrorCode::InvalidArgument);
    CHECK_THAT(status.error().message, ContainsSubstring("your own link"));
}

TEST_CASE("entering an already used link is refused", "[core][link][error]") {
    const auto peer = ContactLink::parse(kBobLink);
    REQUIRE(peer);
    const std::vector<X25519PublicKey> pending = {keyFromHex(kAlicePublic)};
    const std::vector<X25519PublicKey> used = {Invitation::create().publicKey(),
                                               keyFromHex(kBobPublic)};
    const auto status = checkPeerLink(*peer, pending, used);
    REQUIRE_FALSE(status);
    CHECK(status.error().code == ErrorCode::AlreadyExists);
    CHECK_THAT(status.error().message, ContainsSubstring("already been used"));

    // A fresh peer link passes both checks.
    CHECK(checkPeerLink(*peer, pending, std::span(used).first(1)));
}
