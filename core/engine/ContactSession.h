#pragma once

// ContactSession: one established Session with a contact, its
// DeliveryChannel, and the two threads that drive them:
//
//  - the reader runs DeliveryChannel::receiveLoop(): it stores each MESSAGE
//    (and queues its ACK), and marks our messages Delivered as ACKs arrive;
//  - the flusher runs DeliveryChannel::flush() once at the start (the outbox
//    is resent on every new session) and again after each requestFlush(),
//    which the channel itself calls when an ACK is owed: every write to the
//    session happens here.
//    Flushing blocks on the store and on the network, so it has its own
//    thread: never the reader (which must keep taking the contact's ACKs
//    while we write) and never the engine thread. A failed flush ends the
//    session, as a crash would: the next session resends from the oldest
//    unacknowledged message, which keeps the contact's copy in order.
//
// What the channel reports (stored, sent, delivered) and how the session
// ended reach the engine as Events, posted to the EngineLoop; they run there
// in the order they were posted. The engine identifies the session by the
// serial it gave, so an event of a session it already dropped is ignored.
//
// Ownership: owns the Session, the channel and both threads. Refers to the
// store and the loop, which outlive it.
//
// Threads: requestFlush(), stop() and the accessors from any thread (the
// engine thread in practice). stop() closes the session with `reason`, which
// wakes both threads (a blocked receive or write returns Closed), abandons
// their posts to a full loop, and joins them; the destructor stops.
//
// Limits: each thread holds at most one event in hand; posting waits while
// the loop is full, which slows the peer down through the stream.

#include "core/Result.h"
#include "core/StrongId.h"
#include "core/engine/EngineLoop.h"
#include "core/protocol/DeliveryChannel.h"
#include "core/protocol/DeliveryListener.h"
#include "core/session/CloseReason.h"
#include "core/session/Session.h"
#include "core/store/StoreExecutor.h"
#include "core/store/StoredMessage.h"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace chive::core {

class ContactSession final : private DeliveryListener {
public:
    // Called on the engine thread.
    struct Events {
        std::function<void(const StoredMessage&)> received;
        std::function<void(ContactId, const std::vector<MessageId>&)> sent;
        std::function<void(ContactId, MessageId)> delivered;
        // The session ended (the error says how); called once, last.
        std::function<void(const Error&)> ended;
        // flush() failed on the store: the session stays, the messages wait.
        std::function<void(const Error&)> storeFailed;
    };

    ContactSession(std::unique_ptr<Session> session, ContactId contact, StoreExecutor& store,
                   EngineLoop& loop, Events events, DeliveryFaultHook faultHook = {});
    ~ContactSession() override;
    ContactSession(const ContactSession&) = delete;
    ContactSession& operator=(const ContactSession&) = delete;
    ContactSession(ContactSession&&) = delete;
    ContactSession& operator=(ContactSession&&) = delete;

    [[nodiscard]] HandshakeRole role() const noexcept { return m_session->role(); }
    [[nodiscard]] const Session& session() const noexcept { return *m_session; }

    // Sends what has been queued since the last flush, soon, on the flusher.
    void requestFlush();
    // Idempotent.
    void stop(CloseReason reason = CloseReason::Normal);
    // After stop(): the events the threads could no longer post (the change
    // they report is already committed, so the engine must still see it).
    // The caller runs them on the engine thread.
    std::vector<EngineLoop::Task> takeUndelivered();

private:
    void onMessageReceived(const StoredMessage& message) override;
    void onMessagesSent(ContactId contact, std::span<const MessageId> ids) override;
    void onMessageDelivered(ContactId contact, MessageId id) override;

    void post(EngineLoop::Task task);
    void readLoop();
    void flushLoop();

    std::unique_ptr<Session> m_session;
    const ContactId m_contact;
    EngineLoop& m_loop;
    Events m_events;
    DeliveryChannel m_channel;

    std::atomic<bool> m_abandoned{false};
    std::mutex m_undeliveredMutex;
    std::vector<EngineLoop::Task> m_undelivered;
    std::mutex m_flushMutex;
    std::condition_variable m_flushWanted;
    bool m_flushRequested = true; // the first flush resends the outbox
    bool m_stopping = false;

    std::thread m_reader; // started last, after everything they use
    std::thread m_flusher;
};

} // namespace chive::core
