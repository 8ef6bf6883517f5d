// The contact exchange end to end on the loopback transport: two people
// derive the real rendezvous from each other's links, one publishes it with
// client authorization, the other connects, both swap bundles and confirm,
// and a per-contact session on the exchanged keys then succeeds. Third
// parties, wrong keys, garbage, silence and lost final messages each end the
// way doc/protocol.md says.

#include "core/crypto/Ed25519Seed.h"
#include "core/link/Invitation.h"
#include "core/protocol/ContactBundle.h"
#include "core/protocol/ContactExchange.h"
#include "core/protocol/ContactKeys.h"
#include "core/protocol/Rendezvous.h"
#include "core/session/Session.h"
#include "transport/LoopbackNetwork.h"
#include "transport/LoopbackTransport.h"

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include <functional>
#include <optional>
#include <string>
#include <thread>

#include "tests/protocol/ProtocolTestSupport.h"

using Catch::Matchers::ContainsSubstring;
using chive::core::ByteStream;
using chive::core::ContactBundle;
using chive::core::ContactExchange;
using chive::core::ContactKeys;
using chive::core::Ed25519PublicKey;
using chive::core::ed25519PublicKeyFromSeed;
using chive::core::ErrorCode;
using chive::core::ExchangeResult;
using chive::core::Invitation;
using chive::core::RecordType;
using chive::core::Rendezvous;
using chive::core::RendezvousRole;
using chive::core::Result;
using chive::core::Session;
using chive::core::SessionOptions;
using chive::core::X25519KeyPair;
using chive::core::X25519PublicKey;
using chive::transport::LoopbackNetwork;
using chive::transport::LoopbackTransport;
using namespace chive::testing;

namespace {

using Wrap = std::function<std::unique_ptr<ByteStream>(std::unique_ptr<ByteStream>)>;

// One simulated person with one invitation and the keys for that contact.
struct Person {
    explicit Person(LoopbackNetwork& network)
        : transport(network, inbound) {}

