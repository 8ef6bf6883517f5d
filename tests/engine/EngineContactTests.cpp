#include "core/protocol/ContactBundle.h"
#include "core/store/ProfileStore.h"

#include <catch2/catch_test_macros.hpp>

#include "EngineTestSupport.h"

using namespace chive;
using namespace chive::engine::test;

TEST_CASE("two engines add each other by link and reach Connected without further action",
          "[engine][contacts]") {
    transport::LoopbackNetwork network;
    Person alice(network, "alice");
    Person bob(network, "bob");
    alice.start();
    bob.start();

    auto invitation = alice.engine().createInvitation("Bob");
    REQUIRE(invitation);
    CHECK(invitation->link.rfind("chive:", 0) == 0);
    CHECK_FALSE(invitation->peerLinkEntered);
    auto answer = bob.engine().addContactFromLink("Alice", invitation->link);
    REQUIRE(answer);
    CHECK(answer->peerLinkEntered);
    CHECK(answer->link != invitation->link);
    REQUIRE(alice.engine().enterPeerLink(invitation->id, answer->link));

    REQUIRE(onlineWithOneContact(*alice.listener));
    REQUIRE(onlineWithOneContact(*bob.listener));
    const auto bobAtAlice = alice.onlyContact();
    const auto aliceAtBob = bob.onlyContact();
    CHECK(alice.engine().contact(bobAtAlice)->alias == "Bob");
    CHECK(bob.engine().contact(aliceAtBob)->alias == "Alice");

    // The invitations are gone on both sides, with an event each.
    CHECK(alice.engine().invitations()->empty());
    CHECK(bob.engine().invitations()->empty());
    CHECK(alice.listener->read([&] { return alice.listener->removedInvitations.size(); }) == 1);
    CHECK(bob.listener->read([&] { return bob.listener->removedInvitations.size(); }) == 1);

    // Safety numbers are equal, and 12 groups of 5 digits.
    auto aliceNumber = alice.engine().safetyNumber(bobAtAlice);
    auto bobNumber = bob.engine().safetyNumber(aliceAtBob);
    REQUIRE(aliceNumber);
    REQUIRE(bobNumber);
    CHECK(*aliceNumber == *bobNumber);
    CHECK(aliceNumber->size() == 12 * 5 + 11);

    // Only the two per-contact services stay published: the rendezvous
    // service is withdrawn once the exchange is done.
    REQUIRE(eventually([&] { return network.publishedCount() == 2; }, 5s));
    // Exactly one session each (the duplicate rule settled any second one).
    REQUIRE(eventually([&] { return alice.transport().openStreamCount() == 1; }, 5s));
    CHECK(bob.transport().openStreamCount() == 1);
    CHECK(alice.listener->read([&] { return alice.listener->errors.size(); }) == 0);
    CHECK(bob.listener->read([&] { return bob.listener->errors.size(); }) == 0);
}

TEST_CASE("the engine publishes and connects only after Tor has bootstrapped",
          "[engine][contacts]") {
    transport::LoopbackNetwork network;
    Person alice(network, "alice");
    Person bob(network, "bob");
    alice.start();
    bob.start();
    befriend(alice, bob);
    REQUIRE(onlineWithOneContact(*alice.listener));
    REQUIRE(onlineWithOneContact(*bob.listener));

    alice.stop();
    bob.stop();
    REQUIRE(network.publishedCount() == 0); // shutdown withdrew the services
    const auto before = alice.transport().counters();
    alice.bootstrap(50); // as if Tor were starting again: the relay replays 50%
    alice.start(false);
    std::this_thread::sleep_for(300ms);
    const auto waiting = alice.transport().counters();
    CHECK(waiting.publishes == before.publishes);
    CHECK(waiting.connectAttempts == before.connectAttempts);
    auto contacts = alice.engine().contacts();
    REQUIRE(contacts);
    REQUIRE(contacts->size() == 1);
    CHECK(contacts->front().presence == core::Presence::Connecting);

    alice.bootstrap();
    REQUIRE(eventually([&] { return network.publishedCount() == 1; }, 5s));
    CHECK(alice.listener->read([&] { return alice.listener->bootstrap; }) ==
          (std::vector<int>{50, 100}));
    // Bob is not running: Alice's attempts fail and she shows him Offline.
    REQUIRE(alice.listener->waitUntil([&] {
        const auto& seen = alice.listener->contacts;
        return !seen.empty() && seen.begin()->second.presence == core::Presence::Offline;
    }));
    bob.start();
    REQUIRE(onlineWithOneContact(*alice.listener));
    REQUIRE(onlineWithOneContact(*bob.listener));
}

