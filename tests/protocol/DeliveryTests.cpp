// Exactly-once delivery on the loopback transport with real SQLCipher
// storage on both sides: messages queued before and during a session, a
// duplicate after a lost ACK, thousands of messages each way through
// injected crashes at every step of the state machine, random stream cuts
// and restarts (the database closed and opened again), two simultaneous
// sessions settled by DuplicateSessionRule, and peers that send what a
// contact session must refuse.

#include "core/protocol/AckRecord.h"
#include "core/protocol/DeliveryChannel.h"
#include "core/protocol/MessageRecord.h"
#include "core/session/DuplicateSessionRule.h"

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <map>
#include <mutex>
#include <numeric>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "tests/protocol/DeliveryPeer.h"
#include "tests/protocol/ProtocolTestSupport.h"

using Catch::Matchers::ContainsSubstring;
using chive::core::AckRecord;
using chive::core::CloseReason;
using chive::core::ContactId;
using chive::core::DeliveryState;
using chive::core::DeliveryStep;
using chive::core::DuplicateSessionRule;
using chive::core::ErrorCode;
using chive::core::HandshakeRole;
using chive::core::MessageDirection;
using chive::core::MessageId;
using chive::core::MessageRecord;
using chive::core::RecordType;
using chive::core::Status;
using chive::core::StoredMessage;
using chive::transport::LoopbackNetwork;
using namespace chive::testing;

namespace {

// Counts what the channels report, across sessions and restarts.
class CountingListener final : public chive::core::DeliveryListener {
public:
    void onMessageReceived(const StoredMessage& message) override {
        const std::lock_guard lock(m_mutex);
        ++m_received[message.id.value()];
    }
    void onMessagesSent(ContactId /*contact*/, std::span<const MessageId> ids) override {
        const std::lock_guard lock(m_mutex);
        m_sent += ids.size();
    }
    void onMessageDelivered(ContactId /*contact*/, MessageId id) override {
        const std::lock_guard lock(m_mutex);
        ++m_delivered[id.value()];
    }
    std::map<std::uint64_t, int> received() {
        const std::lock_guard lock(m_mutex);
        return m_received;
    }
    std::map<std::uint64_t, int> delivered() {
        const std::lock_guard lock(m_mutex);
        return m_delivered;
    }
    std::size_t sent() {
        const std::lock_guard lock(m_mutex);
        return m_sent;
    }

private:
    std::mutex m_mutex;
    std::map<std::uint64_t, int> m_received;
    std::map<std::uint64_t, int> m_delivered;
    std::size_t m_sent = 0;
};

bool waitUntil(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!done()) {
        if (std::chrono::steady_clock::now() >= deadline) {
            return false;
        }
        std::this_thread::sleep_for(2ms);
    }
    return true;
}

std::vector<StoredMessage> inDirection(std::vector<StoredMessage> messages,
                                       MessageDirection direction) {
    std::erase_if(messages, [&](const StoredMessage& m) { return m.direction != direction; });
    return messages;
}

// Every message `sender` wrote is stored once at `receiver`, in the
// sender's order, with its text, and Delivered at the sender.
void requireExactlyOnce(DeliveryPeer& sender, DeliveryPeer& receiver,
                        const std::map<std::uint64_t, std::string>& texts) {
    const auto incoming = inDirection(receiver.conversation(), MessageDirection::Incoming);
    std::vector<std::uint64_t> ids;
    for (const auto& message : incoming) {
        ids.push_back(message.id.value());
    }
    std::vector<std::uint64_t> expected(texts.size());
    std::iota(expected.begin(), expected.end(), std::uint64_t{1});
    REQUIRE(ids == expected); // once each, and stored in the sender's order
    for (const auto& message : incoming) {
        if (message.body != texts.at(message.id.value())) {
            FAIL("message " << message.id.value() << " arrived with other text");
        }
    }
    const auto outgoing = inDirection(sender.conversation(), MessageDirection::Outgoing);
    REQUIRE(outgoing.size() == texts.size());
    CHECK(std::ranges::all_of(
        outgoing, [](const StoredMessage& m) { return m.delivery == DeliveryState::Delivered; }));
    CHECK(sender.outbox().empty());
}

