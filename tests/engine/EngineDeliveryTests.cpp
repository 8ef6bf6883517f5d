#include <catch2/catch_test_macros.hpp>
#include <sodium.h>

#include <map>
#include <set>

#include "EngineTestSupport.h"

using namespace chive;
using namespace chive::engine::test;

namespace {

std::vector<std::string> numbered(const std::string& prefix, int from, int count) {
    std::vector<std::string> out;
    for (int i = from; i < from + count; ++i) {
        out.push_back(prefix + " #" + std::to_string(i));
    }
    return out;
}

std::size_t deliveredCount(RecordingListener& listener) {
    return listener.read([&] {
        return static_cast<std::size_t>(
            std::count_if(listener.states.begin(), listener.states.end(), [](const auto& change) {
                return change.state == core::DeliveryState::Delivered;
            }));
    });
}

bool waitDelivered(Person& person, std::size_t count, std::chrono::milliseconds limit = 30s) {
    return person.listener->waitUntil(
        [&] {
            return std::count_if(person.listener->states.begin(), person.listener->states.end(),
                                 [](const auto& change) {
                                     return change.state == core::DeliveryState::Delivered;
                                 }) >= static_cast<std::ptrdiff_t>(count);
        },
        limit);
}

// Every outgoing message of the conversation is Delivered in the store.
void checkAllDelivered(Person& person, core::ContactId contact) {
    for (const auto& message : wholeHistory(person, contact)) {
        if (message.direction == core::MessageDirection::Outgoing) {
            CHECK(message.delivery == core::DeliveryState::Delivered);
        }
    }
}

bool waitIncoming(Person& person, core::ContactId contact, std::size_t count,
                  std::chrono::milliseconds limit = 30s) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
        const auto history = wholeHistory(person, contact);
        const auto incoming = std::count_if(history.begin(), history.end(), [](const auto& m) {
            return m.direction == core::MessageDirection::Incoming;
        });
        if (static_cast<std::size_t>(incoming) >= count) {
            return true;
        }
        std::this_thread::sleep_for(20ms);
    }
    return false;
}

} // namespace

TEST_CASE("100 messages each way arrive once, in order, and go Queued, Sent, Delivered",
          "[engine][delivery]") {
    transport::LoopbackNetwork network;
    Person alice(network, "alice");
    Person bob(network, "bob");
    alice.start();
    bob.start();
    befriend(alice, bob);
    REQUIRE(onlineWithOneContact(*alice.listener));
    REQUIRE(onlineWithOneContact(*bob.listener));
    const auto bobAtAlice = alice.onlyContact();
    const auto aliceAtBob = bob.onlyContact();

    const auto fromAlice = numbered("alice to bob", 0, 100);
    const auto fromBob = numbered("bob to alice", 0, 100);
    std::vector<core::MessageRowId> aliceRows;
    for (std::size_t i = 0; i < 100; ++i) {
        auto sent = alice.engine().sendMessage(bobAtAlice, fromAlice[i]);
        REQUIRE(sent);
        CHECK(sent->delivery == core::DeliveryState::Queued);
        CHECK(sent->direction == core::MessageDirection::Outgoing);
        aliceRows.push_back(sent->rowId);
        REQUIRE(bob.engine().sendMessage(aliceAtBob, fromBob[i]));
    }
    REQUIRE(bob.listener->waitUntil([&] { return bob.listener->received.size() >= 100; }));
    REQUIRE(alice.listener->waitUntil([&] { return alice.listener->received.size() >= 100; }));
    REQUIRE(waitDelivered(alice, 100));
    REQUIRE(waitDelivered(bob, 100));
    std::this_thread::sleep_for(100ms); // room for a duplicate to show up

    bob.listener->read([&] {
        REQUIRE(bob.listener->received.size() == 100);
        for (std::size_t i = 0; i < 100; ++i) {
            CHECK(bob.listener->received[i].body == fromAlice[i]);
            CHECK(bob.listener->received[i].contact == aliceAtBob);
            CHECK(bob.listener->received[i].direction == core::MessageDirection::Incoming);
        }
        return 0;
    });
    alice.listener->read([&] {
        REQUIRE(alice.listener->received.size() == 100);
        for (std::size_t i = 0; i < 100; ++i) {
            CHECK(alice.listener->received[i].body == fromBob[i]);
        }
        // Each of Alice's messages: Sent, then Delivered, once each.
        std::map<core::MessageRowId, std::vector<core::DeliveryState>> byRow;
        for (const auto& change : alice.listener->states) {
            CHECK(change.contact == bobAtAlice);
            byRow[change.message].push_back(change.state);
        }
        REQUIRE(byRow.size() == 100);
        for (const auto row : aliceRows) {
            CHECK(byRow[row] == std::vector<core::DeliveryState>{core::DeliveryState::Sent,
                                                                 core::DeliveryState::Delivered});
        }
        return 0;
    });
    checkReceivedExactly(wholeHistory(bob, aliceAtBob), fromAlice);
    checkReceivedExactly(wholeHistory(alice, bobAtAlice), fromBob);
    checkAllDelivered(alice, bobAtAlice);
    checkAllDelivered(bob, aliceAtBob);

    // Unread counts follow what arrived, and markRead clears them for good.
    CHECK(bob.engine().contact(aliceAtBob)->unread == 100);
    REQUIRE(bob.engine().markRead(aliceAtBob));
    CHECK(bob.engine().contact(aliceAtBob)->unread == 0);
    CHECK(bob.engine().contact(aliceAtBob)->lastActivity.has_value());
    bob.restart();
    CHECK(bob.engine().contact(aliceAtBob)->unread == 0);
    REQUIRE(waitContactOnline(bob, aliceAtBob));
    REQUIRE(alice.engine().sendMessage(bobAtAlice, "one more"));
    REQUIRE(bob.listener->waitUntil([&] { return bob.listener->received.size() == 1; }));
    CHECK(bob.engine().contact(aliceAtBob)->unread == 1);
}

