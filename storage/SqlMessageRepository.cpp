#include "storage/SqlMessageRepository.h"

#include "storage/Database.h"
#include "storage/SqlValues.h"
#include "storage/Transaction.h"

#include <algorithm>
#include <limits>

namespace chive::storage {
namespace {

tl::unexpected<core::Error> messageNotFound() {
    return core::fail(core::ErrorCode::NotFound, "no such message");
}

std::int64_t toSqlLimit(std::size_t limit) {
    constexpr auto kMax = static_cast<std::size_t>(std::numeric_limits<std::int64_t>::max());
    return static_cast<std::int64_t>(std::min(limit, kMax));
}

// Each word of the user's query becomes a quoted FTS5 string, so that no
// input is parsed as FTS5 syntax (operators, columns, unbalanced quotes).
std::string toFtsQuery(std::string_view query) {
    std::string fts;
    std::size_t i = 0;
    while (i < query.size()) {
        while (i < query.size() &&
               (query[i] == ' ' || query[i] == '\t' || query[i] == '\n' || query[i] == '\r')) {
            ++i;
        }
        if (i == query.size()) {
            break;
        }
        if (!fts.empty()) {
            fts += ' ';
        }
        fts += '"';
        while (i < query.size() && query[i] != ' ' && query[i] != '\t' && query[i] != '\n' &&
               query[i] != '\r') {
            if (query[i] == '"') {
                fts += '"';
            }
            fts += query[i];
            ++i;
        }
        fts += '"';
    }
    return fts;
}

// A macro, not a constant: it is pasted into string literals, which are the
// keys of Database::cached(). NOLINTNEXTLINE(cppcoreguidelines-macro-usage)
#define CHIVE_MESSAGE_COLUMNS                                                                      \
    "m.row_id, m.contact_id, m.message_id, m.direction, m.body, m.sent_at, m.stored_at, "          \
    "m.delivery"

} // namespace

core::Result<core::StoredMessage> SqlMessageRepository::readMessage(const Statement& row) {
    auto direction = enumFromSql(row.columnInt(3), core::MessageDirection::Incoming);
    auto delivery = enumFromSql(row.columnInt(7), core::DeliveryState::Delivered);
    if (!direction || !delivery) {
        return damagedRow("messages");
    }
    core::StoredMessage message;
    message.rowId = core::MessageRowId(row.columnInt(0));
    message.contact = core::ContactId(row.columnInt(1));
    message.id = messageIdFromSql(row.columnInt(2));
    message.direction = *direction;
    message.body = row.columnText(4);
    message.sentAt = timestampFromSql(row.columnInt(5));
    message.storedAt = timestampFromSql(row.columnInt(6));
    message.delivery = *delivery;
    return message;
}

core::Result<std::vector<core::StoredMessage>> SqlMessageRepository::readAll(Statement& statement,
                                                                             bool reverse) {
    std::vector<core::StoredMessage> messages;
    for (;;) {
        auto row = statement.step();
        if (!row) {
            return core::fail(row.error());
        }
        if (!*row) {
            break;
        }
        auto message = readMessage(statement);
        if (!message) {
            return core::fail(message.error());
        }
        messages.push_back(std::move(*message));
    }
    if (reverse) {
        std::reverse(messages.begin(), messages.end());
    }
    return messages;
}

core::Result<core::StoredMessage> SqlMessageRepository::addOutgoing(core::ContactId contact,
                                                                    std::string_view body,
                                                                    core::Timestamp now) {
    auto transaction = Transaction::begin(m_db);
    if (!transaction) {
        return core::fail(transaction.error());
    }
    auto counter = m_db.cached("UPDATE contacts SET next_message_id = next_message_id + 1 "
                               "WHERE id = ?1 RETURNING next_message_id - 1");
    if (!counter) {
        return core::fail(counter.error());
    }
    counter->bind(1, contact.value());
    auto counted = counter->step();
    if (!counted) {
        return core::fail(counted.error());
    }
    if (!*counted) {
        return core::fail(core::ErrorCode::NotFound, "no such contact");
    }
    core::StoredMessage message;
    message.contact = contact;
    message.id = messageIdFromSql(counter->columnInt(0));
    message.direction = core::MessageDirection::Outgoing;
    message.body = std::string(body);
    message.sentAt = now;
    message.storedAt = now;
    message.delivery = core::DeliveryState::Queued;
    if (auto rc = counter->run(); !rc) { // RETURNING rows must be stepped to the end
        return core::fail(rc.error());
    }

    auto insert = m_db.cached("INSERT INTO messages(contact_id, message_id, direction, body, "
                              "sent_at, stored_at, delivery) VALUES (?1, ?2, 0, ?3, ?4, ?4, 0)");
    if (!insert) {
        return core::fail(insert.error());
    }
    insert->bind(1, contact.value()).bind(2, toSql(message.id)).bind(3, body).bind(4, toSql(now));
    if (auto rc = insert->run(); !rc) {
        return core::fail(rc.error());
    }
    message.rowId = core::MessageRowId(m_db.lastInsertRowId());

    auto outbox = m_db.cached(
        "INSERT INTO outbox(message_row, attempts, next_attempt_at) VALUES (?1, 0, ?2)");
    if (!outbox) {
        return core::fail(outbox.error());
    }
    outbox->bind(1, message.rowId.value()).bind(2, toSql(now));
    if (auto rc = outbox->run(); !rc) {
        return core::fail(rc.error());
    }
    if (auto rc = transaction->commit(); !rc) {
        return core::fail(rc.error());
    }
    return message;
}

core::Result<std::optional<core::StoredMessage>>
SqlMessageRepository::addIncoming(core::ContactId contact, core::MessageId id,
                                  std::string_view body, core::Timestamp sentAt,
                                  core::Timestamp now) {
    auto insert = m_db.cached(
        "INSERT INTO messages(contact_id, message_id, direction, body, sent_at, stored_at, "
        "delivery) VALUES (?1, ?2, 1, ?3, ?4, ?5, 2) "
        "ON CONFLICT(contact_id, direction, message_id) DO NOTHING");
    if (!insert) {
        return core::fail(insert.error());
    }
    insert->bind(1, contact.value())
        .bind(2, toSql(id))
        .bind(3, body)
        .bind(4, toSql(sentAt))
        .bind(5, toSql(now));
    if (auto rc = insert->run(); !rc) {
        return core::fail(rc.error());
    }
    if (m_db.changes() == 0) {
        return std::optional<core::StoredMessage>(); // a duplicate
    }
    core::StoredMessage message;
    message.rowId = core::MessageRowId(m_db.lastInsertRowId());
    message.contact = contact;
    message.id = id;
    message.direction = core::MessageDirection::Incoming;
    message.body = std::string(body);
    message.sentAt = sentAt;
    message.storedAt = now;
    message.delivery = core::DeliveryState::Delivered;
    return std::optional<core::StoredMessage>(std::move(message));
}

core::Result<core::StoredMessage> SqlMessageRepository::get(core::MessageRowId row) {
    auto statement =
        m_db.cached("SELECT " CHIVE_MESSAGE_COLUMNS " FROM messages m WHERE m.row_id = ?1");
    if (!statement) {
        return core::fail(statement.error());
    }
    statement->bind(1, row.value());
    if (auto found = statement->stepExpectingRow(messageNotFound()); !found) {
        return core::fail(found.error());
    }
    return readMessage(*statement);
}

core::Result<std::vector<core::StoredMessage>> SqlMessageRepository::latest(core::ContactId contact,
                                                                            std::size_t limit) {
    auto statement = m_db.cached("SELECT " CHIVE_MESSAGE_COLUMNS " FROM messages m "
                                 "WHERE m.contact_id = ?1 ORDER BY m.row_id DESC LIMIT ?2");
    if (!statement) {
        return core::fail(statement.error());
    }
    statement->bind(1, contact.value()).bind(2, toSqlLimit(limit));
    return readAll(*statement, true);
}

core::Result<std::vector<core::StoredMessage>>
SqlMessageRepository::before(core::ContactId contact, core::MessageRowId before,
                             std::size_t limit) {
    auto statement =
        m_db.cached("SELECT " CHIVE_MESSAGE_COLUMNS " FROM messages m "
                    "WHERE m.contact_id = ?1 AND m.row_id < ?2 ORDER BY m.row_id DESC LIMIT ?3");
    if (!statement) {
        return core::fail(statement.error());
    }
    statement->bind(1, contact.value()).bind(2, before.value()).bind(3, toSqlLimit(limit));
    return readAll(*statement, true);
}

core::Result<std::size_t> SqlMessageRepository::count(core::ContactId contact) {
    auto statement = m_db.cached("SELECT count(*) FROM messages WHERE contact_id = ?1");
    if (!statement) {
        return core::fail(statement.error());
    }
    statement->bind(1, contact.value());
    auto row = statement->step();
    if (!row) {
        return core::fail(row.error());
    }
    return static_cast<std::size_t>(statement->columnInt(0));
}

core::Status SqlMessageRepository::markSent(core::MessageRowId row) {
    // Only ever forward: a late "sent" after "delivered" changes nothing.
    auto statement = m_db.cached("UPDATE messages SET delivery = 1 "
                                 "WHERE row_id = ?1 AND direction = 0 AND delivery = 0");
    if (!statement) {
        return core::fail(statement.error());
    }
    statement->bind(1, row.value());
    if (auto rc = statement->run(); !rc) {
        return rc;
    }
    if (m_db.changes() == 0) {
        auto existing = get(row);
        if (!existing) {
            return core::fail(existing.error());
        }
        if (existing->direction != core::MessageDirection::Outgoing) {
            return core::fail(core::ErrorCode::InvalidArgument,
                              "an incoming message cannot be marked as sent");
        }
    }
    return {};
}

core::Status SqlMessageRepository::markDelivered(core::ContactId contact, core::MessageId id) {
    auto transaction = Transaction::begin(m_db);
    if (!transaction) {
        return core::fail(transaction.error());
    }
    auto update = m_db.cached("UPDATE messages SET delivery = 2 "
                              "WHERE contact_id = ?1 AND direction = 0 AND message_id = ?2 "
                              "RETURNING row_id");
    if (!update) {
        return core::fail(update.error());
    }
    update->bind(1, contact.value()).bind(2, toSql(id));
    auto row = update->step();
    if (!row) {
        return core::fail(row.error());
    }
    if (!*row) {
        return messageNotFound();
    }
    const std::int64_t rowId = update->columnInt(0);
    if (auto rc = update->run(); !rc) {
        return rc;
    }
    auto outbox = m_db.cached("DELETE FROM outbox WHERE message_row = ?1");
    if (!outbox) {
        return core::fail(outbox.error());
    }
    outbox->bind(1, rowId);
    if (auto rc = outbox->run(); !rc) {
        return rc;
    }
    return transaction->commit();
}

core::Result<std::vector<core::StoredMessage>>
SqlMessageRepository::search(std::string_view query, std::optional<core::ContactId> contact,
                             std::size_t limit) {
    const std::string fts = toFtsQuery(query);
    if (fts.empty()) {
        return std::vector<core::StoredMessage>();
    }
    auto statement =
        m_db.cached("SELECT " CHIVE_MESSAGE_COLUMNS " FROM messages_fts f JOIN messages m "
                    "ON m.row_id = f.rowid WHERE messages_fts MATCH ?1 "
                    "AND (?2 IS NULL OR m.contact_id = ?2) ORDER BY f.rowid DESC LIMIT ?3");
    if (!statement) {
        return core::fail(statement.error());
    }
    statement->bind(1, fts).bind(3, toSqlLimit(limit));
    if (contact) {
        statement->bind(2, contact->value());
    } else {
        statement->bindNull(2);
    }
    return readAll(*statement, false);
}

core::Status SqlMessageRepository::remove(core::MessageRowId row) {
    auto transaction = Transaction::begin(m_db);
    if (!transaction) {
        return core::fail(transaction.error());
    }
    // The delete trigger removes the text from messages_fts; the outbox entry
    // goes by cascade.
    auto statement = m_db.cached("DELETE FROM messages WHERE row_id = ?1");
    if (!statement) {
        return core::fail(statement.error());
    }
    statement->bind(1, row.value());
    if (auto changed = statement->runExpectingChange(messageNotFound()); !changed) {
        return changed;
    }
    m_db.requestCheckpoint();
    return transaction->commit();
}

core::Status SqlMessageRepository::removeConversation(core::ContactId contact) {
    auto transaction = Transaction::begin(m_db);
    if (!transaction) {
        return core::fail(transaction.error());
    }
    auto statement = m_db.cached("DELETE FROM messages WHERE contact_id = ?1");
    if (!statement) {
        return core::fail(statement.error());
    }
    statement->bind(1, contact.value());
    if (auto rc = statement->run(); !rc) {
        return rc;
    }
    m_db.requestCheckpoint();
    return transaction->commit();
}

} // namespace chive::storage