    InboundQueue inbound;
    LoopbackTransport transport;
    Invitation invitation = Invitation::create();
    ContactKeys keys = ContactKeys::generate();
};

struct SideOptions {
    std::chrono::milliseconds timeout{5000};
    Wrap wrap;                                      // applied to the stream before the exchange
    const Rendezvous* rendezvousOverride = nullptr; // a leaked rendezvous (third-party tests)
};

// The transport half of one side, as the engine would run it: derive the
// rendezvous, publish it and wait for the contact, or connect to it
// (retrying while it is not yet published); then take it down again.
Result<std::unique_ptr<ByteStream>> reachRendezvous(Person& me, const Rendezvous& rendezvous,
                                                    std::chrono::milliseconds timeout) {
    const auto service = ed25519PublicKeyFromSeed(rendezvous.serviceSeed()).value();
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    if (rendezvous.role() == RendezvousRole::Publisher) {
        const X25519PublicKey authorized = rendezvous.clientAuthPublicKey();
        auto published = me.transport.publish(rendezvous.serviceSeed(), {&authorized, 1});
        if (!published) {
            return chive::core::fail(published.error());
        }
        auto stream = me.inbound.take(timeout);
        (void)me.transport.unpublish(service);
        if (!stream) {
            return chive::core::fail(ErrorCode::Timeout, "nobody came to the rendezvous");
        }
        return stream;
    }
    if (auto added = me.transport.addClientAuth(service, rendezvous.clientAuthPrivateKey());
        !added) {
        return chive::core::fail(added.error());
    }
    while (true) {
        auto connected = me.transport.connect(service, 1s);
        if (connected || connected.error().code != ErrorCode::NotFound ||
            std::chrono::steady_clock::now() >= deadline) {
            (void)me.transport.removeClientAuth(service);
            return connected;
        }
        std::this_thread::sleep_for(5ms);
    }
}

Result<ExchangeResult> runSide(Person& me, const X25519PublicKey& peerKey,
                               const SideOptions& options = {}) {
    auto derived =
        Rendezvous::derive(me.invitation.secretKey(), me.invitation.publicKey(), peerKey);
    if (!derived) {
        return chive::core::fail(derived.error());
    }
    const Rendezvous& rendezvous =
        options.rendezvousOverride != nullptr ? *options.rendezvousOverride : *derived;
    const auto started = std::chrono::steady_clock::now();
    auto stream = reachRendezvous(me, rendezvous, options.timeout);
    if (!stream) {
        return chive::core::fail(stream.error());
    }
    if (options.wrap) {
        *stream = options.wrap(std::move(*stream));
    }
    const auto left = options.timeout - std::chrono::duration_cast<std::chrono::milliseconds>(
                                            std::chrono::steady_clock::now() - started);
    return ContactExchange::run(std::move(*stream), me.invitation, peerKey, rendezvous,
                                me.keys.bundle(), std::max(left, std::chrono::milliseconds(1)));
}

// A peer played by hand: the right exchange handshake, then whatever the
// test sends. Null if the handshake failed.
std::unique_ptr<Session> handPlayedPeer(Person& me, const X25519PublicKey& peerKey) {
    const auto rendezvous =
        Rendezvous::derive(me.invitation.secretKey(), me.invitation.publicKey(), peerKey).value();
    auto stream = reachRendezvous(me, rendezvous, 5s);
    if (!stream) {
        return nullptr;
    }
    const auto key = X25519KeyPair::fromSecretKey(me.invitation.secretKey()).value();
    SessionOptions options;
    options.prologue = std::string(ContactExchange::kPrologue);
    auto session = rendezvous.role() == RendezvousRole::Connector
                       ? Session::initiate(std::move(*stream), key, peerKey, options)
                       : Session::accept(std::move(*stream), key, peerKey, options);
    return session ? std::move(*session) : nullptr;
}

// Reads until the session ends; returns how it ended.
chive::core::Error drain(Session& session) {
    while (true) {
        auto record = session.receive();
        if (!record) {
            return record.error();
        }
    }
}

struct Outcome {
    std::optional<Result<ExchangeResult>> alice;
    std::optional<Result<ExchangeResult>> bob;
};

Outcome exchange(Person& alice, Person& bob, const SideOptions& aliceOptions = {},
                 const SideOptions& bobOptions = {}) {
    Outcome outcome;
    std::thread bobThread(
        [&] { outcome.bob.emplace(runSide(bob, alice.invitation.publicKey(), bobOptions)); });
    outcome.alice.emplace(runSide(alice, bob.invitation.publicKey(), aliceOptions));
    bobThread.join();
    return outcome;
}

bool isConnector(const Person& me, const Person& peer) {
    return Rendezvous::derive(me.invitation.secretKey(), me.invitation.publicKey(),
                              peer.invitation.publicKey())
               .value()
               .role() == RendezvousRole::Connector;
}

// Publishes each side's per-contact service for the other, as the
// exchanged bundles say, and opens a KK session from `from` to `to` with
// the exchanged static keys; then one record each way.
void requirePerContactSession(Person& from, const ContactBundle& fromPeer, Person& to,
                              const ContactBundle& toPeer) {
    const X25519PublicKey fromAuthorizes = fromPeer.clientAuthKey;
    const X25519PublicKey toAuthorizes = toPeer.clientAuthKey;
    const auto fromService = from.transport.publish(from.keys.serviceSeed(), {&fromAuthorizes, 1});
    const auto toService = to.transport.publish(to.keys.serviceSeed(), {&toAuthorizes, 1});
    REQUIRE(fromService);
    REQUIRE(toService);
    // The bundles name the services each side really published.
    CHECK(*fromService == toPeer.serviceKey);
    CHECK(*toService == fromPeer.serviceKey);
    REQUIRE(from.transport.addClientAuth(fromPeer.serviceKey, from.keys.clientAuthPrivateKey()));
    REQUIRE(to.transport.addClientAuth(toPeer.serviceKey, to.keys.clientAuthPrivateKey()));

    auto sessions =
        openSessions(from.transport, fromPeer.serviceKey, to.inbound, from.keys.staticKey(),
                     fromPeer.staticKey, to.keys.staticKey(), toPeer.staticKey);
    REQUIRE(sessions);
    CHECK(std::ranges::equal(sessions->initiator->handshakeHash(),
                             sessions->responder->handshakeHash()));
    const std::vector<std::uint8_t> hello{'h', 'i'};
    REQUIRE(sessions->initiator->send(RecordType::Message, hello));
    auto got = sessions->responder->receive();
    REQUIRE(got);
    CHECK(got->body == hello);
    REQUIRE(sessions->responder->send(RecordType::Ack, hello));
    CHECK(sessions->initiator->receive().value().type == RecordType::Ack);
    sessions->initiator->close();
    sessions->responder->close();
    REQUIRE(from.transport.unpublish(*fromService));
    REQUIRE(to.transport.unpublish(*toService));
}

} // namespace