TEST_CASE("messages to a contact whose transport is offline wait and arrive once it is back",
          "[engine][delivery]") {
    transport::LoopbackNetwork network;
    Person alice(network, "alice");
    Person bob(network, "bob");
    alice.start();
    bob.start();
    befriend(alice, bob);
    REQUIRE(onlineWithOneContact(*alice.listener));
    REQUIRE(onlineWithOneContact(*bob.listener));
    const auto bobAtAlice = alice.onlyContact();
    const auto aliceAtBob = bob.onlyContact();

    bob.transport().setOnline(false);
    bob.transport().cutStreams();
    REQUIRE(alice.listener->waitUntil([&] {
        return alice.listener->contacts.at(bobAtAlice).presence == core::Presence::Offline;
    }));
    const auto texts = numbered("while away", 0, 20);
    for (const auto& text : texts) {
        REQUIRE(alice.engine().sendMessage(bobAtAlice, text));
    }
    std::this_thread::sleep_for(300ms); // several retries fail meanwhile
    CHECK(deliveredCount(*alice.listener) == 0);
    CHECK(bob.listener->read([&] { return bob.listener->received.size(); }) == 0);
    CHECK(alice.transport().counters().connectAttempts > 3);

    bob.transport().setOnline(true);
    REQUIRE(waitDelivered(alice, 20));
    REQUIRE(bob.listener->waitUntil([&] { return bob.listener->received.size() >= 20; }));
    std::this_thread::sleep_for(100ms);
    checkReceivedExactly(wholeHistory(bob, aliceAtBob), texts);
    checkAllDelivered(alice, bobAtAlice);
    // Retries were bounded: the backoff stays between its first wait and
    // its maximum, so a few hundred milliseconds meant a handful of tries.
    CHECK(alice.transport().counters().connectAttempts < 60);
}

TEST_CASE("messages survive the receiver's engine being destroyed and recreated",
          "[engine][delivery]") {
    transport::LoopbackNetwork network;
    Person alice(network, "alice");
    Person bob(network, "bob");
    alice.start();
    bob.start();
    befriend(alice, bob);
    REQUIRE(onlineWithOneContact(*alice.listener));
    REQUIRE(onlineWithOneContact(*bob.listener));
    const auto bobAtAlice = alice.onlyContact();
    const auto aliceAtBob = bob.onlyContact();

    bob.stop();
    REQUIRE(alice.listener->waitUntil([&] {
        return alice.listener->contacts.at(bobAtAlice).presence == core::Presence::Offline;
    }));
    const auto texts = numbered("queued", 0, 30);
    for (const auto& text : texts) {
        REQUIRE(alice.engine().sendMessage(bobAtAlice, text));
    }
    // Alice restarts too, with everything still queued: the outbox is in
    // her store, not in her engine.
    alice.restart();
    bob.start();
    REQUIRE(waitIncoming(bob, aliceAtBob, 30));
    REQUIRE(waitDelivered(alice, 30));
    std::this_thread::sleep_for(100ms);
    checkReceivedExactly(wholeHistory(bob, aliceAtBob), texts);
    checkAllDelivered(alice, bobAtAlice);
}

