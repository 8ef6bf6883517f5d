// LoopbackTransport: several simulated people on one LoopbackNetwork, the
// Tor-like errors callers rely on, and the failure-injection controls.

#include "core/SecureBuffer.h"
#include "transport/ClientAuthKey.h"
#include "transport/LoopbackNetwork.h"
#include "transport/LoopbackTransport.h"
#include "transport/OnionServiceKey.h"

#include <catch2/catch_test_macros.hpp>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

using chive::core::ByteStream;
using chive::core::Ed25519PublicKey;
using chive::core::ErrorCode;
using chive::core::SecureBuffer;
using chive::core::X25519PublicKey;
using chive::transport::ClientAuthKey;
using chive::transport::LoopbackNetwork;
using chive::transport::LoopbackTransport;
using chive::transport::OnionServiceKey;
using namespace std::chrono_literals;

namespace {

constexpr auto kWait = 5s;

// Records what a transport reports, and on which thread. Keeps inbound
// streams for the test to take.
class RecordingListener final : public chive::core::TransportListener {
public:
    struct Inbound {
        Ed25519PublicKey service;
        std::unique_ptr<ByteStream> stream;
    };

    void onServiceReachable(const Ed25519PublicKey& service) override {
        const std::lock_guard lock(m_mutex);
        m_reachable.push_back(service);
        m_threads.insert(std::this_thread::get_id());
        m_changed.notify_all();
    }
    void onServiceUploadFailed(const Ed25519PublicKey& service,
                               const std::string& /*reason*/) override {
        const std::lock_guard lock(m_mutex);
        m_uploadFailed.push_back(service);
        m_threads.insert(std::this_thread::get_id());
        m_changed.notify_all();
    }
    void onInboundStream(const Ed25519PublicKey& service,
                         std::unique_ptr<ByteStream> stream) override {
        const std::lock_guard lock(m_mutex);
        m_inbound.push_back(Inbound{service, std::move(stream)});
        m_threads.insert(std::this_thread::get_id());
        m_changed.notify_all();
    }