TEST_CASE("two people exchange bundles at the rendezvous, then a per-contact session works",
          "[protocol][exchange]") {
    LoopbackNetwork network;
    Person alice(network);
    Person bob(network);
    auto outcome = exchange(alice, bob);
    REQUIRE(*outcome.alice);
    REQUIRE(*outcome.bob);
    const ExchangeResult& a = **outcome.alice;
    const ExchangeResult& b = **outcome.bob;
    CHECK(a.confirmed);
    CHECK(b.confirmed);
    CHECK_FALSE(a.interruption);
    // Equal views: each holds exactly what the other sent.
    CHECK(a.peerBundle == bob.keys.bundle());
    CHECK(b.peerBundle == alice.keys.bundle());
    CHECK(a.peerBundleBytes == bob.keys.bundle().encode());
    CHECK(ContactBundle::parse(b.peerBundleBytes).value() == alice.keys.bundle());
    // The rendezvous is gone once the exchange is over.
    CHECK(network.publishedCount() == 0);

    requirePerContactSession(alice, a.peerBundle, bob, b.peerBundle);
    requirePerContactSession(bob, b.peerBundle, alice, a.peerBundle);

    // A per-contact service admits only its contact's client-auth key.
    Person stranger(network);
    const X25519PublicKey authorized = a.peerBundle.clientAuthKey;
    const auto service = alice.transport.publish(alice.keys.serviceSeed(), {&authorized, 1});
    REQUIRE(service);
    REQUIRE(stranger.transport.addClientAuth(*service, stranger.keys.clientAuthPrivateKey()));
    CHECK(stranger.transport.connect(*service, 1s).error().code == ErrorCode::Crypto);
}

TEST_CASE("a third party holding only one link cannot complete", "[protocol][exchange]") {
    LoopbackNetwork network;
    Person alice(network);
    Person bob(network);
    Person mallory(network);

    SECTION("with her own invitation she finds a different rendezvous") {
        std::optional<Result<ExchangeResult>> malloryResult;
        SideOptions quick;
        quick.timeout = 700ms;
        std::thread intruder(
            [&] { malloryResult.emplace(runSide(mallory, alice.invitation.publicKey(), quick)); });
        auto outcome = exchange(alice, bob);
        intruder.join();
        REQUIRE_FALSE(*malloryResult);
        // Either nobody publishes what she connects to, or nobody comes to
        // what she publishes.
        CHECK((malloryResult->error().code == ErrorCode::NotFound ||
               malloryResult->error().code == ErrorCode::Timeout));
        REQUIRE(*outcome.alice);
        CHECK((*outcome.alice)->peerBundle == bob.keys.bundle());
        CHECK((*outcome.bob)->peerBundle == alice.keys.bundle());
    }

    SECTION("even with the rendezvous leaked, the handshake keys keep her out") {
        // Alice expects Bob. Mallory comes to their rendezvous with
        // everything of Bob's rendezvous but Bob's invitation secret.
        const auto bobsRendezvous =
            Rendezvous::derive(bob.invitation.secretKey(), bob.invitation.publicKey(),
                               alice.invitation.publicKey())
                .value();
        SideOptions leaked;
        leaked.rendezvousOverride = &bobsRendezvous;
        leaked.timeout = 2s;
        SideOptions aliceOptions;
        aliceOptions.timeout = 2s;
        std::optional<Result<ExchangeResult>> malloryResult;
        std::thread intruder(
            [&] { malloryResult.emplace(runSide(mallory, alice.invitation.publicKey(), leaked)); });
        const auto aliceResult = runSide(alice, bob.invitation.publicKey(), aliceOptions);
        intruder.join();
        REQUIRE_FALSE(aliceResult);
        REQUIRE_FALSE(*malloryResult);
        if (isConnector(alice, bob)) {
            // Alice initiates; the impostor cannot read message 1 and hangs
            // up: Alice sees the handshake end, the impostor the bad key.
            CHECK(aliceResult.error().code == ErrorCode::Closed);
            CHECK(malloryResult->error().code == ErrorCode::Crypto);
        } else {
            CHECK(aliceResult.error().code == ErrorCode::Crypto);
            CHECK(malloryResult->error().code == ErrorCode::Closed);
        }
    }
}

