#include "storage/SqlContactRepository.h"

#include "storage/Database.h"
#include "storage/SqlValues.h"
#include "storage/Transaction.h"

namespace chive::storage {
namespace {

tl::unexpected<core::Error> contactNotFound() {
    return core::fail(core::ErrorCode::NotFound, "no such contact");
}

} // namespace

core::Result<core::Contact> SqlContactRepository::readContact(const Statement& row) {
    auto state = enumFromSql(row.columnInt(2), core::ContactState::Blocked);
    auto verification = enumFromSql(row.columnInt(3), core::VerificationState::Verified);
    if (!state || !verification) {
        return damagedRow("contacts");
    }
    core::Contact contact;
    contact.id = core::ContactId(row.columnInt(0));
    contact.alias = row.columnText(1);
    contact.state = *state;
    contact.verification = *verification;
    contact.peerData = row.columnBlob(4);
    contact.createdAt = timestampFromSql(row.columnInt(5));
    contact.updatedAt = timestampFromSql(row.columnInt(6));
    return contact;
}

core::Result<core::ContactId> SqlContactRepository::add(const core::NewContact& contact,
                                                        std::span<const std::uint8_t> secretKeys,
                                                        core::Timestamp now) {
    auto statement = m_db.cached(
        "INSERT INTO contacts(alias, state, verification, peer_data, secret_keys, created_at, "
        "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)");
    if (!statement) {
        return core::fail(statement.error());
    }
    statement->bind(1, contact.alias)
        .bind(2, enumToSql(contact.state))
        .bind(3, enumToSql(core::VerificationState::Unverified))
        .bind(4, contact.peerData)
        .bind(5, secretKeys)
        .bind(6, toSql(now));
    if (auto rc = statement->run(); !rc) {
        return core::fail(rc.error());
    }
    return core::ContactId(m_db.lastInsertRowId());
}

core::Result<core::Contact> SqlContactRepository::get(core::ContactId id) {
    auto statement = m_db.cached("SELECT id, alias, state, verification, peer_data, created_at, "
                                 "updated_at FROM contacts WHERE id = ?1");
    if (!statement) {
        return core::fail(statement.error());
    }
    statement->bind(1, id.value());
    if (auto found = statement->stepExpectingRow(contactNotFound()); !found) {
        return core::fail(found.error());
    }
    return readContact(*statement);
}

core::Result<std::vector<core::Contact>> SqlContactRepository::list() {
    auto statement = m_db.cached("SELECT id, alias, state, verification, peer_data, created_at, "
                                 "updated_at FROM contacts ORDER BY alias, id");
    if (!statement) {
        return core::fail(statement.error());
    }
    std::vector<core::Contact> contacts;
    for (;;) {
        auto row = statement->step();
        if (!row) {
            return core::fail(row.error());
        }
        if (!*row) {
            return contacts;
        }
        auto contact = readContact(*statement);
        if (!contact) {
            return core::fail(contact.error());
        }
        contacts.push_back(std::move(*contact));
    }
}

core::Status SqlContactRepository::rename(core::ContactId id, std::string_view alias,
                                          core::Timestamp now) {
    auto statement = m_db.cached("UPDATE contacts SET alias = ?2, updated_at = ?3 WHERE id = ?1");
    if (!statement) {
        return core::fail(statement.error());
    }
    statement->bind(1, id.value()).bind(2, alias).bind(3, toSql(now));
    return statement->runExpectingChange(contactNotFound());
}

core::Status SqlContactRepository::setState(core::ContactId id, core::ContactState state,
                                            core::Timestamp now) {
    auto statement = m_db.cached("UPDATE contacts SET state = ?2, updated_at = ?3 WHERE id = ?1");
    if (!statement) {
        return core::fail(statement.error());
    }
    statement->bind(1, id.value()).bind(2, enumToSql(state)).bind(3, toSql(now));
    return statement->runExpectingChange(contactNotFound());
}

core::Status SqlContactRepository::setVerification(core::ContactId id,
                                                   core::VerificationState state,
                                                   core::Timestamp now) {
    auto statement =
        m_db.cached("UPDATE contacts SET verification = ?2, updated_at = ?3 WHERE id = ?1");
    if (!statement) {
        return core::fail(statement.error());
    }
    statement->bind(1, id.value()).bind(2, enumToSql(state)).bind(3, toSql(now));
    return statement->runExpectingChange(contactNotFound());
}

core::Status SqlContactRepository::setPeerData(core::ContactId id,
                                               std::span<const std::uint8_t> peerData,
                                               core::Timestamp now) {
    auto statement =
        m_db.cached("UPDATE contacts SET peer_data = ?2, updated_at = ?3 WHERE id = ?1");
    if (!statement) {
        return core::fail(statement.error());
    }
    statement->bind(1, id.value()).bind(2, peerData).bind(3, toSql(now));
    return statement->runExpectingChange(contactNotFound());
}

core::Result<core::SecureBuffer> SqlContactRepository::secretKeys(core::ContactId id) {
    auto statement = m_db.cached("SELECT secret_keys FROM contacts WHERE id = ?1");
    if (!statement) {
        return core::fail(statement.error());
    }
    statement->bind(1, id.value());
    if (auto found = statement->stepExpectingRow(contactNotFound()); !found) {
        return core::fail(found.error());
    }
    // Straight from SQLite's page buffer into secure memory, no other copy.
    return core::SecureBuffer::copyOf(statement->columnBlobView(0));
}

core::Status SqlContactRepository::setSecretKeys(core::ContactId id,
                                                 std::span<const std::uint8_t> secretKeys,
                                                 core::Timestamp now) {
    auto statement =
        m_db.cached("UPDATE contacts SET secret_keys = ?2, updated_at = ?3 WHERE id = ?1");
    if (!statement) {
        return core::fail(statement.error());
    }
    statement->bind(1, id.value()).bind(2, secretKeys).bind(3, toSql(now));
    return statement->runExpectingChange(contactNotFound());
}

core::Status SqlContactRepository::remove(core::ContactId id) {
    auto transaction = Transaction::begin(m_db);
    if (!transaction) {
        return core::fail(transaction.error());
    }
    // Messages first and explicitly, so the FTS delete trigger sees each one
    // (the outbox goes with them by cascade).
    auto messages = m_db.cached("DELETE FROM messages WHERE contact_id = ?1");
    if (!messages) {
        return core::fail(messages.error());
    }
    messages->bind(1, id.value());
    if (auto rc = messages->run(); !rc) {
        return rc;
    }
    auto contact = m_db.cached("DELETE FROM contacts WHERE id = ?1");
    if (!contact) {
        return core::fail(contact.error());
    }
    contact->bind(1, id.value());
    if (auto rc = contact->runExpectingChange(contactNotFound()); !rc) {
        return rc;
    }
    m_db.requestCheckpoint();
    return transaction->commit();
}

} // namespace chive::storage
