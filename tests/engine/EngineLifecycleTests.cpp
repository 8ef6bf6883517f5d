#include "core/link/ContactLink.h"
#include "core/session/RecordType.h"

#include <catch2/catch_test_macros.hpp>

#include <mutex>
#include <set>
#include <span>
#include <string>

#include "EngineTestSupport.h"
#include "ReceivedBytes.h"

using namespace chive;
using namespace chive::engine::test;

namespace {

// Adds `bob` to `alice` and returns the link Alice gave Bob.
std::span<const std::uint8_t> bytesOf(const std::string& text) {
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

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

// Everything one person received from their peers, decrypted, through the
// engine's plaintext tap; thread-safe (the tap runs on worker and session
// threads).
class ReceivedLog {
public:
    void add(const core::TappedPlaintext& tapped) {
        const std::lock_guard lock(m_mutex);
        if (tapped.channel == core::TappedPlaintext::Channel::Exchange) {
            m_invitations.insert(tapped.invitation.value());
        } else {
            m_contacts.insert(tapped.contact.value());
        }
        if (tapped.part == core::TapPart::Record && !tapped.bytes.empty()) {
            m_recordTypes.insert(tapped.bytes[0]);
        }
        m_chunks.push_back(classify(tapped.part, tapped.bytes));
    }
    void attach(core::EngineOptions& options) {
        options.plaintextTap = [this](const core::TappedPlaintext& tapped) {
            add(tapped);
        };
    }
    std::vector<ReceivedChunk> chunks() const {
        const std::lock_guard lock(m_mutex);
        return m_chunks;
    }
    bool sawRecord(core::RecordType type) const {
        const std::lock_guard lock(m_mutex);
        return m_recordTypes.count(core::recordTypeByte(type)) != 0;
    }
    std::set<std::int64_t> contacts() const {
        const std::lock_guard lock(m_mutex);
        return m_contacts;
    }
    std::set<std::int64_t> invitations() const {
        const std::lock_guard lock(m_mutex);
        return m_invitations;
    }

private:
    mutable std::mutex m_mutex;
    std::vector<ReceivedChunk> m_chunks;
    std::set<std::uint8_t> m_recordTypes;
    std::set<std::int64_t> m_contacts;
    std::set<std::int64_t> m_invitations;
};

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
    // Declared first: the engines' threads call into them until they stop.
    ReceivedLog bobReceived;
    ReceivedLog carolReceived;
    transport::LoopbackNetwork network;
    Person alice(network, "alice");
    Person bob(network, "bob");
    Person carol(network, "carol");
    bobReceived.attach(bob.options);
    carolReceived.attach(carol.options);
    alice.start();
    bob.start();
    carol.start();
    const auto linkForBob = befriendReturningLink(alice, bob);
    const auto linkForCarol = befriendReturningLink(alice, carol);
    REQUIRE(waitContacts(alice, 2));
    REQUIRE(waitContacts(bob, 1));
    REQUIRE(waitContacts(carol, 1));

    // A conversation with each: Alice writes three times, each contact
    // answers twice (so Alice acknowledges), each at its own moment, and the
    // sessions then idle long enough for keep-alive.
    const auto bobAtAlice = contactNamed(alice, "bob");
    const auto carolAtAlice = contactNamed(alice, "carol");
    const std::vector<std::string> textsToBob{"Pears ripen slowly in autumn, first",
                                              "Pears ripen slowly in autumn, second",
                                              "Pears ripen slowly in autumn, third"};
    const std::vector<std::string> textsToCarol{"Quartz glitters under moonlight: alpha",
                                                "Quartz glitters under moonlight: beta",
                                                "Quartz glitters under moonlight: gamma"};
    for (std::size_t i = 0; i < textsToBob.size(); ++i) {
        REQUIRE(alice.engine().sendMessage(bobAtAlice, textsToBob[i]));
        std::this_thread::sleep_for(20ms);
        REQUIRE(alice.engine().sendMessage(carolAtAlice, textsToCarol[i]));
        std::this_thread::sleep_for(20ms);
    }
    for (int i = 0; i < 2; ++i) {
        REQUIRE(bob.engine().sendMessage(bob.onlyContact(), "from bob " + std::to_string(i)));
        std::this_thread::sleep_for(20ms);
        REQUIRE(carol.engine().sendMessage(carol.onlyContact(), "from carol " + std::to_string(i)));
        std::this_thread::sleep_for(20ms);
    }
    const auto delivered = [](Person& person, std::size_t count) {
        return person.listener->waitUntil([&] {
            return std::count_if(person.listener->states.begin(), person.listener->states.end(),
                                 [](const auto& change) {
                                     return change.state == core::DeliveryState::Delivered;
                                 }) >= static_cast<std::ptrdiff_t>(count);
        });
    };
    REQUIRE(delivered(alice, 6));
    REQUIRE(delivered(bob, 2));
    REQUIRE(delivered(carol, 2));
    checkReceivedExactly(wholeHistory(bob, bob.onlyContact()), textsToBob);
    checkReceivedExactly(wholeHistory(carol, carol.onlyContact()), textsToCarol);
    REQUIRE(eventually(
        [&] {
            return (bobReceived.sawRecord(core::RecordType::Ping) ||
                    bobReceived.sawRecord(core::RecordType::Pong)) &&
                   (carolReceived.sawRecord(core::RecordType::Ping) ||
                    carolReceived.sawRecord(core::RecordType::Pong));
        },
        10s));

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
    // Every byte each of them received from Alice, decrypted: the exchange
    // (handshake messages and payloads, BUNDLE, CONFIRM, CLOSE) and the
    // sessions (handshakes, MESSAGE, ACK, PING/PONG, CLOSE). The tap saw one
    // relationship on each side, and the keys Alice gave arrived through it.
    const auto bobStream = bobReceived.chunks();
    const auto carolStream = carolReceived.chunks();
    CHECK(bobReceived.contacts() == std::set<std::int64_t>{bob.onlyContact().value()});
    CHECK(carolReceived.contacts() == std::set<std::int64_t>{carol.onlyContact().value()});
    CHECK(bobReceived.invitations().size() == 1);
    CHECK(carolReceived.invitations().size() == 1);
    CHECK(containsWindowOf(bobStream, bobGot.staticKey, 32));
    CHECK(containsWindowOf(bobStream, bobGot.serviceKey, 32));
    CHECK(containsWindowOf(bobStream, bobGot.clientAuthKey, 32));
    CHECK(containsWindowOf(carolStream, carolGot.staticKey, 32));
    CHECK(containsWindowOf(carolStream, carolGot.serviceKey, 32));
    CHECK(containsWindowOf(carolStream, carolGot.clientAuthKey, 32));
    CHECK(containsWindowOf(bobStream, bytesOf(textsToBob[0]), textsToBob[0].size()));
    CHECK(containsWindowOf(carolStream, bytesOf(textsToCarol[0]), textsToCarol[0].size()));

    // No 8 bytes of any key or identifier Alice gave one of them (her link's
    // handshake key, her static, service = onion address and client-auth
    // keys) occur anywhere in what the other received.
    for (const auto& key : toBob) {
        CHECK_FALSE(containsWindowOf(carolStream, key, 8));
    }
    for (const auto& key : toCarol) {
        CHECK_FALSE(containsWindowOf(bobStream, key, 8));
    }

    // More generally, the two streams share no 8-byte window that is not
    // protocol framing, padding, a per-conversation counter or a timestamp
    // (ReceivedBytes.h names each class and its rule). What is shared:
    //   - record headers of the same type and length followed by zeros
    //     (PING, PONG, CLOSE, equal-length MESSAGEs and their padding);
    //   - the bundle's version and field headers, next to at most a few
    //     key bytes that coincide by chance;
    //   - MESSAGE ids 1, 2, 3 and ACK ids 1, 2: every conversation counts
    //     from 1, so equal ids say nothing about who sent them;
    //   - the high bytes of MESSAGE send times (any two messages sent within
    //     hours of each other share them).
    const auto shared = sharedWindows(bobStream, carolStream, 8);
    for (const auto& window : shared) {
        INFO("shared window " << window.hex() << " has " << window.contentInFirst << " and "
                              << window.contentInSecond << " content bytes");
        CHECK(window.explained());
    }
    // The checker looked at real traffic: framing is shared.
    CHECK_FALSE(shared.empty());

    // Alice's own records agree: two services, two static keys, and what
    // she holds of Bob and Carol differs too.
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
