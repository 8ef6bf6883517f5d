#pragma once

// One simulated person for the delivery tests and the delivery benchmark:
// an encrypted SQLCipher profile database behind a StorageWorker, a
// LoopbackTransport, and one contact with its per-contact keys and
// published service. restart() models a crash and a restart of the app:
// the database is closed and opened again, and everything else that the
// person held in memory (sessions, channels) is the caller's to drop first.
//
// ChannelRunner and DeliveryLink run DeliveryChannels on live sessions
// between two such people, with the reader and writer threads the engine
// would give them.

#include "core/SecureBuffer.h"
#include "core/protocol/ContactBundle.h"
#include "core/protocol/ContactKeys.h"
#include "core/protocol/DeliveryChannel.h"
#include "core/store/StoreExecutor.h"
#include "storage/Database.h"
#include "storage/StorageWorker.h"
#include "storage/StorageWorkerExecutor.h"
#include "transport/LoopbackNetwork.h"
#include "transport/LoopbackTransport.h"

#include <array>
#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "tests/protocol/ProtocolTestSupport.h"

namespace chive::testing {

class DeliveryPeer {
public:
    DeliveryPeer(transport::LoopbackNetwork& network, std::filesystem::path directory)
        : m_directory(std::move(directory))
        , m_databaseKey(core::SecureBuffer::random(storage::Database::kKeySize))
        , m_transport(network, m_inbound) {
        std::filesystem::create_directories(m_directory);
        open();
    }
    ~DeliveryPeer() { close(); }
    DeliveryPeer(const DeliveryPeer&) = delete;
    DeliveryPeer& operator=(const DeliveryPeer&) = delete;
    DeliveryPeer(DeliveryPeer&&) = delete;
    DeliveryPeer& operator=(DeliveryPeer&&) = delete;

    // Makes the two contacts of each other (stored as Connected, with each
    // other's bundle as peer data and their own keys as secret keys), and
    // publishes each one's per-contact service for the other.
    static void befriend(DeliveryPeer& a, DeliveryPeer& b) {
        auto aKeys = core::ContactKeys::generate();
        auto bKeys = core::ContactKeys::generate();
        a.addContact(aKeys, bKeys.bundle());
        b.addContact(bKeys, aKeys.bundle());
    }

    core::StoreExecutor& store() { return *m_executor; }
    transport::LoopbackTransport& transport() { return m_transport; }
    InboundQueue& inbound() { return m_inbound; }
    [[nodiscard]] core::ContactId contact() const { return m_contact; }
    [[nodiscard]] const core::ContactKeys& keys() const { return *m_keys; }
    [[nodiscard]] const core::ContactBundle& peer() const { return m_peer; }

    // Closes the database and opens it again; the keys are read back from
    // it, as a restarted app would.
    void restart() {
        close();
        open();
        loadKeys();
    }

    core::MessageId queue(std::string_view text) {
        auto stored = store().call<core::StoredMessage>(
            [&](core::ProfileStore& profile) -> core::Result<core::StoredMessage> {
                return profile.messages().addOutgoing(m_contact, text, core::nowTimestamp());
            });
        if (!stored) {
            throw std::runtime_error("addOutgoing: " + stored.error().message);
        }
        return stored->id;
    }

    std::vector<core::StoredMessage> conversation() {
        auto messages = store().call<std::vector<core::StoredMessage>>(
            [&](core::ProfileStore& profile) -> core::Result<std::vector<core::StoredMessage>> {
                return profile.messages().latest(m_contact, std::size_t{1} << 30U);
            });
        if (!messages) {
            throw std::runtime_error("latest: " + messages.error().message);
        }
        return std::move(*messages);
    }

    std::vector<core::OutboxEntry> outbox() {
        auto entries = store().call<std::vector<core::OutboxEntry>>(
            [&](core::ProfileStore& profile) -> core::Result<std::vector<core::OutboxEntry>> {
                return profile.outbox().forContact(m_contact);
            });
        if (!entries) {
            throw std::runtime_error("outbox: " + entries.error().message);
        }
        return std::move(*entries);
    }

private:
    void open() {
        auto worker = storage::StorageWorker::start(
            m_directory / "profile.db", core::SecureBuffer::copyOf(m_databaseKey.span()),
            storage::Database::OpenMode::CreateIfMissing);
        if (!worker) {
            throw std::runtime_error("open: " + worker.error().message);
        }
        m_worker = std::move(*worker);
        m_executor = std::make_unique<storage::StorageWorkerExecutor>(*m_worker);
    }

