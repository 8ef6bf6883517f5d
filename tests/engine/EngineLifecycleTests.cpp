#include "core/link/ContactLink.h"

#include <catch2/catch_test_macros.hpp>

#include <set>

#include "EngineTestSupport.h"

using namespace chive;
using namespace chive::engine::test;

namespace {

// Adds `bob` to `alice` and returns the link Alice gave Bob.
std::string befriendReturningLink(Person& alice, Person& bob) {
    auto invitation = alice.engine().createInvitation(bob.name());
    REQUIRE(invitation);
    auto answer = bob.engine().addContactFromLink(alice.name(), invitation->link);
    REQUIRE(answer);
    REQUIRE(alice.engine().enterPeerLink(invitation->id, answer->link));
    return invitation->link;
}

core::ContactId contactNamed(Person& person, const std::string& alias) {
    auto list = person.engine().contacts();
    REQUIRE(list);
    for (const auto& contact : *list) {
        if (contact.alias == alias) {
            return contact.id;
        }
    }
    FAIL("no contact named " << alias);
    return {};
}

bool waitContacts(Person& person, std::size_t count) {
    return person.listener->waitUntil([&] {
        return person.listener->contacts.size() == count &&
               std::all_of(person.listener->contacts.begin(), person.listener->contacts.end(),
                           [](const auto& entry) {
                               return entry.second.presence == core::Presence::Online;
                           });
    });
}

} // namespace

TEST_CASE("one profile with two contacts shares no key or service between the relationships",
          "[engine][unlinkability]") {
    transport::LoopbackNetwork network;
    Person alice(network, "alice");
    Person bob(network, "bob");
    Person carol(network, "carol");
    alice.start();
    bob.start();
    carol.start();
    const auto linkForBob = befriendReturningLink(alice, bob);
    const auto linkForCarol = befriendReturningLink(alice, carol);
    REQUIRE(waitContacts(alice, 2));
    REQUIRE(waitContacts(bob, 1));
    REQUIRE(waitContacts(carol, 1));

    // Everything each contact received from Alice: her link (its handshake
    // key) and her bundle (static key, service key, client-auth key).
    const auto bobGot = storedPeerBundle(bob, bob.onlyContact());
    const auto carolGot = storedPeerBundle(carol, carol.onlyContact());
    const auto bobLink = core::ContactLink::parse(linkForBob);
    const auto carolLink = core::ContactLink::parse(linkForCarol);
    REQUIRE(bobLink);
    REQUIRE(carolLink);
    const std::vector<std::array<std::uint8_t, 32>> toBob{bobLink->handshakeKey(), bobGot.staticKey,
                                                          bobGot.serviceKey, bobGot.clientAuthKey};
    const std::vector<std::array<std::uint8_t, 32>> toCarol{
        carolLink->handshakeKey(), carolGot.staticKey, carolGot.serviceKey, carolGot.clientAuthKey};
    for (const auto& key : toBob) {
        for (const auto& other : toCarol) {
            CHECK(key != other);
        }
    }
    // Byte for byte: not even 8 consecutive bytes of one key set occur in
    // the other (the keys are random; a shared identifier would show).
    std::set<std::vector<std::uint8_t>> bobWindows;
    for (const auto& key : toBob) {
        for (std::size_t i = 0; i + 8 <= key.size(); ++i) {
            bobWindows.emplace(key.begin() + static_cast<std::ptrdiff_t>(i),
                               key.begin() + static_cast<std::ptrdiff_t>(i + 8));
        }
    }
    for (const auto& key : toCarol) {
        for (std::size_t i = 0; i + 8 <= key.size(); ++i) {
            CHECK(bobWindows.count(std::vector<std::uint8_t>(
                      key.begin() + static_cast<std::ptrdiff_t>(i),
                      key.begin() + static_cast<std::ptrdiff_t>(i + 8))) == 0);
        }
    }
    // Alice's own records agree: two services, two static keys, and what
    // she holds of Bob and Carol differs too.
    const auto bobAtAlice = contactNamed(alice, "bob");
    const auto carolAtAlice = contactNamed(alice, "carol");
    CHECK(storedPeerBundle(alice, bobAtAlice).serviceKey !=
          storedPeerBundle(alice, carolAtAlice).serviceKey);
    CHECK(*alice.engine().safetyNumber(bobAtAlice) != *alice.engine().safetyNumber(carolAtAlice));
    CHECK(network.publishedCount() == 4);

    // Each of Alice's services admits only its own contact: Bob's transport
    // (which holds Bob's client-auth key) cannot reach her service for
    // Carol, and a stranger reaches neither.
    auto crossed = bob.transport().connect(carolGot.serviceKey, 2s);
    REQUIRE_FALSE(crossed);
    CHECK(crossed.error().code == core::ErrorCode::Crypto);
    Person stranger(network, "mallory");
    auto strangerTry = stranger.transport().connect(bobGot.serviceKey, 2s);
    REQUIRE_FALSE(strangerTry);
    CHECK(strangerTry.error().code == core::ErrorCode::Crypto);
}