    // How often `service` was reported reachable once `count` reports came
    // in, or after kWait.
    std::size_t waitReachable(const Ed25519PublicKey& service, std::size_t count) {
        std::unique_lock lock(m_mutex);
        auto seen = [&] {
            return static_cast<std::size_t>(
                std::count(m_reachable.begin(), m_reachable.end(), service));
        };
        m_changed.wait_for(lock, kWait, [&] { return seen() >= count; });
        return seen();
    }
    std::size_t waitUploadFailed(const Ed25519PublicKey& service) {
        std::unique_lock lock(m_mutex);
        auto seen = [&] {
            return static_cast<std::size_t>(
                std::count(m_uploadFailed.begin(), m_uploadFailed.end(), service));
        };
        m_changed.wait_for(lock, kWait, [&] { return seen() >= 1; });
        return seen();
    }
    // Takes the oldest inbound stream, waiting up to kWait; empty if none.
    Inbound takeInbound() {
        std::unique_lock lock(m_mutex);
        m_changed.wait_for(lock, kWait, [&] { return !m_inbound.empty(); });
        if (m_inbound.empty()) {
            return {};
        }
        Inbound first = std::move(m_inbound.front());
        m_inbound.erase(m_inbound.begin());
        return first;
    }
    std::vector<Inbound> takeAllInbound(std::size_t count) {
        std::unique_lock lock(m_mutex);
        m_changed.wait_for(lock, kWait, [&] { return m_inbound.size() >= count; });
        return std::exchange(m_inbound, {});
    }
    std::set<std::thread::id> threads() {
        const std::lock_guard lock(m_mutex);
        return m_threads;
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::vector<Ed25519PublicKey> m_reachable;
    std::vector<Ed25519PublicKey> m_uploadFailed;
    std::vector<Inbound> m_inbound;
    std::set<std::thread::id> m_threads;
};

// One simulated person: a listener and a transport on the shared network.
struct Person {
    explicit Person(LoopbackNetwork& network,
                    std::size_t maxOpenStreams = LoopbackTransport::kDefaultMaxOpenStreams)
        : transport(network, listener, maxOpenStreams) {}
    RecordingListener listener;
    LoopbackTransport transport;
};

SecureBuffer seed() {
    return SecureBuffer::random(OnionServiceKey::kSeedLength);
}

std::vector<std::uint8_t> bytesOf(const std::string& text) {
    return {text.begin(), text.end()};
}

// Reads exactly `count` bytes; fewer if the stream ends, fails or stalls.
std::vector<std::uint8_t> readExactly(ByteStream& stream, std::size_t count) {
    std::vector<std::uint8_t> bytes(count);
    std::size_t got = 0;
    while (got < count) {
        auto read = stream.read(std::span(bytes).subspan(got), kWait);
        if (!read || *read == 0) {
            break;
        }
        got += *read;
    }
    bytes.resize(got);
    return bytes;
}

void requireEcho(ByteStream& from, ByteStream& to, const std::string& text) {
    const auto sent = bytesOf(text);
    REQUIRE(from.write(sent, kWait));
    REQUIRE(readExactly(to, sent.size()) == sent);
}

std::unique_ptr<ByteStream> connectOrFail(LoopbackTransport& transport,
                                          const Ed25519PublicKey& service) {
    auto stream = transport.connect(service, kWait);
    INFO((stream ? std::string() : stream.error().message));
    REQUIRE(stream);
    return std::move(*stream);
}

} // namespace

TEST_CASE(
    "loopback: publish gives the public key Tor derives and reports reachable on its own thread",
    "[transport][loopback]") {
    LoopbackNetwork network;
    Person alice(network);
    const SecureBuffer serviceSeed = seed();

    auto service = alice.transport.publish(serviceSeed.span(), {});
    REQUIRE(service);
    auto torKey = OnionServiceKey::fromSeed(serviceSeed.span());
    REQUIRE(torKey);
    CHECK(*service == torKey->publicKey());
    CHECK(network.isPublished(*service));
    CHECK(alice.transport.counters().publishes == 1);

    REQUIRE(alice.listener.waitReachable(*service, 1) == 1);
    const auto threads = alice.listener.threads();
    REQUIRE(threads.size() == 1);
    CHECK(*threads.begin() != std::this_thread::get_id());
}

TEST_CASE("loopback: publish and addClientAuth reject malformed keys", "[transport][loopback]") {
    LoopbackNetwork network;
    Person alice(network);
    const std::vector<std::uint8_t> shortSeed(31, 7);
    auto published = alice.transport.publish(shortSeed, {});
    REQUIRE_FALSE(published);
    CHECK(published.error().code == ErrorCode::InvalidArgument);
    CHECK(network.publishedCount() == 0);

    const Ed25519PublicKey service{};
    const std::vector<std::uint8_t> shortKey(31, 7);
    const std::vector<std::uint8_t> zeroKey(32, 0);
    CHECK(alice.transport.addClientAuth(service, shortKey).error().code ==
          ErrorCode::InvalidArgument);
    CHECK(alice.transport.addClientAuth(service, zeroKey).error().code ==
          ErrorCode::InvalidArgument);
    CHECK(alice.transport.removeClientAuth(service).error().code == ErrorCode::NotFound);
}

TEST_CASE("loopback: two transports carry bytes both ways", "[transport][loopback]") {
    LoopbackNetwork network;
    Person alice(network);
    Person bob(network);
    const SecureBuffer serviceSeed = seed();
    auto service = alice.transport.publish(serviceSeed.span(), {});
    REQUIRE(service);

    auto outbound = connectOrFail(bob.transport, *service);
    auto inbound = alice.listener.takeInbound();
    REQUIRE(inbound.stream);
    CHECK(inbound.service == *service);

    requireEcho(*outbound, *inbound.stream, "hello from bob");
    requireEcho(*inbound.stream, *outbound, "hello from alice");
    // A larger payload than one socket buffer, written while the other side
    // reads, arrives whole and in order.
    std::vector<std::uint8_t> large(1 << 20);
    for (std::size_t i = 0; i < large.size(); ++i) {
        large[i] = static_cast<std::uint8_t>(i * 31U);
    }
    std::thread writer([&] { (void)outbound->write(large, kWait); });
    const auto received = readExactly(*inbound.stream, large.size());
    writer.join();
    CHECK(received == large);

    CHECK(bob.transport.counters().connectAttempts == 1);
    CHECK(bob.transport.counters().connects == 1);
    CHECK(alice.transport.counters().inboundStreams == 1);
    CHECK(alice.transport.openStreamCount() == 1);
    CHECK(bob.transport.openStreamCount() == 1);

    // Closing one end is end of stream at the other.
    outbound->close();
    std::uint8_t byte = 0;
    auto end = inbound.stream->read(std::span(&byte, 1), kWait);
    REQUIRE(end);
    CHECK(*end == 0);
    outbound.reset();
    CHECK(bob.transport.openStreamCount() == 0);
}

TEST_CASE("loopback: three transports reach each other's services", "[transport][loopback]") {
    LoopbackNetwork network;
    std::vector<std::unique_ptr<Person>> people;
    std::vector<Ed25519PublicKey> services;
    for (int i = 0; i < 3; ++i) {
        people.push_back(std::make_unique<Person>(network));
        const SecureBuffer serviceSeed = seed();
        auto service = people.back()->transport.publish(serviceSeed.span(), {});
        REQUIRE(service);
        services.push_back(*service);
    }
    CHECK(network.publishedCount() == 3);

    for (std::size_t from = 0; from < 3; ++from) {
        for (std::size_t to = 0; to < 3; ++to) {
            if (from == to) {
                continue;
            }
            auto outbound = connectOrFail(people[from]->transport, services[to]);
            auto inbound = people[to]->listener.takeInbound();
            REQUIRE(inbound.stream);
            // The stream reaches the owner of the service asked for.
            CHECK(inbound.service == services[to]);
            const std::string text = "from " + std::to_string(from) + " to " + std::to_string(to);
            requireEcho(*outbound, *inbound.stream, text);
            requireEcho(*inbound.stream, *outbound, "reply to " + text);
        }
    }
    for (const auto& person : people) {
        CHECK(person->transport.counters().connects == 2);
        CHECK(person->transport.counters().inboundStreams == 2);
    }
}

TEST_CASE("loopback: client authorization admits only the authorized key",
          "[transport][loopback]") {
    LoopbackNetwork network;
    Person alice(network);
    Person bob(network);
    const ClientAuthKey bobsKey = ClientAuthKey::generate();
    const ClientAuthKey otherKey = ClientAuthKey::generate();
    const X25519PublicKey authorized = bobsKey.publicKey().bytes();
    const SecureBuffer serviceSeed = seed();
    auto service = alice.transport.publish(serviceSeed.span(), std::span(&authorized, 1));
    REQUIRE(service);

    auto noKey = bob.transport.connect(*service, kWait);
    REQUIRE_FALSE(noKey);
    CHECK(noKey.error().code == ErrorCode::Crypto);

    REQUIRE(bob.transport.addClientAuth(*service, otherKey.privateKey()));
    auto wrongKey = bob.transport.connect(*service, kWait);
    REQUIRE_FALSE(wrongKey);
    CHECK(wrongKey.error().code == ErrorCode::Crypto);

    // Replaces the wrong key.
    REQUIRE(bob.transport.addClientAuth(*service, bobsKey.privateKey()));
    auto outbound = connectOrFail(bob.transport, *service);
    auto inbound = alice.listener.takeInbound();
    REQUIRE(inbound.stream);
    requireEcho(*outbound, *inbound.stream, "authorized");

    // The key is this transport's: another person holding none is refused.
    Person carol(network);
    auto carolsTry = carol.transport.connect(*service, kWait);
    REQUIRE_FALSE(carolsTry);
    CHECK(carolsTry.error().code == ErrorCode::Crypto);

    REQUIRE(bob.transport.removeClientAuth(*service));
    auto removed = bob.transport.connect(*service, kWait);
    REQUIRE_FALSE(removed);
    CHECK(removed.error().code == ErrorCode::Crypto);
    CHECK(bob.transport.removeClientAuth(*service).error().code == ErrorCode::NotFound);
    CHECK(alice.transport.counters().inboundStreams == 1);
}

TEST_CASE("loopback: unknown and unpublished services are not found", "[transport][loopback]") {
    LoopbackNetwork network;
    Person alice(network);
    Person bob(network);
    const SecureBuffer serviceSeed = seed();

    auto unknown = OnionServiceKey::fromSeed(serviceSeed.span());
    REQUIRE(unknown);
    auto before = bob.transport.connect(unknown->publicKey(), kWait);
    REQUIRE_FALSE(before);
    CHECK(before.error().code == ErrorCode::NotFound);

    auto service = alice.transport.publish(serviceSeed.span(), {});
    REQUIRE(service);
    auto again = alice.transport.publish(serviceSeed.span(), {});
    REQUIRE_FALSE(again);
    CHECK(again.error().code == ErrorCode::AlreadyExists);
    auto elsewhere = bob.transport.publish(serviceSeed.span(), {});
    REQUIRE_FALSE(elsewhere);
    CHECK(elsewhere.error().code == ErrorCode::AlreadyExists);
    // Only the owner may withdraw it.
    CHECK(bob.transport.unpublish(*service).error().code == ErrorCode::NotFound);

    auto outbound = connectOrFail(bob.transport, *service);
    auto inbound = alice.listener.takeInbound();
    REQUIRE(inbound.stream);

    REQUIRE(alice.transport.unpublish(*service));
    CHECK_FALSE(network.isPublished(*service));
    auto after = bob.transport.connect(*service, kWait);
    REQUIRE_FALSE(after);
    CHECK(after.error().code == ErrorCode::NotFound);
    CHECK(alice.transport.unpublish(*service).error().code == ErrorCode::NotFound);
    // Streams already accepted stay open.
    requireEcho(*outbound, *inbound.stream, "still here");

    // Publishing the same seed again gives the same service back.
    auto republished = alice.transport.publish(serviceSeed.span(), {});
    REQUIRE(republished);
    CHECK(*republished == *service);
    connectOrFail(bob.transport, *service);
}

TEST_CASE("loopback: an offline transport is unreachable and cannot connect",
          "[transport][loopback]") {
    LoopbackNetwork network;
    Person alice(network);
    Person bob(network);
    const SecureBuffer aliceSeed = seed();
    const SecureBuffer bobSeed = seed();
    auto alices = alice.transport.publish(aliceSeed.span(), {});
    auto bobs = bob.transport.publish(bobSeed.span(), {});
    REQUIRE(alices);
    REQUIRE(bobs);
    REQUIRE(alice.listener.waitReachable(*alices, 1) == 1);

    alice.transport.setOnline(false);
    CHECK_FALSE(alice.transport.isOnline());
    auto toAlice = bob.transport.connect(*alices, kWait);
    REQUIRE_FALSE(toAlice);
    CHECK(toAlice.error().code == ErrorCode::Network);
    auto fromAlice = alice.transport.connect(*bobs, kWait);
    REQUIRE_FALSE(fromAlice);
    CHECK(fromAlice.error().code == ErrorCode::Network);
    CHECK(alice.transport.counters().connectAttempts == 1);
    CHECK(alice.transport.counters().connects == 0);

    // A service published while offline cannot be uploaded.
    const SecureBuffer laterSeed = seed();
    auto later = alice.transport.publish(laterSeed.span(), {});
    REQUIRE(later);
    CHECK(alice.listener.waitUploadFailed(*later) == 1);

    // Back online, every service is announced again and reachable.
    alice.transport.setOnline(true);
    CHECK(alice.listener.waitReachable(*alices, 2) == 2);
    CHECK(alice.listener.waitReachable(*later, 1) == 1);
    connectOrFail(bob.transport, *alices);
    connectOrFail(bob.transport, *later);
    connectOrFail(alice.transport, *bobs);
}

TEST_CASE("loopback: cutting a transport's streams ends them at both ends",
          "[transport][loopback]") {
    LoopbackNetwork network;
    Person alice(network);
    Person bob(network);
    Person carol(network);
    const SecureBuffer aliceSeed = seed();
    const SecureBuffer carolSeed = seed();
    auto alices = alice.transport.publish(aliceSeed.span(), {});
    auto carols = carol.transport.publish(carolSeed.span(), {});
    REQUIRE(alices);
    REQUIRE(carols);

    auto bobToAlice = connectOrFail(bob.transport, *alices);
    auto aliceFromBob = alice.listener.takeInbound();
    REQUIRE(aliceFromBob.stream);
    auto bobToCarol = connectOrFail(bob.transport, *carols);
    auto carolFromBob = carol.listener.takeInbound();
    REQUIRE(carolFromBob.stream);

    // Alice "crashes": her stream with Bob breaks, Bob's with Carol does not.
    CHECK(alice.transport.cutStreams() == 1);
    std::uint8_t byte = 0;
    auto atBob = bobToAlice->read(std::span(&byte, 1), kWait);
    REQUIRE(atBob);
    CHECK(*atBob == 0);
    auto atAlice = aliceFromBob.stream->read(std::span(&byte, 1), kWait);
    REQUIRE(atAlice);
    CHECK(*atAlice == 0);
    const auto payload = bytesOf("lost");
    auto written = bobToAlice->write(payload, kWait);
    REQUIRE_FALSE(written);
    CHECK(written.error().code == ErrorCode::Network);
    requireEcho(*bobToCarol, *carolFromBob.stream, "unaffected");

    // The service itself is still there: Bob reconnects.
    auto reconnected = connectOrFail(bob.transport, *alices);
    auto aliceAgain = alice.listener.takeInbound();
    REQUIRE(aliceAgain.stream);
    requireEcho(*reconnected, *aliceAgain.stream, "again");
    CHECK(alice.transport.cutStreams() == 1); // the old one is no longer counted
}

TEST_CASE("loopback: a connect delay slows connects and turns into a timeout",
          "[transport][loopback]") {
    LoopbackNetwork network;
    Person alice(network);
    Person bob(network);
    const SecureBuffer serviceSeed = seed();
    auto service = alice.transport.publish(serviceSeed.span(), {});
    REQUIRE(service);

    bob.transport.setConnectDelay(200ms);
    const auto start = std::chrono::steady_clock::now();
    auto slow = bob.transport.connect(*service, 2s);
    const auto took = std::chrono::steady_clock::now() - start;
    REQUIRE(slow);
    CHECK(took >= 200ms);

    // A delay longer than the timeout fails once the timeout has passed, not
    // after the whole delay.
    bob.transport.setConnectDelay(2s);
    const auto timeoutStart = std::chrono::steady_clock::now();
    auto tooSlow = bob.transport.connect(*service, 50ms);
    const auto timeoutTook = std::chrono::steady_clock::now() - timeoutStart;
    REQUIRE_FALSE(tooSlow);
    CHECK(tooSlow.error().code == ErrorCode::Timeout);
    CHECK(timeoutTook >= 50ms);
    CHECK(timeoutTook < 1s);
    CHECK(alice.transport.counters().inboundStreams == 1);

    bob.transport.setConnectDelay(0ms);
    REQUIRE(bob.transport.connect(*service, 50ms));
}

TEST_CASE("loopback: open streams are capped per transport", "[transport][loopback]") {
    LoopbackNetwork network;
    Person alice(network, 2);
    Person bob(network, 3);
    const SecureBuffer serviceSeed = seed();
    auto service = alice.transport.publish(serviceSeed.span(), {});
    REQUIRE(service);

    // Alice's limit: two accepted streams.
    auto first = connectOrFail(bob.transport, *service);
    auto second = connectOrFail(bob.transport, *service);
    auto third = bob.transport.connect(*service, kWait);
    REQUIRE_FALSE(third);
    CHECK(third.error().code == ErrorCode::Network);
    CHECK(alice.transport.openStreamCount() == 2);
    CHECK(alice.transport.counters().inboundStreams == 2);

    // Freed at both ends once both ends are gone.
    first.reset();
    alice.listener.takeInbound();
    CHECK(alice.transport.openStreamCount() == 1);
    auto replacement = connectOrFail(bob.transport, *service);

    // Bob's limit: three streams, counting those he accepted.
    const SecureBuffer bobSeed = seed();
    auto bobs = bob.transport.publish(bobSeed.span(), {});
    REQUIRE(bobs);
    Person carol(network);
    auto toBob = connectOrFail(carol.transport, *bobs);
    CHECK(bob.transport.openStreamCount() == 3);
    auto fromBob = bob.transport.connect(*bobs, kWait);
    REQUIRE_FALSE(fromBob);
    CHECK(fromBob.error().code == ErrorCode::Network);
}

TEST_CASE("loopback: concurrent connects from several threads all arrive",
          "[transport][loopback]") {
    constexpr std::size_t kThreads = 8;
    constexpr std::size_t kPerThread = 25;
    LoopbackNetwork network;
    Person alice(network, kThreads * kPerThread);
    std::vector<std::unique_ptr<Person>> callers;
    callers.reserve(3);
    for (int i = 0; i < 3; ++i) {
        callers.push_back(std::make_unique<Person>(network));
    }
    const SecureBuffer serviceSeed = seed();
    auto service = alice.transport.publish(serviceSeed.span(), {});
    REQUIRE(service);

    std::atomic<std::size_t> failures{0};
    std::vector<std::thread> threads;
    std::mutex streamsMutex;
    std::vector<std::unique_ptr<ByteStream>> outbound;
    for (std::size_t t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            auto& caller = callers[t % callers.size()]->transport;
            for (std::size_t i = 0; i < kPerThread; ++i) {
                const auto id = static_cast<std::uint16_t>(t * kPerThread + i);
                auto stream = caller.connect(*service, kWait);
                const std::uint8_t tag[2] = {static_cast<std::uint8_t>(id >> 8U),
                                             static_cast<std::uint8_t>(id & 0xffU)};
                if (!stream || !(*stream)->write(tag, kWait)) {
                    ++failures;
                    continue;
                }
                const std::lock_guard lock(streamsMutex);
                outbound.push_back(std::move(*stream));
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    REQUIRE(failures == 0);

    auto inbound = alice.listener.takeAllInbound(kThreads * kPerThread);
    REQUIRE(inbound.size() == kThreads * kPerThread);
    std::set<std::uint16_t> ids;
    for (auto& stream : inbound) {
        const auto tag = readExactly(*stream.stream, 2);
        REQUIRE(tag.size() == 2);
        ids.insert(static_cast<std::uint16_t>((tag[0] << 8U) | tag[1]));
    }
    CHECK(ids.size() == kThreads * kPerThread);
    CHECK(*ids.rbegin() == kThreads * kPerThread - 1);
    std::size_t connects = 0;
    for (const auto& caller : callers) {
        connects += caller->transport.counters().connects;
    }
    CHECK(connects == kThreads * kPerThread);
    CHECK(alice.transport.counters().inboundStreams == kThreads * kPerThread);
    CHECK(alice.listener.threads().size() == 1);
}

TEST_CASE("loopback: destroying a transport withdraws its services and cuts its streams",
          "[transport][loopback]") {
    LoopbackNetwork network;
    Person bob(network);
    const SecureBuffer serviceSeed = seed();
    Ed25519PublicKey service{};
    std::unique_ptr<ByteStream> toAlice;
    std::unique_ptr<ByteStream> aliceKept;
    {
        Person alice(network);
        auto published = alice.transport.publish(serviceSeed.span(), {});
        REQUIRE(published);
        service = *published;
        toAlice = connectOrFail(bob.transport, service);
        aliceKept = alice.listener.takeInbound().stream;
        REQUIRE(aliceKept);
        // One more inbound stream that Alice's listener never takes.
        connectOrFail(bob.transport, service);
    }
    CHECK_FALSE(network.isPublished(service));
    CHECK(network.publishedCount() == 0);
    auto after = bob.transport.connect(service, kWait);
    REQUIRE_FALSE(after);
    CHECK(after.error().code == ErrorCode::NotFound);

    // The stream outlives Alice's transport but is cut, as Tor stopping
    // would cut it.
    std::uint8_t byte = 0;
    auto end = toAlice->read(std::span(&byte, 1), kWait);
    REQUIRE(end);
    CHECK(*end == 0);
    auto kept = aliceKept->read(std::span(&byte, 1), kWait);
    REQUIRE(kept);
    CHECK(*kept == 0);
}