std::string messageText(std::size_t from, std::uint64_t id, std::mt19937_64& random) {
    std::string text = (from == 0 ? "alice→bob #" : "bob→alice #") + std::to_string(id) + " ";
    // Mostly short, sometimes several kilobytes (larger size classes).
    const std::size_t filler = random() % 10 == 0 ? random() % 6000 : random() % 80;
    for (std::size_t i = 0; i < filler; ++i) {
        text += static_cast<char>('a' + random() % 26);
    }
    return text;
}

// Injects one crash per session: at the chosen step, on the chosen side,
// after `countdown` earlier passes through it. A crashed side stops at its
// next step on every thread and its streams are cut, as when the process
// dies; the test then closes and reopens its database.
class CrashPlan {
public:
    explicit CrashPlan(std::array<DeliveryPeer*, 2> peers)
        : m_peers(peers) {}

    void arm(std::optional<std::size_t> side, DeliveryStep step, int countdown) {
        const std::lock_guard lock(m_mutex);
        m_side = side;
        m_step = step;
        m_countdown = countdown;
        m_crashed = {false, false};
    }
    bool crashed(std::size_t side) {
        const std::lock_guard lock(m_mutex);
        return m_crashed.at(side);
    }
    std::map<DeliveryStep, int> fired() {
        const std::lock_guard lock(m_mutex);
        return m_fired;
    }
    // The crashing thread stops at once; the side's other threads stop at
    // their next step, but whatever they are doing (a write, a commit) may
    // finish during the crash's last moments (0-3 ms), as in a real crash.
    chive::core::DeliveryFaultHook hookFor(std::size_t side) {
        return [this, side](DeliveryStep step, MessageId /*id*/) -> Status {
            std::chrono::microseconds lastMoments{};
            {
                const std::lock_guard lock(m_mutex);
                if (m_crashed.at(side)) {
                    return chive::core::fail(ErrorCode::Internal, "crashed");
                }
                if (m_side != side || step != m_step || m_countdown-- != 0) {
                    return {};
                }
                m_crashed.at(side) = true;
                ++m_fired[step];
                lastMoments = std::chrono::microseconds(m_random() % 3000);
            }
            std::this_thread::sleep_for(lastMoments);
            m_peers.at(side)->transport().cutStreams();
            return chive::core::fail(ErrorCode::Internal, "injected crash");
        };
    }

private:
    std::array<DeliveryPeer*, 2> m_peers;
    std::mutex m_mutex;
    std::optional<std::size_t> m_side;
    DeliveryStep m_step = DeliveryStep::BeforeSend;
    int m_countdown = 0;
    std::array<bool, 2> m_crashed{};
    std::map<DeliveryStep, int> m_fired;
    std::mt19937 m_random{std::random_device{}()};
};

constexpr std::array kAllSteps{DeliveryStep::BeforeSend,         DeliveryStep::AfterSend,
                               DeliveryStep::AfterMarkSent,      DeliveryStep::AfterAckReceived,
                               DeliveryStep::AfterMarkDelivered, DeliveryStep::AfterReceive,
                               DeliveryStep::AfterStore,         DeliveryStep::AfterAckSent};

std::size_t messagesPerDirection() {
    if (const char* value = std::getenv("CHIVE_DELIVERY_MESSAGES"); value != nullptr) {
        return std::stoul(value);
    }
    return 10000;
}

} // namespace

