#pragma once

// SqlOutboxRepository: core::OutboxRepository on the outbox table. Owned by
// ProfileDatabase; uses its Database on the owning thread only.

#include "core/store/OutboxRepository.h"

namespace chive::storage {

class Database;
class Statement;

class SqlOutboxRepository final : public core::OutboxRepository {
public:
    explicit SqlOutboxRepository(Database& db) noexcept
        : m_db(db) {}

    core::Result<std::vector<core::OutboxEntry>> due(core::Timestamp now,
                                                     std::size_t limit) override;
    core::Result<std::vector<core::OutboxEntry>> forContact(core::ContactId contact) override;
    core::Status recordAttempt(core::MessageRowId message, core::Timestamp nextAttemptAt) override;

private:
    static core::Result<std::vector<core::OutboxEntry>> readAll(Statement& statement);

    Database& m_db;
};

} // namespace chive::storage