TEST_CASE("a link already used cannot add anyone again", "[engine][contacts]") {
    transport::LoopbackNetwork network;
    Person alice(network, "alice");
    Person bob(network, "bob");
    Person carol(network, "carol");
    alice.start();
    bob.start();
    carol.start();
    const auto aliceLink = befriendReturningLink(alice, bob);
    REQUIRE(waitContacts(alice, 1));
    REQUIRE(waitContacts(bob, 1));

    // Bob cannot reuse the link he already used.
    auto again = bob.engine().addContactFromLink("alice again", aliceLink);
    REQUIRE_FALSE(again);
    CHECK(again.error().code == core::ErrorCode::AlreadyExists);

    // Carol got hold of the old link: she can enter it (she cannot know it
    // is used), but Alice no longer has its secret key, so no rendezvous
    // exists and nothing comes of it.
    auto carolTry = carol.engine().addContactFromLink("alice?", aliceLink);
    REQUIRE(carolTry);
    std::this_thread::sleep_for(1500ms); // many rendezvous retries
    CHECK(carol.engine().contacts()->empty());
    CHECK(carol.engine().invitations()->size() == 1);
    // Whichever rendezvous role Carol has, nobody ever reached her or was
    // reached by her.
    CHECK(carol.transport().counters().connects == 0);
    CHECK(carol.transport().counters().inboundStreams == 0);
    CHECK(alice.engine().contacts()->size() == 1);
    CHECK(alice.engine().invitations()->empty());

    // Even if Alice enters Carol's new link into a fresh invitation, the
    // two sides derive different rendezvous and never meet.
    auto aliceSide = alice.engine().addContactFromLink("carol", carolTry->link);
    REQUIRE(aliceSide);
    std::this_thread::sleep_for(1s);
    CHECK(alice.engine().contacts()->size() == 1);
    CHECK(carol.engine().contacts()->empty());
}

TEST_CASE("deleting a contact removes its service, keys and history and tells nobody",
          "[engine][contacts]") {
    transport::LoopbackNetwork network;
    Person alice(network, "alice");
    Person bob(network, "bob");
    alice.start();
    bob.start();
    befriendReturningLink(alice, bob);
    REQUIRE(waitContacts(alice, 1));
    REQUIRE(waitContacts(bob, 1));
    const auto bobAtAlice = alice.onlyContact();
    const auto aliceAtBob = bob.onlyContact();
    REQUIRE(alice.engine().sendMessage(bobAtAlice, "hello bob"));
    REQUIRE(bob.engine().sendMessage(aliceAtBob, "hello alice"));
    REQUIRE(alice.listener->waitUntil([&] { return alice.listener->received.size() == 1; }));
    REQUIRE(bob.listener->waitUntil([&] { return bob.listener->received.size() == 1; }));
    const auto aliceService = storedPeerBundle(bob, aliceAtBob).serviceKey;
    const auto bobService = storedPeerBundle(alice, bobAtAlice).serviceKey;
    REQUIRE(network.isPublished(aliceService));

    REQUIRE(alice.engine().deleteContact(bobAtAlice));
    CHECK(alice.engine().contacts()->empty());
    CHECK(alice.listener->read([&] { return alice.listener->removedContacts; }) ==
          std::vector<core::ContactId>{bobAtAlice});
    CHECK(alice.engine().history(bobAtAlice, std::nullopt, 10).error().code ==
          core::ErrorCode::NotFound);
    auto stored = alice.store().call<std::size_t>(
        [&](core::ProfileStore& store) { return store.messages().count(bobAtAlice); });
    REQUIRE(stored);
    CHECK(*stored == 0);
    auto keys = alice.store().call<core::SecureBuffer>(
        [&](core::ProfileStore& store) { return store.contacts().secretKeys(bobAtAlice); });
    CHECK_FALSE(keys);

    // Her service for Bob is gone, and her key for his: she cannot reach
    // him, and he finds nothing (NotFound), exactly as if she were offline.
    REQUIRE(eventually([&] { return !network.isPublished(aliceService); }, 5s));
    REQUIRE(eventually(
        [&] {
            auto attempt = alice.transport().connect(bobService, 1s);
            return !attempt && attempt.error().code == core::ErrorCode::Crypto;
        },
        5s));
    REQUIRE(bob.listener->waitUntil(
        [&] { return bob.listener->contacts.at(aliceAtBob).presence == core::Presence::Offline; }));
    auto bobTry = bob.transport().connect(aliceService, 1s);
    REQUIRE_FALSE(bobTry);
    CHECK(bobTry.error().code == core::ErrorCode::NotFound);
    // Bob still has Alice and his history: nothing told him.
    CHECK(bob.engine().contacts()->size() == 1);
    CHECK(bob.engine().history(aliceAtBob, std::nullopt, 10)->size() == 2);

    // After a restart Alice still has no trace of Bob.
    alice.restart();
    CHECK(alice.engine().contacts()->empty());
    std::this_thread::sleep_for(200ms);
    CHECK_FALSE(network.isPublished(aliceService));
}

