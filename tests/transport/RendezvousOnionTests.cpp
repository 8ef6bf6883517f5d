// The rendezvous derivation meets the transport's key types: the derived
// seed gives a fixed onion address, and the derived client-auth private key
// gives the public key the publisher authorizes. The golden address was
// computed outside Chive (Python: RFC 8032 ed25519 from the seed, SHA3-256
// checksum as in Tor's rend-spec-v3).

#include "core/protocol/Rendezvous.h"
#include "transport/ClientAuthKey.h"
#include "transport/OnionServiceKey.h"

#include <catch2/catch_test_macros.hpp>

#include "tests/core/LinkTestVectors.h"

using chive::core::Rendezvous;
using chive::transport::ClientAuthKey;
using chive::transport::OnionServiceKey;
using namespace chive::testing;

TEST_CASE("the rendezvous of fixed keys is a fixed onion service", "[transport][rendezvous]") {
    const auto aliceSecret = bytesFromHex(kAliceSecret);
    const auto bobSecret = bytesFromHex(kBobSecret);
    const auto alice =
        Rendezvous::derive(aliceSecret, keyFromHex(kAlicePublic), keyFromHex(kBobPublic));
    const auto bob =
        Rendezvous::derive(bobSecret, keyFromHex(kBobPublic), keyFromHex(kAlicePublic));
    REQUIRE(alice);
    REQUIRE(bob);

    const auto published = OnionServiceKey::fromSeed(alice->serviceSeed());
    REQUIRE(published);
    CHECK(hexOf(published->publicKey()) ==
          "6938b95a323920f91d35abb98cfd5466a05d4355f2892960d19a9b5a2a530269");
    CHECK(published->address().toString() ==
          "ne4lswrsheqpshjvvo4yz7kum2qf2q2v6kessygrtknvukstaju4ipyd.onion");
    // The connector computes the same address without publishing anything.
    const auto connected = OnionServiceKey::fromSeed(bob->serviceSeed());
    REQUIRE(connected);
    CHECK(connected->address() == published->address());

    // What the connector registers opens what the publisher authorizes.
    const auto clientAuth = ClientAuthKey::fromPrivateKey(bob->clientAuthPrivateKey());
    REQUIRE(clientAuth);
    CHECK(clientAuth->publicKey().bytes() == alice->clientAuthPublicKey());
}