TEST_CASE("a peer that sends a bad bundle is refused as Malformed", "[protocol][exchange]") {
    LoopbackNetwork network;
    Person alice(network);
    Person bob(network);
    std::optional<Result<ExchangeResult>> aliceResult;
    std::thread aliceThread(
        [&] { aliceResult.emplace(runSide(alice, bob.invitation.publicKey())); });
    auto bobSession = handPlayedPeer(bob, alice.invitation.publicKey());
    REQUIRE(bobSession);
    // A static-key field that claims 32 bytes and holds 2.
    const std::vector<std::uint8_t> garbage{0x01, 0x01, 0x00, 0x20, 0xde, 0xad};
    REQUIRE(bobSession->send(RecordType::ExchangeBundle, garbage));
    const auto bobSaw = drain(*bobSession);
    aliceThread.join();
    REQUIRE_FALSE(*aliceResult);
    CHECK(aliceResult->error().code == ErrorCode::Malformed);
    CHECK_THAT(aliceResult->error().message, ContainsSubstring("bundle"));
    // Alice ended the session with CLOSE(protocol error).
    CHECK_THAT(bobSaw.message, ContainsSubstring("protocol error"));
}

TEST_CASE("a peer that says nothing is cut off when the time is up", "[protocol][exchange]") {
    LoopbackNetwork network;
    Person alice(network);
    Person bob(network);
    SideOptions quick;
    quick.timeout = 600ms;
    std::optional<Result<ExchangeResult>> aliceResult;
    std::chrono::steady_clock::duration took{};
    auto runAlice = [&] {
        const auto started = std::chrono::steady_clock::now();
        aliceResult.emplace(runSide(alice, bob.invitation.publicKey(), quick));
        took = std::chrono::steady_clock::now() - started;
    };

    SECTION("not even the handshake") {
        std::thread aliceThread(runAlice);
        const auto rendezvous =
            Rendezvous::derive(bob.invitation.secretKey(), bob.invitation.publicKey(),
                               alice.invitation.publicKey())
                .value();
        auto stream = reachRendezvous(bob, rendezvous, 5s);
        REQUIRE(stream);
        aliceThread.join();
        REQUIRE_FALSE(*aliceResult);
        CHECK(aliceResult->error().code == ErrorCode::Timeout);
    }
    SECTION("the handshake, then nothing") {
        std::thread aliceThread(runAlice);
        auto bobSession = handPlayedPeer(bob, alice.invitation.publicKey());
        REQUIRE(bobSession);
        aliceThread.join();
        REQUIRE_FALSE(*aliceResult);
        CHECK(aliceResult->error().code == ErrorCode::Timeout);
        CHECK_THAT(aliceResult->error().message, ContainsSubstring("did not finish"));
    }
    SECTION("a bundle and no confirmation: unconfirmed, with the bundle") {
        std::thread aliceThread(runAlice);
        auto bobSession = handPlayedPeer(bob, alice.invitation.publicKey());
        REQUIRE(bobSession);
        REQUIRE(bobSession->send(RecordType::ExchangeBundle, bob.keys.bundle().encode()));
        aliceThread.join();
        REQUIRE(*aliceResult);
        CHECK_FALSE((*aliceResult)->confirmed);
        CHECK((*aliceResult)->peerBundle == bob.keys.bundle());
        REQUIRE((*aliceResult)->interruption);
        CHECK((*aliceResult)->interruption->code == ErrorCode::Timeout);
    }
    // The whole run, rendezvous included, stays within the bound.
    CHECK(took < quick.timeout + 500ms);
}

