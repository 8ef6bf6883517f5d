#include "core/engine/ServicePublisher.h"

#include <catch2/catch_test_macros.hpp>
#include <sodium.h>

#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

using namespace chive::core;
using namespace std::chrono_literals;

namespace {

// Records the calls the publisher makes, in order, with their times.
class RecordingTransport final : public Transport {
public:
    struct Call {
        std::string what;
        Ed25519PublicKey service{};
        std::chrono::steady_clock::time_point at;
    };

    Result<Ed25519PublicKey> publish(std::span<const std::uint8_t> seed,
                                     std::span<const X25519PublicKey> /*clients*/) override {
        Ed25519PublicKey key{};
        std::array<std::uint8_t, crypto_sign_SECRETKEYBYTES> secret{};
        crypto_sign_seed_keypair(key.data(), secret.data(), seed.data());
        record("publish", key);
        return key;
    }
    Status unpublish(const Ed25519PublicKey& service) override {
        record("unpublish", service);
        return {};
    }
    Status addClientAuth(const Ed25519PublicKey& service,
                         std::span<const std::uint8_t> /*key*/) override {
        record("addClientAuth", service);
        return {};
    }
    Status removeClientAuth(const Ed25519PublicKey& service) override {
        record("removeClientAuth", service);
        return {};
    }
    Result<std::unique_ptr<ByteStream>> connect(const Ed25519PublicKey& /*service*/,
                                                std::chrono::milliseconds /*timeout*/) override {
        return fail(ErrorCode::Network, "not in this test");
    }

    std::vector<Call> waitFor(std::size_t count, std::chrono::milliseconds limit) {
        std::unique_lock lock(m_mutex);
        m_changed.wait_for(lock, limit, [&] { return m_calls.size() >= count; });
        return m_calls;
    }

private:
    void record(const char* what, const Ed25519PublicKey& service) {
        const std::lock_guard lock(m_mutex);
        m_calls.push_back(Call{what, service, std::chrono::steady_clock::now()});
        m_changed.notify_all();
    }

    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::vector<Call> m_calls;
};

struct Seeded {
    SecureBuffer seed;
    Ed25519PublicKey key{};
};

Seeded makeSeed() {
    Seeded out{SecureBuffer::random(32), {}};
    std::array<std::uint8_t, crypto_sign_SECRETKEYBYTES> secret{};
    crypto_sign_seed_keypair(out.key.data(), secret.data(), out.seed.data());
    return out;
}

} // namespace

TEST_CASE("publisher waits for the network, then paces bulk publishes", "[engine][publisher]") {
    RecordingTransport transport;
    std::vector<ServicePublisher::Outcome> outcomes;
    std::mutex outcomesMutex;
    ServicePublisher publisher(transport, {3, 400ms}, [&](const ServicePublisher::Outcome& o) {
        const std::lock_guard lock(outcomesMutex);
        outcomes.push_back(o);
    });
    std::vector<Ed25519PublicKey> keys;
    for (int i = 0; i < 7; ++i) {
        auto seeded = makeSeed();
        keys.push_back(seeded.key);
        publisher.publish(seeded.key, std::move(seeded.seed), {}, ServicePublisher::Lane::Bulk);
    }
    // Client-auth keys are local to Tor: they go before bootstrap.
    const Ed25519PublicKey peer = makeSeed().key;
    publisher.addClientAuth(peer, SecureBuffer::random(32));
    auto calls = transport.waitFor(1, 2s);
    REQUIRE(calls.size() == 1);
    CHECK(calls[0].what == "addClientAuth");
    std::this_thread::sleep_for(50ms);
    CHECK(transport.waitFor(2, 0ms).size() == 1); // no publish before the network is ready

    publisher.setNetworkReady(true);
    calls = transport.waitFor(8, 10s);
    REQUIRE(calls.size() == 8);
    for (std::size_t i = 1; i < 8; ++i) {
        CHECK(calls[i].what == "publish");
        CHECK(calls[i].service == keys[i - 1]); // in order
    }
    // Batches of 3: the 4th and 7th publish each wait for a new pause.
    CHECK(calls[4].at - calls[1].at >= 390ms);
    CHECK(calls[7].at - calls[4].at >= 390ms);
    CHECK(calls[3].at - calls[1].at < 300ms);
    std::this_thread::sleep_for(20ms);
    const std::lock_guard lock(outcomesMutex);
    REQUIRE(outcomes.size() == 8);
    for (const auto& outcome : outcomes) {
        CHECK(outcome.status);
    }
}