TEST_CASE("messages queued before and during a session arrive once, in order",
          "[protocol][delivery]") {
    TempDir dir;
    LoopbackNetwork network;
    DeliveryPeer alice(network, dir.path() / "alice");
    DeliveryPeer bob(network, dir.path() / "bob");
    DeliveryPeer::befriend(alice, bob);
    CountingListener aliceEvents;
    CountingListener bobEvents;

    std::map<std::uint64_t, std::string> texts;
    for (int i = 0; i < 5; ++i) {
        const std::string text = "offline " + std::to_string(i) + " \xe2\x98\x83";
        texts[alice.queue(text).value()] = text;
    }
    auto link = DeliveryLink::open(alice, bob, {&aliceEvents, {}}, {&bobEvents, {}});
    REQUIRE(link);
    REQUIRE((*link)->channel(0).flush());
    REQUIRE((*link)->channel(1).flush()); // Bob has nothing to send
    for (int i = 0; i < 5; ++i) {
        const std::string text = "online " + std::to_string(i);
        texts[alice.queue(text).value()] = text;
        REQUIRE((*link)->channel(0).flush());
    }
    REQUIRE(waitUntil([&] { return alice.outbox().empty(); }, 5s));
    CHECK((*link)->channel(0).inFlightCount() == 0);
    (*link)->close();
    requireExactlyOnce(alice, bob, texts);
    CHECK(aliceEvents.sent() == 10);
    CHECK(aliceEvents.delivered().size() == 10);
    const auto received = bobEvents.received();
    CHECK(received.size() == 10);
    CHECK(std::ranges::all_of(received, [](const auto& entry) { return entry.second == 1; }));
    // Stored incoming messages carry the sender's clock.
    const auto sentAt = inDirection(alice.conversation(), MessageDirection::Outgoing)[0].sentAt;
    CHECK(inDirection(bob.conversation(), MessageDirection::Incoming)[0].sentAt == sentAt);
}

TEST_CASE("a message whose ACK was lost is resent, acknowledged again and shown once",
          "[protocol][delivery]") {
    TempDir dir;
    LoopbackNetwork network;
    DeliveryPeer alice(network, dir.path() / "alice");
    DeliveryPeer bob(network, dir.path() / "bob");
    DeliveryPeer::befriend(alice, bob);
    CountingListener bobEvents;
    std::array<DeliveryPeer*, 2> peers{&alice, &bob};
    CrashPlan plan(peers);
    // Bob crashes right after committing the message, before his ACK.
    plan.arm(1, DeliveryStep::AfterStore, 0);
    const auto id = alice.queue("only once");
    {
        auto link = DeliveryLink::open(alice, bob, {nullptr, plan.hookFor(0)},
                                       {&bobEvents, plan.hookFor(1)});
        REQUIRE(link);
        REQUIRE((*link)->channel(0).flush());
        REQUIRE(waitUntil([&] { return (*link)->readerDone(1); }, 5s));
        CHECK((*link)->readerError(1)->message == "injected crash");
    }
    bob.restart();
    // Stored at Bob, still unacknowledged at Alice.
    CHECK(inDirection(bob.conversation(), MessageDirection::Incoming).size() == 1);
    CHECK(inDirection(alice.conversation(), MessageDirection::Outgoing)[0].delivery ==
          DeliveryState::Sent);
    REQUIRE(alice.outbox().size() == 1);

    plan.arm(std::nullopt, DeliveryStep::BeforeSend, 0);
    auto link = DeliveryLink::open(bob, alice, {&bobEvents, {}}, {});
    REQUIRE(link);
    REQUIRE((*link)->channel(1).flush()); // Alice resends on the new session
    REQUIRE(waitUntil([&] { return alice.outbox().empty(); }, 5s));
    (*link)->close();
    requireExactlyOnce(alice, bob, {{id.value(), "only once"}});
    CHECK(bobEvents.received() == std::map<std::uint64_t, int>{{id.value(), 1}});
}

