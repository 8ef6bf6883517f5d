#include "storage/SqlInvitationRepository.h"

#include "storage/Database.h"
#include "storage/SqlValues.h"
#include "storage/Transaction.h"

namespace chive::storage {
namespace {

tl::unexpected<core::Error> invitationNotFound() {
    return core::fail(core::ErrorCode::NotFound, "no such invitation");
}

} // namespace

core::PendingInvitation SqlInvitationRepository::readInvitation(const Statement& row) {
    core::PendingInvitation invitation;
    invitation.id = core::InvitationId(row.columnInt(0));
    invitation.alias = row.columnText(1);
    invitation.ownLink = row.columnText(2);
    if (!row.columnIsNull(3)) {
        invitation.peerLink = row.columnText(3);
    }
    invitation.createdAt = timestampFromSql(row.columnInt(4));
    invitation.expiresAt = timestampFromSql(row.columnInt(5));
    return invitation;
}

core::Result<core::InvitationId> SqlInvitationRepository::add(const core::NewInvitation& invitation,
                                                              std::span<const std::uint8_t> secret,
                                                              core::Timestamp now) {
    auto statement = m_db.cached("INSERT INTO invitations(alias, own_link, secret, created_at, "
                                 "expires_at) VALUES (?1, ?2, ?3, ?4, ?5)");
    if (!statement) {
        return core::fail(statement.error());
    }
    statement->bind(1, invitation.alias)
        .bind(2, invitation.ownLink)
        .bind(3, secret)
        .bind(4, toSql(now))
        .bind(5, toSql(invitation.expiresAt));
    if (auto rc = statement->run(); !rc) {
        return core::fail(rc.error());
    }
    return core::InvitationId(m_db.lastInsertRowId());
}

core::Result<core::PendingInvitation> SqlInvitationRepository::get(core::InvitationId id) {
    auto statement = m_db.cached("SELECT id, alias, own_link, peer_link, created_at, expires_at "
                                 "FROM invitations WHERE id = ?1");
    if (!statement) {
        return core::fail(statement.error());
    }
    statement->bind(1, id.value());
    if (auto found = statement->stepExpectingRow(invitationNotFound()); !found) {
        return core::fail(found.error());
    }
    return readInvitation(*statement);
}

core::Result<std::vector<core::PendingInvitation>>
SqlInvitationRepository::listActive(core::Timestamp now) {
    auto statement = m_db.cached("SELECT id, alias, own_link, peer_link, created_at, expires_at "
                                 "FROM invitations WHERE expires_at > ?1 ORDER BY created_at, id");
    if (!statement) {
        return core::fail(statement.error());
    }
    statement->bind(1, toSql(now));
    std::vector<core::PendingInvitation> invitations;
    for (;;) {
        auto row = statement->step();
        if (!row) {
            return core::fail(row.error());
        }
        if (!*row) {
            return invitations;
        }
        invitations.push_back(readInvitation(*statement));
    }
}

core::Status SqlInvitationRepository::setPeerLink(core::InvitationId id,
                                                  std::string_view peerLink) {
    auto statement = m_db.cached("UPDATE invitations SET peer_link = ?2 WHERE id = ?1");
    if (!statement) {
        return core::fail(statement.error());
    }
    statement->bind(1, id.value()).bind(2, peerLink);
    return statement->runExpectingChange(invitationNotFound());
}

core::Result<core::SecureBuffer> SqlInvitationRepository::secret(core::InvitationId id) {
    auto statement = m_db.cached("SELECT secret FROM invitations WHERE id = ?1");
    if (!statement) {
        return core::fail(statement.error());
    }
    statement->bind(1, id.value());
    if (auto found = statement->stepExpectingRow(invitationNotFound()); !found) {
        return core::fail(found.error());
    }
    return core::SecureBuffer::copyOf(statement->columnBlobView(0));
}

core::Status SqlInvitationRepository::remove(core::InvitationId id) {
    auto transaction = Transaction::begin(m_db);
    if (!transaction) {
        return core::fail(transaction.error());
    }
    auto statement = m_db.cached("DELETE FROM invitations WHERE id = ?1");
    if (!statement) {
        return core::fail(statement.error());
    }
    statement->bind(1, id.value());
    if (auto changed = statement->runExpectingChange(invitationNotFound()); !changed) {
        return changed;
    }
    m_db.requestCheckpoint();
    return transaction->commit();
}

core::Result<std::size_t> SqlInvitationRepository::removeExpired(core::Timestamp now) {
    auto transaction = Transaction::begin(m_db);
    if (!transaction) {
        return core::fail(transaction.error());
    }
    auto statement = m_db.cached("DELETE FROM invitations WHERE expires_at <= ?1");
    if (!statement) {
        return core::fail(statement.error());
    }
    statement->bind(1, toSql(now));
    if (auto rc = statement->run(); !rc) {
        return core::fail(rc.error());
    }
    const auto removed = static_cast<std::size_t>(m_db.changes());
    if (removed > 0) {
        m_db.requestCheckpoint();
    }
    if (auto rc = transaction->commit(); !rc) {
        return core::fail(rc.error());
    }
    return removed;
}

} // namespace chive::storage