TEST_CASE("publisher: urgent work overtakes paced bulk publishes", "[engine][publisher]") {
    RecordingTransport transport;
    ServicePublisher publisher(transport, {1, 300ms}, [](const ServicePublisher::Outcome&) {});
    publisher.setNetworkReady(true);
    std::vector<Ed25519PublicKey> bulk;
    for (int i = 0; i < 3; ++i) {
        auto seeded = makeSeed();
        bulk.push_back(seeded.key);
        publisher.publish(seeded.key, std::move(seeded.seed), {}, ServicePublisher::Lane::Bulk);
    }
    REQUIRE(transport.waitFor(1, 2s).size() == 1);
    auto urgent = makeSeed();
    const auto urgentKey = urgent.key;
    publisher.publish(urgent.key, std::move(urgent.seed), {}, ServicePublisher::Lane::Urgent);
    const auto calls = transport.waitFor(4, 5s);
    REQUIRE(calls.size() == 4);
    CHECK(calls[0].service == bulk[0]);
    CHECK(calls[1].service == urgentKey); // did not wait behind the pacing
    CHECK(calls[1].at - calls[0].at < 250ms);
    CHECK(calls[2].service == bulk[1]);
    CHECK(calls[3].service == bulk[2]);
}

TEST_CASE("publisher: unpublish and removeClientAuth cancel what is still queued",
          "[engine][publisher]") {
    RecordingTransport transport;
    ServicePublisher publisher(transport, {8, 10ms}, [](const ServicePublisher::Outcome&) {});
    auto first = makeSeed();
    auto second = makeSeed();
    const auto firstKey = first.key;
    const auto secondKey = second.key;
    publisher.publish(first.key, std::move(first.seed), {}, ServicePublisher::Lane::Bulk);
    publisher.publish(second.key, std::move(second.seed), {}, ServicePublisher::Lane::Urgent);
    publisher.unpublish(firstKey); // never reached Tor: nothing to call
    const Ed25519PublicKey peer = makeSeed().key;
    publisher.setNetworkReady(true);
    auto calls = transport.waitFor(1, 2s);
    REQUIRE(calls.size() == 1);
    CHECK(calls[0].what == "publish");
    CHECK(calls[0].service == secondKey);
    publisher.unpublish(secondKey); // was published: Tor is told
    calls = transport.waitFor(2, 2s);
    REQUIRE(calls.size() == 2);
    CHECK(calls[1].what == "unpublish");
    CHECK(calls[1].service == secondKey);

    publisher.setNetworkReady(false);
    publisher.publish(firstKey, SecureBuffer::random(32), {}, ServicePublisher::Lane::Urgent);
    publisher.addClientAuth(peer, SecureBuffer::random(32));
    calls = transport.waitFor(3, 2s);
    REQUIRE(calls.size() == 3);
    CHECK(calls[2].what == "addClientAuth");
    publisher.removeClientAuth(peer);
    calls = transport.waitFor(4, 2s);
    REQUIRE(calls.size() == 4);
    CHECK(calls[3].what == "removeClientAuth");
    CHECK(publisher.pending() == 1); // the publish still waits for the network
}

TEST_CASE("publisher reports a seed that does not give the expected key", "[engine][publisher]") {
    RecordingTransport transport;
    std::promise<ServicePublisher::Outcome> result;
    ServicePublisher publisher(transport, {}, [&](const ServicePublisher::Outcome& outcome) {
        result.set_value(outcome);
    });
    publisher.setNetworkReady(true);
    const auto other = makeSeed().key;
    publisher.publish(other, SecureBuffer::random(32), {}, ServicePublisher::Lane::Urgent);
    auto future = result.get_future();
    REQUIRE(future.wait_for(2s) == std::future_status::ready);
    const auto outcome = future.get();
    REQUIRE_FALSE(outcome.status);
    CHECK(outcome.status.error().code == ErrorCode::Internal);
    const auto calls = transport.waitFor(2, 2s);
    REQUIRE(calls.size() == 2);
    CHECK(calls[1].what == "unpublish"); // the wrong service does not stay up
}

TEST_CASE("publisher finish withdraws what was asked and drops queued publishes",
          "[engine][publisher]") {
    RecordingTransport transport;
    ServicePublisher publisher(transport, {}, [](const ServicePublisher::Outcome&) {});
    auto waiting = makeSeed();
    publisher.publish(waiting.key, std::move(waiting.seed), {}, ServicePublisher::Lane::Bulk);
    const auto published = makeSeed().key;
    const auto peer = makeSeed().key;
    publisher.unpublish(published);
    publisher.removeClientAuth(peer);
    publisher.finish(2s);
    const auto calls = transport.waitFor(2, 0ms);
    REQUIRE(calls.size() == 2);
    CHECK(calls[0].what == "unpublish");
    CHECK(calls[1].what == "removeClientAuth");
    CHECK(publisher.pending() == 0);
}