TEST_CASE("bad links and bad commands get precise errors and change nothing",
          "[engine][contacts]") {
    transport::LoopbackNetwork network;
    Person alice(network, "alice");
    alice.start();
    auto invitation = alice.engine().createInvitation("Bob");
    REQUIRE(invitation);

    auto own = alice.engine().enterPeerLink(invitation->id, invitation->link);
    REQUIRE_FALSE(own);
    CHECK(own.error().code == core::ErrorCode::InvalidArgument);

    auto garbage = alice.engine().addContactFromLink("X", "hello there");
    REQUIRE_FALSE(garbage);
    CHECK(garbage.error().code == core::ErrorCode::Malformed);

    std::string typo = invitation->link;
    typo[10] = typo[10] == 'a' ? 'b' : 'a';
    auto corrupt = alice.engine().addContactFromLink("X", typo);
    REQUIRE_FALSE(corrupt);
    CHECK(corrupt.error().code == core::ErrorCode::Corrupt);

    auto unknown = alice.engine().enterPeerLink(core::InvitationId(999), invitation->link);
    REQUIRE_FALSE(unknown);
    CHECK(unknown.error().code == core::ErrorCode::NotFound);

    auto badAlias = alice.engine().createInvitation("");
    REQUIRE_FALSE(badAlias);
    CHECK(badAlias.error().code == core::ErrorCode::InvalidArgument);
    CHECK_FALSE(alice.engine().createInvitation(std::string("a\nb")));

    auto noContact = alice.engine().sendMessage(core::ContactId(42), "hi");
    REQUIRE_FALSE(noContact);
    CHECK(noContact.error().code == core::ErrorCode::NotFound);
    CHECK(alice.engine().renameContact(core::ContactId(42), "x").error().code ==
          core::ErrorCode::NotFound);
    CHECK(alice.engine().deleteContact(core::ContactId(42)).error().code ==
          core::ErrorCode::NotFound);

    // Only the one invitation exists; no failed command left another.
    auto list = alice.engine().invitations();
    REQUIRE(list);
    REQUIRE(list->size() == 1);
    CHECK(list->front().id == invitation->id);
}

TEST_CASE("rename, verify and cancel reach the store and the listener", "[engine][contacts]") {
    transport::LoopbackNetwork network;
    Person alice(network, "alice");
    Person bob(network, "bob");
    alice.start();
    bob.start();
    befriend(alice, bob);
    REQUIRE(onlineWithOneContact(*alice.listener));
    const auto contact = alice.onlyContact();

    REQUIRE(alice.engine().renameContact(contact, "Robert"));
    REQUIRE(alice.engine().setVerified(contact, true));
    auto view = alice.engine().contact(contact);
    REQUIRE(view);
    CHECK(view->alias == "Robert");
    CHECK(view->verification == core::VerificationState::Verified);
    CHECK(alice.listener->read([&] { return alice.listener->contacts.at(contact).alias; }) ==
          "Robert");

    auto spare = alice.engine().createInvitation("Carol");
    REQUIRE(spare);
    REQUIRE(alice.engine().cancelInvitation(spare->id));
    CHECK(alice.engine().invitations()->empty());
    CHECK(alice.engine().cancelInvitation(spare->id).error().code == core::ErrorCode::NotFound);

    alice.restart();
    view = alice.engine().contact(contact);
    REQUIRE(view);
    CHECK(view->alias == "Robert");
    CHECK(view->verification == core::VerificationState::Verified);
    CHECK(alice.engine().invitations()->empty());
}
