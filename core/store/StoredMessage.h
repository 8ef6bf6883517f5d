#pragma once

// StoredMessage: one message of a conversation as kept in the profile.

#include "core/StrongId.h"
#include "core/store/Timestamp.h"

#include <cstdint>
#include <string>

namespace chive::core {

// Stored as integers: never renumber, only append.
enum class MessageDirection : std::uint8_t {
    Outgoing = 0,
    Incoming = 1,
};

// Only moves forward: Queued -> Sent -> Delivered. Incoming messages are
// stored as Delivered.
enum class DeliveryState : std::uint8_t {
    Queued = 0,    // in the outbox, not yet handed to a session
    Sent = 1,      // written to a session, not yet acknowledged
    Delivered = 2, // acknowledged by the contact
};

struct StoredMessage {
    MessageRowId rowId; // local order of the conversation
    ContactId contact;
    // Unique per (contact, direction): each side numbers its own messages.
    MessageId id;
    MessageDirection direction = MessageDirection::Outgoing;
    std::string body;   // UTF-8 text; never logged
    Timestamp sentAt;   // the sender's clock
    Timestamp storedAt; // our clock, when this row was written
    DeliveryState delivery = DeliveryState::Queued;

    friend bool operator==(const StoredMessage&, const StoredMessage&) = default;
};

} // namespace chive::core
