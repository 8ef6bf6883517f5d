#pragma once

// DeliveryListener: what a DeliveryChannel tells its owner (the engine), to
// update the conversation on screen. Called synchronously on the thread that
// called into the channel (the session's reader for received messages and
// acknowledgements, the flush() caller for sends), after the change is
// committed to the store. Implementations return quickly and do not call
// back into the channel.

#include "core/StrongId.h"
#include "core/store/StoredMessage.h"

#include <span>

namespace chive::core {

class DeliveryListener {
public:
    virtual ~DeliveryListener() = default;

    // A new message from the contact is stored (never called for duplicates).
    virtual void onMessageReceived(const StoredMessage& message) = 0;
    // Our messages were written to the session and are marked Sent.
    virtual void onMessagesSent(ContactId contact, std::span<const MessageId> ids) = 0;
    // The contact acknowledged our message: it is marked Delivered.
    virtual void onMessageDelivered(ContactId contact, MessageId id) = 0;

protected:
    DeliveryListener() = default;
    DeliveryListener(const DeliveryListener&) = default;
    DeliveryListener& operator=(const DeliveryListener&) = default;
    DeliveryListener(DeliveryListener&&) = default;
    DeliveryListener& operator=(DeliveryListener&&) = default;
};

} // namespace chive::core