TEST_CASE("invitations expire after 7 days, with or without the peer's link", "[engine][expiry]") {
    transport::LoopbackNetwork network;
    Person alice(network, "alice");
    Person bob(network, "bob");
    alice.start();
    bob.start();
    auto waiting = alice.engine().createInvitation("nobody yet");
    REQUIRE(waiting);
    auto other = alice.engine().createInvitation("someone");
    REQUIRE(other);
    // Bob enters Alice's second link, but Alice never enters Bob's: Bob's
    // side runs its rendezvous until the invitation expires.
    auto bobSide = bob.engine().addContactFromLink("alice", other->link);
    REQUIRE(bobSide);

    alice.clock.advance(std::chrono::hours(24 * 7) - std::chrono::minutes(1));
    std::this_thread::sleep_for(200ms);
    CHECK(alice.engine().invitations()->size() == 2); // not yet

    alice.clock.advance(std::chrono::minutes(2));
    bob.clock.advance(std::chrono::hours(24 * 7) + std::chrono::minutes(1));
    REQUIRE(alice.listener->waitUntil(
        [&] { return alice.listener->removedInvitations.size() == 2; }, 5s));
    REQUIRE(
        bob.listener->waitUntil([&] { return bob.listener->removedInvitations.size() == 1; }, 5s));
    CHECK(alice.engine().invitations()->empty());
    CHECK(bob.engine().invitations()->empty());
    auto late = alice.engine().enterPeerLink(other->id, bobSide->link);
    REQUIRE_FALSE(late);
    CHECK(late.error().code == core::ErrorCode::NotFound);
    REQUIRE(eventually([&] { return network.publishedCount() == 0; }, 5s));

    // The expired link cannot be used for a new invitation either: its
    // secret is gone, and Bob's side remembers the key as used.
    auto reuse = bob.engine().addContactFromLink("alice again", other->link);
    REQUIRE_FALSE(reuse);
    CHECK(reuse.error().code == core::ErrorCode::AlreadyExists);
    alice.restart();
    CHECK(alice.engine().invitations()->empty());
}

TEST_CASE("a flood of silent streams is bounded and does not stop the conversation",
          "[engine][limits]") {
    transport::LoopbackNetwork network;
    Person alice(network, "alice");
    Person bob(network, "bob");
    alice.options.maxPendingInbound = 4;
    alice.options.inboundHandshakeThreads = 2;
    alice.options.session.handshakeTimeout = 3s;
    alice.start();
    bob.start();
    befriendReturningLink(alice, bob);
    REQUIRE(waitContacts(alice, 1));
    REQUIRE(waitContacts(bob, 1));
    const auto aliceAtBob = bob.onlyContact();
    const auto bobAtAlice = alice.onlyContact();
    const auto aliceService = storedPeerBundle(bob, aliceAtBob).serviceKey;

    // Bob's transport holds the client-auth key for Alice's service: open
    // 40 streams that never say anything.
    std::vector<std::unique_ptr<core::ByteStream>> silent;
    for (int i = 0; i < 40; ++i) {
        auto stream = bob.transport().connect(aliceService, 1s);
        REQUIRE(stream);
        silent.push_back(std::move(*stream));
    }
    std::this_thread::sleep_for(200ms);
    // Alice holds at most her limit of them (plus the real session); the
    // rest were closed at once.
    CHECK(alice.transport().openStreamCount() <= 1 + alice.options.maxPendingInbound);
    REQUIRE(bob.engine().sendMessage(aliceAtBob, "still here"));
    REQUIRE(alice.listener->waitUntil([&] { return alice.listener->received.size() == 1; }));
    CHECK(alice.engine().contact(bobAtAlice)->presence == core::Presence::Online);
}