TEST_CASE("every message arrives exactly once and in order through crashes at every step, "
          "stream cuts and restarts",
          "[protocol][delivery][crash]") {
    const std::size_t perDirection = messagesPerDirection();
    const auto seed = std::random_device{}();
    INFO("seed " << seed << ", " << perDirection << " messages each way");
    std::mt19937_64 random(seed);
    TempDir dir;
    LoopbackNetwork network;
    DeliveryPeer alice(network, dir.path() / "alice");
    DeliveryPeer bob(network, dir.path() / "bob");
    DeliveryPeer::befriend(alice, bob);
    std::array<DeliveryPeer*, 2> peers{&alice, &bob};
    std::array<CountingListener, 2> events;
    std::array<std::map<std::uint64_t, std::string>, 2> texts;
    std::array<std::size_t, 2> queued{0, 0};
    CrashPlan plan(peers);
    std::size_t crashes = 0;
    std::size_t cuts = 0;
    std::size_t restarts = 0;
    std::size_t sessions = 0;

    auto allDelivered = [&] {
        return queued[0] == perDirection && queued[1] == perDirection && alice.outbox().empty() &&
               bob.outbox().empty();
    };
    const std::size_t maxCycles = 200000;
    std::size_t cycle = 0;
    std::size_t armed = 0;
    for (; cycle < maxCycles && !allDelivered(); ++cycle) {
        const bool allQueued = queued[0] == perDirection && queued[1] == perDirection;
        // Faults in three of four sessions while messages are still being
        // written; the last sessions may run clean so that the run ends.
        const bool faulty = !allQueued || cycle % 4 != 0;
        if (faulty && cycle % 8 != 7) {
            plan.arm(random() % 2, kAllSteps.at(armed++ % kAllSteps.size()),
                     static_cast<int>(random() % 12));
        } else {
            plan.arm(std::nullopt, DeliveryStep::BeforeSend, 0);
        }
        const std::size_t initiator = random() % 2;
        const std::size_t responder = 1 - initiator;
        auto link = DeliveryLink::open(*peers.at(initiator), *peers.at(responder),
                                       {&events.at(initiator), plan.hookFor(initiator)},
                                       {&events.at(responder), plan.hookFor(responder)});
        REQUIRE(link);
        ++sessions;
        auto endOf = [&](std::size_t who) {
            return who == initiator ? 0U : 1U;
        };
        // Sometimes the connection dies on its own at a random moment.
        std::thread cutter;
        if (faulty && random() % 3 == 0) {
            const auto delay = std::chrono::microseconds(random() % 20000);
            DeliveryPeer* victim = peers.at(random() % 2);
            cutter = std::thread([delay, victim] {
                std::this_thread::sleep_for(delay);
                victim->transport().cutStreams();
            });
            ++cuts;
        }
        for (std::size_t who = 0; who < 2; ++who) {
            (void)(*link)->channel(endOf(who)).flush();
        }
        const std::size_t rounds = 1 + random() % 6;
        for (std::size_t round = 0; round < rounds; ++round) {
            for (std::size_t who = 0; who < 2; ++who) {
                if (plan.crashed(who) || queued.at(who) == perDirection) {
                    continue;
                }
                const std::size_t count =
                    std::min<std::size_t>(random() % 40, perDirection - queued.at(who));
                for (std::size_t i = 0; i < count; ++i) {
                    const std::uint64_t expected = ++queued.at(who);
                    std::string text = messageText(who, expected, random);
                    const auto id = peers.at(who)->queue(text);
                    REQUIRE(id.value() == expected);
                    texts.at(who)[expected] = std::move(text);
                }
                (void)(*link)->channel(endOf(who)).flush();
            }
            if ((*link)->readerDone(0) || (*link)->readerDone(1)) {
                break;
            }
        }
        // Let the session settle: everything acknowledged, or it ended.
        (void)waitUntil(
            [&] {
                return (*link)->readerDone(0) || (*link)->readerDone(1) ||
                       (alice.outbox().empty() && bob.outbox().empty());
            },
            2s);
        (*link)->close();
        if (cutter.joinable()) {
            cutter.join();
        }
        link->reset();
        for (std::size_t who = 0; who < 2; ++who) {
            if (plan.crashed(who)) {
                ++crashes;
                ++restarts;
                peers.at(who)->restart();
            } else if (random() % 16 == 0) {
                ++restarts; // a clean restart now and then
                peers.at(who)->restart();
            }
        }
    }
    INFO(sessions << " sessions, " << crashes << " crashes, " << cuts << " cuts, " << restarts
                  << " restarts");
    REQUIRE(allDelivered());
    requireExactlyOnce(alice, bob, texts[0]);
    requireExactlyOnce(bob, alice, texts[1]);
    // Shown once: the listener saw each message stored exactly once, over
    // all sessions and restarts.
    for (std::size_t who = 0; who < 2; ++who) {
        const auto received = events.at(who).received();
        CHECK(received.size() == perDirection);
        CHECK(std::ranges::all_of(received, [](const auto& entry) { return entry.second == 1; }));
    }
    // Every step of the state machine had crashes injected.
    const auto fired = plan.fired();
    for (const DeliveryStep step : kAllSteps) {
        CAPTURE(static_cast<int>(step));
        CHECK(fired.contains(step));
    }
    WARN(perDirection << " messages each way: " << sessions << " sessions, " << crashes
                      << " injected crashes, " << cuts << " random cuts, " << restarts
                      << " restarts");
}