    void close() {
        m_executor.reset();
        m_worker.reset(); // runs what is queued, checkpoints, closes
    }

    void addContact(core::ContactKeys& keys, const core::ContactBundle& peer) {
        const auto secret = keys.serialize();
        const auto peerData = peer.encode();
        auto id = store().call<core::ContactId>(
            [&](core::ProfileStore& profile) -> core::Result<core::ContactId> {
                return profile.contacts().add(
                    core::NewContact{"peer", core::ContactState::Connected, peerData},
                    secret.span(), core::nowTimestamp());
            });
        if (!id) {
            throw std::runtime_error("add contact: " + id.error().message);
        }
        m_contact = *id;
        loadKeys();
        const core::X25519PublicKey authorized = m_peer.clientAuthKey;
        if (!m_transport.publish(m_keys->serviceSeed(), {&authorized, 1}) ||
            !m_transport.addClientAuth(m_peer.serviceKey, m_keys->clientAuthPrivateKey())) {
            throw std::runtime_error("cannot publish the per-contact service");
        }
    }

    void loadKeys() {
        auto loaded = store().call<std::pair<core::ContactKeys, core::ContactBundle>>(
            [&](core::ProfileStore& profile)
                -> core::Result<std::pair<core::ContactKeys, core::ContactBundle>> {
                auto contact = profile.contacts().get(m_contact);
                auto secret = profile.contacts().secretKeys(m_contact);
                if (!contact || !secret) {
                    return core::fail(core::ErrorCode::NotFound, "contact");
                }
                auto keys = core::ContactKeys::parse(secret->span());
                auto bundle = core::ContactBundle::parse(contact->peerData);
                if (!keys || !bundle) {
                    return core::fail(core::ErrorCode::Corrupt, "contact keys");
                }
                return std::make_pair(std::move(*keys), *bundle);
            });
        if (!loaded) {
            throw std::runtime_error("load keys: " + loaded.error().message);
        }
        m_keys.emplace(std::move(loaded->first));
        m_peer = loaded->second;
    }

    std::filesystem::path m_directory;
    core::SecureBuffer m_databaseKey;
    InboundQueue m_inbound;
    transport::LoopbackTransport m_transport;
    std::unique_ptr<storage::StorageWorker> m_worker;
    std::unique_ptr<storage::StorageWorkerExecutor> m_executor;
    core::ContactId m_contact;
    std::optional<core::ContactKeys> m_keys;
    core::ContactBundle m_peer;
};

// One live session between two people, a DeliveryChannel on each end and a
// reader thread each running receiveLoop(). Index 0 is the initiator.
// What one end of a DeliveryLink reports to, and its fault hook.
struct DeliveryEnd {
    core::DeliveryListener* listener = nullptr;
    core::DeliveryFaultHook faultHook;
};

// One end of a session as the engine runs it: a DeliveryChannel, a reader
// thread in receiveLoop(), and a writer thread that flushes whenever the
// channel (an ACK is owed) or the test (kick()) asks.
class ChannelRunner {
public:
    ChannelRunner(core::Session& session, core::ContactId contact, core::StoreExecutor& store,
                  DeliveryEnd end = {})
        : m_channel(
              session, contact, store, [this] { kick(); }, end.listener, std::move(end.faultHook)) {
        m_reader = std::thread([this] {
            m_error = m_channel.receiveLoop();
            m_done.store(true);
        });
        m_writer = std::thread([this] { writeLoop(); });
    }
    // The caller closes the session first, so that the reader returns.
    ~ChannelRunner() { stop(); }
    ChannelRunner(const ChannelRunner&) = delete;
    ChannelRunner& operator=(const ChannelRunner&) = delete;
    ChannelRunner(ChannelRunner&&) = delete;
    ChannelRunner& operator=(ChannelRunner&&) = delete;

