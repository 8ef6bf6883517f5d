#pragma once

// OutboxRepository: outgoing messages waiting for acknowledgement, with their
// retry schedule. Entries are added by MessageRepository::addOutgoing and
// removed by MessageRepository::markDelivered. Thread contract: see
// SettingsRepository.h.

#include "core/Result.h"
#include "core/store/OutboxEntry.h"

#include <cstddef>
#include <vector>

namespace chive::core {

class OutboxRepository {
public:
    OutboxRepository() = default;
    virtual ~OutboxRepository() = default;
    OutboxRepository(const OutboxRepository&) = delete;
    OutboxRepository& operator=(const OutboxRepository&) = delete;
    OutboxRepository(OutboxRepository&&) = delete;
    OutboxRepository& operator=(OutboxRepository&&) = delete;

    // Entries whose nextAttemptAt <= now, earliest first.
    virtual Result<std::vector<OutboxEntry>> due(Timestamp now, std::size_t limit) = 0;
    // All of one contact's entries in message order (to send on reconnect).
    virtual Result<std::vector<OutboxEntry>> forContact(ContactId contact) = 0;
    virtual Status recordAttempt(MessageRowId message, Timestamp nextAttemptAt) = 0;
};

} // namespace chive::core