TEST_CASE("two simultaneous sessions settle by the duplicate-session rule with no loss",
          "[protocol][delivery]") {
    TempDir dir;
    LoopbackNetwork network;
    DeliveryPeer alice(network, dir.path() / "alice");
    DeliveryPeer bob(network, dir.path() / "bob");
    DeliveryPeer::befriend(alice, bob);
    std::array<std::map<std::uint64_t, std::string>, 2> texts;
    auto write = [&](DeliveryPeer& who, std::size_t index, int count) {
        for (int i = 0; i < count; ++i) {
            const std::string text = "m" + std::to_string(texts.at(index).size() + 1);
            texts.at(index)[who.queue(text).value()] = text;
        }
    };
    write(alice, 0, 100);
    write(bob, 1, 100);

    // Both connect at once: each side ends up with two sessions.
    std::unique_ptr<DeliveryLink> aliceOpened;
    std::unique_ptr<DeliveryLink> bobOpened;
    std::thread other([&] { bobOpened = std::move(DeliveryLink::open(bob, alice).value()); });
    aliceOpened = std::move(DeliveryLink::open(alice, bob).value());
    other.join();
    // Both sessions carry traffic before the rule is applied.
    for (DeliveryLink* link : {aliceOpened.get(), bobOpened.get()}) {
        REQUIRE(link->channel(0).flush());
        REQUIRE(link->channel(1).flush());
    }
    write(alice, 0, 50);
    write(bob, 1, 50);
    REQUIRE(aliceOpened->channel(0).flush());
    REQUIRE(bobOpened->channel(0).flush());

    // Each side decides alone: aliceOpened is "existing" for both, bobOpened
    // "new". Alice is the initiator of aliceOpened (end 0) and the
    // responder of bobOpened (end 1); Bob the other way round.
    const auto aliceKeeps =
        DuplicateSessionRule::choose(HandshakeRole::Initiator, HandshakeRole::Responder,
                                     alice.keys().staticKey().publicKey(), alice.peer().staticKey);
    const auto bobKeeps =
        DuplicateSessionRule::choose(HandshakeRole::Responder, HandshakeRole::Initiator,
                                     bob.keys().staticKey().publicKey(), bob.peer().staticKey);
    // The same connection survives on both ends.
    REQUIRE(aliceKeeps == bobKeeps);
    DeliveryLink* survivor =
        aliceKeeps == DuplicateSessionRule::Keep::Existing ? aliceOpened.get() : bobOpened.get();
    DeliveryLink* loser = survivor == aliceOpened.get() ? bobOpened.get() : aliceOpened.get();
    loser->close(CloseReason::Duplicate);
    REQUIRE(waitUntil([&] { return loser->readerDone(0) && loser->readerDone(1); }, 5s));

    // The survivor goes on; what the loser had in flight is still in the
    // outbox and goes out on the next session.
    write(alice, 0, 50);
    write(bob, 1, 50);
    const std::size_t aliceEnd = survivor == aliceOpened.get() ? 0 : 1;
    REQUIRE(survivor->channel(aliceEnd).flush());
    REQUIRE(survivor->channel(1 - aliceEnd).flush());
    (void)waitUntil([&] { return alice.outbox().empty() && bob.outbox().empty(); }, 3s);
    survivor->close();
    if (!alice.outbox().empty() || !bob.outbox().empty()) {
        auto next = DeliveryLink::open(alice, bob).value();
        REQUIRE(next->channel(0).flush());
        REQUIRE(next->channel(1).flush());
        REQUIRE(waitUntil([&] { return alice.outbox().empty() && bob.outbox().empty(); }, 5s));
    }
    requireExactlyOnce(alice, bob, texts[0]);
    requireExactlyOnce(bob, alice, texts[1]);
}