TEST_CASE("a lost final message leaves a pending contact that a session promotes",
          "[protocol][exchange]") {
    LoopbackNetwork network;
    Person alice(network);
    Person bob(network);
    Person& connector = isConnector(alice, bob) ? alice : bob;
    Person& publisher = isConnector(alice, bob) ? bob : alice;
    // The connector's writes: 1 handshake, 2 BUNDLE, 3 CONFIRM, 4 CLOSE.
    SideOptions connectorOptions;
    SideOptions publisherOptions;
    publisherOptions.timeout = 1500ms;
    connectorOptions.timeout = 1500ms;

    SECTION("the connector's CONFIRM is lost (it stalls after its BUNDLE)") {
        connectorOptions.wrap = [](std::unique_ptr<ByteStream> stream) {
            return std::make_unique<FaultyStream>(std::move(stream), 3, 0);
        };
        auto outcome = &connector == &alice
                           ? exchange(alice, bob, connectorOptions, publisherOptions)
                           : exchange(alice, bob, publisherOptions, connectorOptions);
        const auto& connectorResult = &connector == &alice ? outcome.alice : outcome.bob;
        const auto& publisherResult = &connector == &alice ? outcome.bob : outcome.alice;
        REQUIRE(*connectorResult);
        REQUIRE(*publisherResult);
        // The connector saw the publisher's CONFIRM: it knows its bundle
        // arrived. The publisher has the bundle but no proof.
        CHECK((*connectorResult)->confirmed);
        CHECK_FALSE((*publisherResult)->confirmed);
        CHECK((*publisherResult)->interruption);
        CHECK((*publisherResult)->peerBundle == connector.keys.bundle());
        // The pending side's first session on the exchanged keys succeeds:
        // that promotes it.
        requirePerContactSession(publisher, (*publisherResult)->peerBundle, connector,
                                 (*connectorResult)->peerBundle);
    }
    SECTION("the stream breaks at the connector's CONFIRM") {
        connectorOptions.wrap = [](std::unique_ptr<ByteStream> stream) {
            return std::make_unique<FaultyStream>(std::move(stream), 0, 3);
        };
        auto outcome = &connector == &alice
                           ? exchange(alice, bob, connectorOptions, publisherOptions)
                           : exchange(alice, bob, publisherOptions, connectorOptions);
        REQUIRE(*outcome.alice);
        REQUIRE(*outcome.bob);
        // Whether the publisher's CONFIRM got through before the break is a
        // race; the publisher cannot have the connector's.
        const auto& publisherResult = &connector == &alice ? outcome.bob : outcome.alice;
        CHECK_FALSE((*publisherResult)->confirmed);
        CHECK((*outcome.alice)->peerBundle == bob.keys.bundle());
        CHECK((*outcome.bob)->peerBundle == alice.keys.bundle());
        requirePerContactSession(alice, (*outcome.alice)->peerBundle, bob,
                                 (*outcome.bob)->peerBundle);
    }
    SECTION("the connector's BUNDLE is lost: a retry with the same keys completes") {
        connectorOptions.wrap = [](std::unique_ptr<ByteStream> stream) {
            return std::make_unique<FaultyStream>(std::move(stream), 2, 0);
        };
        auto first = &connector == &alice
                         ? exchange(alice, bob, connectorOptions, publisherOptions)
                         : exchange(alice, bob, publisherOptions, connectorOptions);
        const auto& connectorResult = &connector == &alice ? first.alice : first.bob;
        const auto& publisherResult = &connector == &alice ? first.bob : first.alice;
        // The publisher learnt nothing; the connector holds a bundle it
        // cannot yet use.
        REQUIRE_FALSE(*publisherResult);
        REQUIRE(*connectorResult);
        CHECK_FALSE((*connectorResult)->confirmed);
        const ContactBundle kept = (*connectorResult)->peerBundle;

        auto retry = exchange(alice, bob);
        REQUIRE(*retry.alice);
        REQUIRE(*retry.bob);
        CHECK((*retry.alice)->confirmed);
        CHECK((*retry.bob)->confirmed);
        const auto& again = &connector == &alice ? retry.alice : retry.bob;
        CHECK((*again)->peerBundle == kept);
    }
}
