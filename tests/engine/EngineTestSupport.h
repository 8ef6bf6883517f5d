#pragma once

// Helpers for the engine tests: a person (a real SQLCipher profile in a
// temporary directory, a loopback transport, an engine), a listener that
// records every event, and a clock the tests move forward.

#include "core/SecureBuffer.h"
#include "core/engine/Engine.h"
#include "core/engine/NetworkEventRelay.h"
#include "core/protocol/ContactBundle.h"
#include "core/store/ProfileStore.h"
#include "storage/Profile.h"
#include "storage/StorageWorkerExecutor.h"
#include "transport/LoopbackNetwork.h"
#include "transport/LoopbackTransport.h"

#include <catch2/catch_test_macros.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

namespace chive::engine::test {

using namespace std::chrono_literals;

class TempDir {
public:
    TempDir() {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "chive-engine-XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr) {
            std::abort();
        }
        m_path = pattern;
    }
    ~TempDir() {
        std::error_code error;
        std::filesystem::remove_all(m_path, error);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    TempDir(TempDir&&) = delete;
    TempDir& operator=(TempDir&&) = delete;

    [[nodiscard]] const std::filesystem::path& path() const { return m_path; }

private:
    std::filesystem::path m_path;
};

// Wall clock plus an offset the test moves forward (invitation expiry).
class TestClock {
public:
    core::Timestamp now() const {
        return core::nowTimestamp() + std::chrono::milliseconds(m_offset.load());
    }
    void advance(std::chrono::milliseconds by) { m_offset += by.count(); }

private:
    std::atomic<std::int64_t> m_offset{0};
};

// Records every event, thread-safe; tests wait on conditions over it.
class RecordingListener final : public core::MessengerListener {
public:
    struct StateChange {
        core::ContactId contact;
        core::MessageRowId message;
        core::DeliveryState state;
    };

    void onBootstrapStatus(const core::BootstrapStatus& status) override {
        update([&] { bootstrap.push_back(status.progress); });
    }
    void onContactChanged(const core::ContactView& contact) override {
        update([&] {
            contacts[contact.id] = contact;
            contactChanges.push_back(contact);
        });
    }
    void onContactRemoved(core::ContactId contact) override {
        update([&] {
            contacts.erase(contact);
            removedContacts.push_back(contact);
        });
    }
    void onInvitationChanged(const core::InvitationView& invitation) override {
        update([&] { invitations[invitation.id] = invitation; });
    }
    void onInvitationRemoved(core::InvitationId invitation) override {
        update([&] {
            invitations.erase(invitation);
            removedInvitations.push_back(invitation);
        });
    }
    void onMessageReceived(const core::StoredMessage& message) override {
        update([&] { received.push_back(message); });
    }
    void onMessageStateChanged(core::ContactId contact, core::MessageRowId message,
                               core::DeliveryState state) override {
        update([&] { states.push_back(StateChange{contact, message, state}); });
    }
    void onError(const core::Error& error) override {
        update([&] { errors.push_back(error); });
    }

    // Waits until `condition` (run under the lock) holds.
    bool waitUntil(const std::function<bool()>& condition, std::chrono::milliseconds limit = 20s) {
        std::unique_lock lock(m_mutex);
        return m_changed.wait_for(lock, limit, condition);
    }
    template <class F>
    auto read(F&& reader) {
        const std::lock_guard lock(m_mutex);
        return reader();
    }

    // Guarded by the mutex (use read() or waitUntil() from tests).
    std::vector<int> bootstrap;
    std::map<core::ContactId, core::ContactView> contacts;
    std::vector<core::ContactView> contactChanges;
    std::vector<core::ContactId> removedContacts;
    std::map<core::InvitationId, core::InvitationView> invitations;
    std::vector<core::InvitationId> removedInvitations;
    std::vector<core::StoredMessage> received;
    std::vector<StateChange> states;
    std::vector<core::Error> errors;

private:
    template <class F>
    void update(F&& change) {
        {
            const std::lock_guard lock(m_mutex);
            change();
        }
        m_changed.notify_all();
    }