    core::DeliveryChannel& channel() { return m_channel; }
    // Asks the writer to flush (after queueing a message, say).
    void kick() {
        {
            const std::lock_guard lock(m_mutex);
            m_kicked = true;
        }
        m_changed.notify_all();
    }
    [[nodiscard]] bool readerDone() const { return m_done.load(); }
    [[nodiscard]] const std::optional<core::Error>& readerError() const { return m_error; }

    void stop() {
        {
            const std::lock_guard lock(m_mutex);
            m_stopping = true;
        }
        m_changed.notify_all();
        for (auto* thread : {&m_writer, &m_reader}) {
            if (thread->joinable()) {
                thread->join();
            }
        }
    }

private:
    void writeLoop() {
        std::unique_lock lock(m_mutex);
        while (true) {
            m_changed.wait(lock, [this] { return m_stopping || m_kicked; });
            if (m_stopping) {
                return;
            }
            m_kicked = false;
            lock.unlock();
            (void)m_channel.flush(); // a failure shows in the reader or the store
            lock.lock();
        }
    }

    core::DeliveryChannel m_channel;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    bool m_kicked = false;
    bool m_stopping = false;
    std::optional<core::Error> m_error;
    std::atomic<bool> m_done{false};
    std::thread m_reader;
    std::thread m_writer;
};

// One live session between two people, a ChannelRunner on each end. End 0
// is the initiator.
class DeliveryLink {
public:
    using End = DeliveryEnd;

    static core::Result<std::unique_ptr<DeliveryLink>>
    open(DeliveryPeer& initiator, DeliveryPeer& responder, End initiatorEnd = {},
         End responderEnd = {}, const core::SessionOptions& options = {}) {
        auto sessions =
            openSessions(initiator.transport(), initiator.peer().serviceKey, responder.inbound(),
                         initiator.keys().staticKey(), initiator.peer().staticKey,
                         responder.keys().staticKey(), responder.peer().staticKey, options);
        if (!sessions) {
            return core::fail(sessions.error());
        }
        return std::unique_ptr<DeliveryLink>(new DeliveryLink(std::move(*sessions), initiator,
                                                              responder, std::move(initiatorEnd),
                                                              std::move(responderEnd)));
    }

    ~DeliveryLink() { close(); }
    DeliveryLink(const DeliveryLink&) = delete;
    DeliveryLink& operator=(const DeliveryLink&) = delete;
    DeliveryLink(DeliveryLink&&) = delete;
    DeliveryLink& operator=(DeliveryLink&&) = delete;

    core::DeliveryChannel& channel(std::size_t end) { return m_runners.at(end)->channel(); }
    core::Session& session(std::size_t end) { return *m_sessions.at(end); }
    void kick(std::size_t end) { m_runners.at(end)->kick(); }
    [[nodiscard]] bool readerDone(std::size_t end) const { return m_runners.at(end)->readerDone(); }
    [[nodiscard]] const std::optional<core::Error>& readerError(std::size_t end) const {
        return m_runners.at(end)->readerError();
    }

    // Ends both sessions and joins every thread. Idempotent.
    void close(core::CloseReason reason = core::CloseReason::Normal) {
        for (auto& session : m_sessions) {
            session->close(reason);
        }
        for (auto& runner : m_runners) {
            runner->stop();
        }
    }

private:
    DeliveryLink(SessionPair sessions, DeliveryPeer& initiator, DeliveryPeer& responder,
                 End initiatorEnd, End responderEnd)
        : m_sessions{std::move(sessions.initiator), std::move(sessions.responder)} {
        m_runners[0] = std::make_unique<ChannelRunner>(*m_sessions[0], initiator.contact(),
                                                       initiator.store(), std::move(initiatorEnd));
        m_runners[1] = std::make_unique<ChannelRunner>(*m_sessions[1], responder.contact(),
                                                       responder.store(), std::move(responderEnd));
    }

    std::array<std::unique_ptr<core::Session>, 2> m_sessions;
    std::array<std::unique_ptr<ChannelRunner>, 2> m_runners;
};

} // namespace chive::testing