TEST_CASE("a sender restarted mid-send and cut streams lose nothing and duplicate nothing",
          "[engine][delivery]") {
    transport::LoopbackNetwork network;
    Person alice(network, "alice");
    Person bob(network, "bob");
    alice.start();
    bob.start();
    befriend(alice, bob);
    REQUIRE(onlineWithOneContact(*alice.listener));
    REQUIRE(onlineWithOneContact(*bob.listener));
    const auto bobAtAlice = alice.onlyContact();
    const auto aliceAtBob = bob.onlyContact();

    std::vector<std::string> all;
    for (int round = 0; round < 4; ++round) {
        const auto texts = numbered("round " + std::to_string(round), 0, 60);
        for (const auto& text : texts) {
            REQUIRE(alice.engine().sendMessage(bobAtAlice, text));
            all.push_back(text);
        }
        // Stop at a random point of the sending: before, during or after.
        std::this_thread::sleep_for(std::chrono::milliseconds(randombytes_uniform(40)));
        if (round % 2 == 0) {
            alice.restart();
        } else {
            alice.transport().cutStreams();
        }
    }
    REQUIRE(waitIncoming(bob, aliceAtBob, all.size()));
    std::this_thread::sleep_for(200ms);
    checkReceivedExactly(wholeHistory(bob, aliceAtBob), all);
    REQUIRE(eventually([&] {
        const auto history = wholeHistory(alice, bobAtAlice);
        return std::all_of(history.begin(), history.end(), [](const auto& m) {
            return m.delivery == core::DeliveryState::Delivered;
        });
    }));
}

TEST_CASE("faults injected at every delivery step lose nothing and duplicate nothing",
          "[engine][delivery]") {
    transport::LoopbackNetwork network;
    Person alice(network, "alice");
    Person bob(network, "bob");
    // Each side fails each step once, for a different message each time: the
    // session ends there and the next one must repair it.
    auto makeHook = [](std::uint64_t seed) {
        auto fired = std::make_shared<std::set<int>>();
        auto mutex = std::make_shared<std::mutex>();
        return [fired, mutex, seed](core::DeliveryStep step, core::MessageId id) -> core::Status {
            const int stepNumber = static_cast<int>(step);
            const std::lock_guard lock(*mutex);
            if (id.value() == seed + 3 * static_cast<std::uint64_t>(stepNumber) &&
                fired->insert(stepNumber).second) {
                return core::fail(core::ErrorCode::Io, "injected fault");
            }
            return {};
        };
    };
    alice.options.deliveryFaultHook = makeHook(2);
    bob.options.deliveryFaultHook = makeHook(4);
    alice.start();
    bob.start();
    befriend(alice, bob);
    REQUIRE(onlineWithOneContact(*alice.listener));
    REQUIRE(onlineWithOneContact(*bob.listener));
    const auto bobAtAlice = alice.onlyContact();
    const auto aliceAtBob = bob.onlyContact();

    const auto fromAlice = numbered("a", 0, 40);
    const auto fromBob = numbered("b", 0, 40);
    for (std::size_t i = 0; i < 40; ++i) {
        REQUIRE(alice.engine().sendMessage(bobAtAlice, fromAlice[i]));
        REQUIRE(bob.engine().sendMessage(aliceAtBob, fromBob[i]));
    }
    REQUIRE(waitIncoming(bob, aliceAtBob, 40));
    REQUIRE(waitIncoming(alice, bobAtAlice, 40));
    REQUIRE(eventually([&] {
        const auto history = wholeHistory(alice, bobAtAlice);
        return std::all_of(history.begin(), history.end(), [](const auto& m) {
            return m.delivery == core::DeliveryState::Delivered;
        });
    }));
    std::this_thread::sleep_for(200ms);
    checkReceivedExactly(wholeHistory(bob, aliceAtBob), fromAlice);
    checkReceivedExactly(wholeHistory(alice, bobAtAlice), fromBob);
    // The events match the store: each message shown once.
    CHECK(bob.listener->read([&] { return bob.listener->received.size(); }) == 40);
    CHECK(alice.listener->read([&] { return alice.listener->received.size(); }) == 40);
}