    std::mutex m_mutex;
    std::condition_variable m_changed;
};

inline core::EngineOptions fastOptions(TestClock& clock) {
    core::EngineOptions options;
    options.connectTimeout = 3s;
    options.session.handshakeTimeout = 5s;
    options.session.pingInterval = 2s;
    options.session.idleTimeout = 8s;
    options.session.writeTimeout = 5s;
    options.retryInitial = 50ms;
    options.retryMaximum = 400ms;
    options.rendezvousRetryMaximum = 200ms;
    options.exchangeTimeout = 5s;
    options.expirySweepInterval = 50ms;
    options.clock = [&clock] {
        return clock.now();
    };
    return options;
}

inline core::SecureBuffer password() {
    const std::string text = "correct horse";
    return core::SecureBuffer::copyOf(std::span<const std::uint8_t>(
        reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

// One person: profile, store, loopback transport and engine. The transport
// outlives engine restarts, as Tor does when a profile is locked and
// unlocked again.
class Person {
public:
    Person(transport::LoopbackNetwork& network, std::string name)
        : m_name(std::move(name))
        , m_transport(std::make_unique<transport::LoopbackTransport>(network, m_relay)) {
        storage::ProfileOptions profileOptions;
        profileOptions.kdf = storage::KdfParams::fastForTests();
        auto profile = storage::Profile::create(m_dir.path() / m_name, password(), profileOptions);
        REQUIRE(profile);
        m_profile = std::move(*profile);
        m_executor = std::make_unique<storage::StorageWorkerExecutor>(m_profile->storage());
        options = fastOptions(clock);
    }
    ~Person() {
        stop();
        m_transport.reset();
    }
    Person(const Person&) = delete;
    Person& operator=(const Person&) = delete;
    Person(Person&&) = delete;
    Person& operator=(Person&&) = delete;

    // Starts the engine; Tor is "bootstrapped" unless told otherwise.
    void start(bool bootstrapped = true) {
        listener = std::make_unique<RecordingListener>();
        core::Transport& transport =
            transportForEngine != nullptr ? *transportForEngine : *m_transport;
        auto made = core::Engine::create(*m_executor, transport, *listener, options);
        REQUIRE(made);
        m_engine = std::move(*made);
        m_relay.attach(*m_engine, *m_engine);
        if (bootstrapped) {
            bootstrap();
        }
    }
    void bootstrap(int progress = 100) {
        core::BootstrapStatus status;
        status.progress = progress;
        status.tag = progress >= 100 ? "done" : "conn";
        status.summary = progress >= 100 ? "Done" : "Connecting to a relay";
        m_relay.onBootstrapStatus(status);
    }
    void stop() {
        if (m_engine) {
            m_relay.detach();
            m_engine.reset();
        }
    }
    void restart() {
        stop();
        start();
    }

    core::Engine& engine() { return *m_engine; }
    transport::LoopbackTransport& transport() { return *m_transport; }
    core::StoreExecutor& store() { return *m_executor; }
    [[nodiscard]] const std::string& name() const { return m_name; }

    // The only contact's id (the tests with one contact).
    core::ContactId onlyContact() {
        auto list = m_engine->contacts();
        REQUIRE(list);
        REQUIRE(list->size() == 1);
        return list->front().id;
    }

    TestClock clock;
    core::EngineOptions options;
    std::unique_ptr<RecordingListener> listener;
    // When set, the engine uses this (a wrapper around transport()).
    core::Transport* transportForEngine = nullptr;

private:
    TempDir m_dir;
    std::string m_name;
    core::NetworkEventRelay m_relay;
    std::unique_ptr<transport::LoopbackTransport> m_transport;
    std::unique_ptr<storage::Profile> m_profile;
    std::unique_ptr<storage::StorageWorkerExecutor> m_executor;
    std::unique_ptr<core::Engine> m_engine;
};

// Polls `condition` without holding any lock: for conditions on the
// transport, the network or the store, which change without an event (and
// must never be checked under the listener's lock, which the engine thread
// needs to report anything).
inline bool eventually(const std::function<bool()>& condition,
                       std::chrono::milliseconds limit = 20s) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
        if (condition()) {
            return true;
        }
        std::this_thread::sleep_for(10ms);
    }
    return condition();
}

inline bool onlineWithOneContact(RecordingListener& listener) {
    return listener.waitUntil([&] {
        return listener.contacts.size() == 1 &&
               listener.contacts.begin()->second.state == core::ContactState::Connected &&
               listener.contacts.begin()->second.presence == core::Presence::Online;
    });
}

// Alice makes a link, Bob adds it and answers with his, Alice enters it.
// Returns when both see the other Connected and Online.
inline void befriend(Person& alice, Person& bob) {
    auto invitation = alice.engine().createInvitation(bob.name());
    REQUIRE(invitation);
    auto answer = bob.engine().addContactFromLink(alice.name(), invitation->link);
    REQUIRE(answer);
    REQUIRE(alice.engine().enterPeerLink(invitation->id, answer->link));
}

inline bool waitContactOnline(Person& person, core::ContactId contact,
                              std::chrono::milliseconds limit = 20s) {
    return person.listener->waitUntil(
        [&] {
            const auto found = person.listener->contacts.find(contact);
            return found != person.listener->contacts.end() &&
                   found->second.state == core::ContactState::Connected &&
                   found->second.presence == core::Presence::Online;
        },
        limit);
}

} // namespace chive::engine::test

namespace chive::engine::test {

// The bundle `person` holds for `contact` (what that contact sent in the
// exchange), read from the store.
inline core::ContactBundle storedPeerBundle(Person& person, core::ContactId contact) {
    auto stored = person.store().call<core::Contact>(
        [&](core::ProfileStore& store) { return store.contacts().get(contact); });
    REQUIRE(stored);
    auto bundle = core::ContactBundle::parse(stored->peerData);
    REQUIRE(bundle);
    return *bundle;
}

// Every message of the conversation, oldest first.
inline std::vector<core::StoredMessage> wholeHistory(Person& person, core::ContactId contact) {
    auto page = person.engine().history(contact, std::nullopt, 1000);
    REQUIRE(page);
    return *page;
}

// The incoming messages of `history`, checked to be exactly `expected`
// bodies, once each and in order.
inline void checkReceivedExactly(const std::vector<core::StoredMessage>& history,
                                 const std::vector<std::string>& expected) {
    std::vector<std::string> bodies;
    for (const auto& message : history) {
        if (message.direction == core::MessageDirection::Incoming) {
            bodies.push_back(message.body);
        }
    }
    CHECK(bodies.size() == expected.size());
    CHECK(bodies == expected);
}

} // namespace chive::engine::test
