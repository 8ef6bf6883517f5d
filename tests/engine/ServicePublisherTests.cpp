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

ServicePublisher::Limits slowLimits(std::size_t window) {
    ServicePublisher::Limits limits;
    limits.window = window;
    limits.uploadTimeout = 1h; // no timeout in the test's time
    return limits;
}

} // namespace

TEST_CASE("publisher waits for the network, then publishes a window at a time",
          "[engine][publisher]") {
    RecordingTransport transport;
    std::vector<ServicePublisher::Outcome> outcomes;
    std::mutex outcomesMutex;
    ServicePublisher publisher(transport, slowLimits(3), [&](const ServicePublisher::Outcome& o) {
        const std::lock_guard lock(outcomesMutex);
        outcomes.push_back(o);
    });
    std::vector<Ed25519PublicKey> keys;
    for (int i = 0; i < 7; ++i) {
        auto seeded = makeSeed();
        keys.push_back(seeded.key);
        publisher.publish(seeded.key, std::move(seeded.seed), {},
                          ServicePublisher::Priority::contact(0));
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
    calls = transport.waitFor(4, 2s);
    REQUIRE(calls.size() == 4);
    std::this_thread::sleep_for(100ms);
    CHECK(transport.waitFor(5, 0ms).size() == 4); // the window is full
    CHECK(publisher.waitingForUpload() == 3);
    CHECK(publisher.pending() == 4);

    // Each upload lets the next one go; failures of single uploads do not.
    publisher.onServiceUploadFailed(keys[0]);
    std::this_thread::sleep_for(50ms);
    CHECK(transport.waitFor(5, 0ms).size() == 4);
    publisher.onServiceReachable(keys[1]);
    calls = transport.waitFor(5, 2s);
    REQUIRE(calls.size() == 5);
    publisher.onServiceReachable(keys[0]);
    publisher.onServiceReachable(keys[2]);
    publisher.onServiceReachable(keys[3]);
    calls = transport.waitFor(8, 2s);
    REQUIRE(calls.size() == 8);
    for (std::size_t i = 1; i < 8; ++i) {
        CHECK(calls[i].what == "publish");
        CHECK(calls[i].service == keys[i - 1]); // in order
    }
    std::this_thread::sleep_for(20ms);
    const std::lock_guard lock(outcomesMutex);
    REQUIRE(outcomes.size() == 8);
    for (const auto& outcome : outcomes) {
        CHECK(outcome.status);
    }
}

TEST_CASE("publisher: a rendezvous service goes first and does not wait for the window",
          "[engine][publisher]") {
    RecordingTransport transport;
    ServicePublisher publisher(transport, slowLimits(1), [](const ServicePublisher::Outcome&) {});
    std::vector<Ed25519PublicKey> bulk;
    for (int i = 0; i < 3; ++i) {
        auto seeded = makeSeed();
        bulk.push_back(seeded.key);
        publisher.publish(seeded.key, std::move(seeded.seed), {},
                          ServicePublisher::Priority::contact(i));
    }
    auto rendezvous = makeSeed();
    const auto rendezvousKey = rendezvous.key;
    publisher.publish(rendezvous.key, std::move(rendezvous.seed), {},
                      ServicePublisher::Priority::rendezvous());
    publisher.setNetworkReady(true);
    auto calls = transport.waitFor(2, 2s);
    REQUIRE(calls.size() == 1); // the rendezvous service fills the window of 1
    CHECK(calls[0].service == rendezvousKey);

    auto newContact = makeSeed();
    const auto newContactKey = newContact.key;
    publisher.publish(newContact.key, std::move(newContact.seed), {},
                      ServicePublisher::Priority::newContact());
    calls = transport.waitFor(2, 2s);
    REQUIRE(calls.size() == 2);
    CHECK(calls[1].service == newContactKey);
    publisher.onServiceReachable(rendezvousKey);
    publisher.onServiceReachable(newContactKey);
    calls = transport.waitFor(3, 2s);
    REQUIRE(calls.size() == 3);
    CHECK(calls[2].service == bulk[2]); // the most recent activity first
}

TEST_CASE("publisher re-publishes from the same seed when no upload comes", "[engine][publisher]") {
    RecordingTransport transport;
    ServicePublisher::Limits limits;
    limits.uploadTimeout = 150ms;
    limits.republishes = 2;
    limits.retryInitial = 1h;
    limits.retryMaximum = 1h;
    ServicePublisher publisher(transport, limits, [](const ServicePublisher::Outcome&) {});
    auto seeded = makeSeed();
    const auto service = seeded.key;
    publisher.publish(seeded.key, std::move(seeded.seed), {},
                      ServicePublisher::Priority::contact(0));
    publisher.setNetworkReady(true);
    const auto calls = transport.waitFor(5, 5s);
    REQUIRE(calls.size() == 5);
    const std::vector<std::string> expected{"publish", "unpublish", "publish", "unpublish",
                                            "publish"};
    for (std::size_t i = 0; i < calls.size(); ++i) {
        CHECK(calls[i].what == expected[i]);
        CHECK(calls[i].service == service); // the same address each time
    }
    CHECK(calls[1].at - calls[0].at >= 140ms);
    CHECK(calls[3].at - calls[2].at >= 140ms);
    // Then it waits for its retry (an hour here), out of the window.
    std::this_thread::sleep_for(400ms);
    CHECK(transport.waitFor(6, 0ms).size() == 5);
    CHECK(publisher.waitingForUpload() == 0);
}

TEST_CASE("publisher re-publishes at once when uploads fail", "[engine][publisher]") {
    RecordingTransport transport;
    auto limits = slowLimits(5);
    limits.failuresBeforeRepublish = 3;
    ServicePublisher publisher(transport, limits, [](const ServicePublisher::Outcome&) {});
    auto seeded = makeSeed();
    const auto service = seeded.key;
    publisher.publish(seeded.key, std::move(seeded.seed), {},
                      ServicePublisher::Priority::contact(0));
    publisher.setNetworkReady(true);
    REQUIRE(transport.waitFor(1, 2s).size() == 1);
    publisher.onServiceUploadFailed(service);
    publisher.onServiceUploadFailed(service);
    std::this_thread::sleep_for(50ms);
    CHECK(transport.waitFor(2, 0ms).size() == 1);
    publisher.onServiceUploadFailed(service);
    const auto calls = transport.waitFor(3, 2s);
    REQUIRE(calls.size() == 3);
    CHECK(calls[1].what == "unpublish");
    CHECK(calls[2].what == "publish");
    CHECK(calls[2].service == service);
}

TEST_CASE("publisher: unpublish and removeClientAuth cancel what is still queued",
          "[engine][publisher]") {
    RecordingTransport transport;
    ServicePublisher publisher(transport, slowLimits(5), [](const ServicePublisher::Outcome&) {});
    auto first = makeSeed();
    auto second = makeSeed();
    const auto firstKey = first.key;
    const auto secondKey = second.key;
    publisher.publish(first.key, std::move(first.seed), {}, ServicePublisher::Priority::contact(0));
    publisher.publish(second.key, std::move(second.seed), {},
                      ServicePublisher::Priority::newContact());
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
    publisher.publish(firstKey, SecureBuffer::random(32), {},
                      ServicePublisher::Priority::newContact());
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
    ServicePublisher publisher(
        transport, slowLimits(5),
        [&](const ServicePublisher::Outcome& outcome) { result.set_value(outcome); });
    publisher.setNetworkReady(true);
    const auto other = makeSeed().key;
    publisher.publish(other, SecureBuffer::random(32), {},
                      ServicePublisher::Priority::newContact());
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
    ServicePublisher publisher(transport, slowLimits(5), [](const ServicePublisher::Outcome&) {});
    auto waiting = makeSeed();
    publisher.publish(waiting.key, std::move(waiting.seed), {},
                      ServicePublisher::Priority::contact(0));
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