TEST_CASE("a contact session refuses what does not belong in it", "[protocol][delivery]") {
    TempDir dir;
    LoopbackNetwork network;
    DeliveryPeer alice(network, dir.path() / "alice");
    DeliveryPeer bob(network, dir.path() / "bob");
    DeliveryPeer::befriend(alice, bob);
    // Bob is played by hand: a bare session, no channel.
    auto sessions = openSessions(bob.transport(), bob.peer().serviceKey, alice.inbound(),
                                 bob.keys().staticKey(), bob.peer().staticKey,
                                 alice.keys().staticKey(), alice.peer().staticKey);
    REQUIRE(sessions);
    auto& bobSession = *sessions->initiator;
    auto aliceRunner =
        std::make_unique<ChannelRunner>(*sessions->responder, alice.contact(), alice.store());
    auto valid = MessageRecord{MessageId(1), chive::core::nowTimestamp(), "fine"}.encode().value();

    SECTION("unknown optional records are skipped; a valid message is acknowledged") {
        REQUIRE(bobSession.send(static_cast<RecordType>(0xA5), std::vector<std::uint8_t>{1, 2}));
        REQUIRE(bobSession.send(RecordType::Message, valid));
        auto ack = bobSession.receive();
        REQUIRE(ack);
        CHECK(ack->type == RecordType::Ack);
        CHECK(AckRecord::parse(ack->body).value().id == MessageId(1));
        bobSession.close();
        REQUIRE(waitUntil([&] { return aliceRunner->readerDone(); }, 5s));
        aliceRunner.reset();
        CHECK(inDirection(alice.conversation(), MessageDirection::Incoming).size() == 1);
        return;
    }
    SECTION("text that is not UTF-8") {
        auto bad = valid;
        bad.back() = 0xff;
        REQUIRE(bobSession.send(RecordType::Message, bad));
    }
    SECTION("an ACK for a message never sent") {
        REQUIRE(bobSession.send(RecordType::Ack, AckRecord{MessageId(7)}.encode().value()));
    }
    SECTION("an exchange record") {
        REQUIRE(bobSession.send(RecordType::ExchangeConfirm, std::vector<std::uint8_t>(32)));
    }
    SECTION("an unknown mandatory type") {
        REQUIRE(bobSession.send(static_cast<RecordType>(0x42), std::vector<std::uint8_t>{}));
    }
    const auto bobSaw = bobSession.receive();
    REQUIRE(waitUntil([&] { return aliceRunner->readerDone(); }, 5s));
    REQUIRE_FALSE(bobSaw);
    CHECK_THAT(bobSaw.error().message, ContainsSubstring("protocol error"));
    REQUIRE(aliceRunner->readerError());
    CHECK(aliceRunner->readerError()->code == ErrorCode::Malformed);
    aliceRunner.reset();
    CHECK(inDirection(alice.conversation(), MessageDirection::Incoming).empty());
}

TEST_CASE("a receiver whose store is gone acknowledges nothing", "[protocol][delivery]") {
    TempDir dir;
    LoopbackNetwork network;
    DeliveryPeer alice(network, dir.path() / "alice");
    DeliveryPeer bob(network, dir.path() / "bob");
    DeliveryPeer::befriend(alice, bob);
    alice.queue("kept");
    // Bob's store refuses every write, as a full disk would.
    struct RefusingStore final : chive::core::StoreExecutor {
        Status run(const std::function<Status(chive::core::ProfileStore&)>& /*work*/) override {
            return chive::core::fail(ErrorCode::DiskFull, "the disk is full");
        }
    } refusing;
    auto sessions = openSessions(alice.transport(), alice.peer().serviceKey, bob.inbound(),
                                 alice.keys().staticKey(), alice.peer().staticKey,
                                 bob.keys().staticKey(), bob.peer().staticKey);
    REQUIRE(sessions);
    ChannelRunner aliceRunner(*sessions->initiator, alice.contact(), alice.store());
    ChannelRunner bobRunner(*sessions->responder, bob.contact(), refusing);
    REQUIRE(aliceRunner.channel().flush());
    REQUIRE(waitUntil([&] { return bobRunner.readerDone() && aliceRunner.readerDone(); }, 5s));
    REQUIRE(bobRunner.readerError());
    CHECK(bobRunner.readerError()->code == ErrorCode::DiskFull);
    // No ACK came: the message is still Sent and in Alice's outbox.
    CHECK(alice.outbox().size() == 1);
    CHECK(inDirection(alice.conversation(), MessageDirection::Outgoing)[0].delivery ==
          DeliveryState::Sent);
}
