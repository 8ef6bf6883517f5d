#pragma once

// OutboxEntry: an outgoing message not yet acknowledged by its contact. It
// stays in the outbox across restarts until MessageRepository::markDelivered.

#include "core/StrongId.h"
#include "core/store/Timestamp.h"

#include <cstdint>

namespace chive::core {

struct OutboxEntry {
    MessageRowId message;
    ContactId contact;
    MessageId id;
    std::uint32_t attempts = 0;
    Timestamp nextAttemptAt;

    friend bool operator==(const OutboxEntry&, const OutboxEntry&) = default;
};

} // namespace chive::core
