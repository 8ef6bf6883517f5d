#pragma once

// ConnectionManager: the network side of contacts. It announces each
// contact to the transport (our per-contact service, authorized for the
// contact's client-auth key alone; our client-auth key for the contact's
// service), connects to contacts, accepts their connections, keeps at most
// one session per contact, tracks presence, and retries with backoff.
//
//  - Outgoing: connectNow() hands one attempt (Tor connect, then the KK
//    session handshake as initiator) to the connect pool; at most one
//    attempt per contact is queued or running, and the pool runs at most
//    EngineOptions::maxConcurrentConnects at once.
//  - Inbound: a stream on our service for the contact is handed to the
//    handshake pool (Session::accept with the contact's keys); when that
//    pool is full the stream is closed at once.
//  - Two sessions with one contact: DuplicateSessionRule picks the one both
//    sides keep; the other is closed with CLOSE(Duplicate).
//  - Presence: Online while a session is open; Connecting while an attempt
//    runs or Tor is not ready; Offline after a failed attempt or when a
//    session ends (lastSeen is then stored). Failures are retried after the
//    contact's Backoff; the backoff starts over when a session opens or Tor
//    becomes ready.
//
// Ownership: the sessions live in the ContactRuntime records (ContactBook).
// Attempts in flight hold copies of the keys they need and a cancel flag;
// their results come back as loop tasks and are dropped if the contact has
// gone (serials) or the engine is stopping. Engine thread only.

#include "core/engine/ContactBook.h"
#include "core/engine/ContactRuntime.h"
#include "core/engine/EngineContext.h"
#include "core/engine/ServicePublisher.h"
#include "core/net/ByteStream.h"
#include "core/session/Session.h"

#include <chrono>
#include <functional>
#include <memory>
#include <utility>

namespace chive::core {

class ConnectionManager {
public:
    ConnectionManager(EngineContext& context, ContactBook& book);

    // `handler` is called when a session opens for a Pending contact: the
    // KK handshake on the exchanged keys proves the exchange completed on
    // both sides.
    void setPendingConfirmedHandler(std::function<void(ContactRuntime&)> handler) {
        m_onPendingConfirmed = std::move(handler);
    }

    void announce(ContactRuntime& contact, ServicePublisher::Priority priority);
    // Stops everything for the contact and withdraws its service and key.
    void withdraw(ContactRuntime& contact);

    void onNetworkReady();
    void onNetworkLost();
    void onPublisherOutcome(const ServicePublisher::Outcome& outcome);

    void connectNow(ContactRuntime& contact);
    void connectAfter(ContactRuntime& contact, std::chrono::milliseconds delay);
    void onInbound(ContactRuntime& contact, std::unique_ptr<ByteStream> stream);
    // A message was queued: send it now, or try to reach the contact.
    void messageQueued(ContactRuntime& contact);

    // Shutdown: ends every session (CLOSE normal) and records lastSeen.
    void stopAll();
    // Shutdown, after the workers have stopped: withdraws every service and
    // key, so that a transport that outlives the engine (a locked profile
    // with Tor still running) no longer answers for it.
    void withdrawAll();

private:
    void onAttemptResult(ContactId id, std::uint64_t serial,
                         const std::shared_ptr<std::atomic<bool>>& token,
                         Result<std::unique_ptr<Session>> result);
    void onInboundResult(ContactId id, std::uint64_t serial,
                         Result<std::unique_ptr<Session>> result);
    void adopt(ContactRuntime& contact, std::unique_ptr<Session> session);
    void onSessionEnded(ContactId id, std::uint64_t serial, std::uint64_t sessionSerial,
                        const Error& error);
    void scheduleRetry(ContactRuntime& contact);
    // Stops the session and runs the events it could not post.
    static void endSession(ContactRuntime& contact, CloseReason reason);
    static void cancelAttempt(ContactRuntime& contact);
    void cancelRetry(ContactRuntime& contact);
    void setPresence(ContactRuntime& contact, Presence presence);
    void storeLastSeen(ContactRuntime& contact);
    ContactRuntime* findCurrent(ContactId id, std::uint64_t serial);

    EngineContext& m_context;
    ContactBook& m_book;
    std::function<void(ContactRuntime&)> m_onPendingConfirmed;
};

} // namespace chive::core
