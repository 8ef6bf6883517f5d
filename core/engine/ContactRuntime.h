#pragma once

// ContactRuntime: everything the engine knows about one contact while it
// runs: what the store holds (alias, state, keys, the contact's bundle), the
// conversation's counters, the outbox messages whose state the UI is shown,
// and the connection: the open session, an attempt in flight, the retry
// schedule, and presence.
//
// Ownership: owned by ContactBook; the session by this record. Engine
// thread only. `serial` is unique per record in this engine's life, so that
// the result of work started for a contact that was since deleted (or
// deleted and re-made under the same id) is recognised and dropped.

#include "core/StrongId.h"
#include "core/engine/Backoff.h"
#include "core/engine/ContactSession.h"
#include "core/engine/EngineLoop.h"
#include "core/engine/MessengerEvents.h"
#include "core/protocol/ContactBundle.h"
#include "core/protocol/ContactKeys.h"
#include "core/store/Contact.h"
#include "core/store/StoredMessage.h"
#include "core/store/Timestamp.h"

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>

namespace chive::core {

struct ContactRuntime {
    struct Outgoing {
        MessageRowId row;
        DeliveryState reported = DeliveryState::Queued;
    };

    ContactRuntime(std::uint64_t serialNumber, ContactId contactId, ContactKeys ownKeys,
                   const ContactBundle& peerBundle, Backoff retryBackoff)
        : serial(serialNumber)
        , id(contactId)
        , keys(std::move(ownKeys))
        , peer(peerBundle)
        , backoff(retryBackoff) {}

    std::uint64_t serial;
    ContactId id;
    std::string alias;
    ContactState state = ContactState::Connected;
    VerificationState verification = VerificationState::Unverified;
    ContactKeys keys;
    ContactBundle peer;

    // Conversation.
    std::uint32_t unread = 0;
    std::optional<MessageRowId> lastRead;
    std::optional<Timestamp> lastActivity;
    // Our messages not yet acknowledged, by wire id (bounded by the outbox).
    std::map<MessageId, Outgoing> outgoing;

    // Connection.
    Presence presence = Presence::Connecting;
    std::optional<Timestamp> lastSeen;
    std::unique_ptr<ContactSession> session;
    std::uint64_t sessionSerial = 0;
    // Set while a connect is queued or running; storing true cancels it.
    std::shared_ptr<std::atomic<bool>> attempt;
    Backoff backoff;
    std::optional<EngineLoop::TimerId> retryTimer;
    bool servicePublished = false;
    // Our client-auth key for the contact's service is with the transport;
    // connecting before that would fail.
    bool clientAuthRegistered = false;
    bool connectWanted = false; // connect as soon as the key is registered

    [[nodiscard]] ContactView view() const {
        ContactView out;
        out.id = id;
        out.alias = alias;
        out.state = state;
        out.verification = verification;
        out.presence = presence;
        out.lastSeen = lastSeen;
        out.unread = unread;
        out.lastActivity = lastActivity;
        return out;
    }
};

} // namespace chive::core
