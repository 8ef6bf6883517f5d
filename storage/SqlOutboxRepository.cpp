#include "storage/SqlOutboxRepository.h"

#include "storage/Database.h"
#include "storage/SqlValues.h"

#include <algorithm>
#include <limits>

namespace chive::storage {

core::Result<std::vector<core::OutboxEntry>> SqlOutboxRepository::readAll(Statement& statement) {
    std::vector<core::OutboxEntry> entries;
    for (;;) {
        auto row = statement.step();
        if (!row) {
            return core::fail(row.error());
        }
        if (!*row) {
            return entries;
        }
        const std::int64_t attempts = statement.columnInt(3);
        if (attempts < 0 || attempts > std::numeric_limits<std::uint32_t>::max()) {
            return damagedRow("outbox");
        }
        core::OutboxEntry entry;
        entry.message = core::MessageRowId(statement.columnInt(0));
        entry.contact = core::ContactId(statement.columnInt(1));
        entry.id = messageIdFromSql(statement.columnInt(2));
        entry.attempts = static_cast<std::uint32_t>(attempts);
        entry.nextAttemptAt = timestampFromSql(statement.columnInt(4));
        entries.push_back(entry);
    }
}

core::Result<std::vector<core::OutboxEntry>> SqlOutboxRepository::due(core::Timestamp now,
                                                                      std::size_t limit) {
    auto statement = m_db.cached(
        "SELECT o.message_row, m.contact_id, m.message_id, o.attempts, o.next_attempt_at "
        "FROM outbox o JOIN messages m ON m.row_id = o.message_row "
        "WHERE o.next_attempt_at <= ?1 ORDER BY o.next_attempt_at, o.message_row LIMIT ?2");
    if (!statement) {
        return core::fail(statement.error());
    }
    constexpr auto kMax = static_cast<std::size_t>(std::numeric_limits<std::int64_t>::max());
    statement->bind(1, toSql(now)).bind(2, static_cast<std::int64_t>(std::min(limit, kMax)));
    return readAll(*statement);
}

core::Result<std::vector<core::OutboxEntry>>
SqlOutboxRepository::forContact(core::ContactId contact) {
    auto statement = m_db.cached(
        "SELECT o.message_row, m.contact_id, m.message_id, o.attempts, o.next_attempt_at "
        "FROM outbox o JOIN messages m ON m.row_id = o.message_row "
        "WHERE m.contact_id = ?1 ORDER BY o.message_row");
    if (!statement) {
        return core::fail(statement.error());
    }
    statement->bind(1, contact.value());
    return readAll(*statement);
}

core::Status SqlOutboxRepository::recordAttempt(core::MessageRowId message,
                                                core::Timestamp nextAttemptAt) {
    auto statement = m_db.cached("UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?2 "
                                 "WHERE message_row = ?1");
    if (!statement) {
        return core::fail(statement.error());
    }
    statement->bind(1, message.value()).bind(2, toSql(nextAttemptAt));
    if (auto rc = statement->run(); !rc) {
        return rc;
    }
    if (m_db.changes() == 0) {
        return core::fail(core::ErrorCode::NotFound, "the message is not in the outbox");
    }
    return {};
}

} // namespace chive::storage
