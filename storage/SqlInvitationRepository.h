#pragma once

// SqlInvitationRepository: core::InvitationRepository on the invitations
// table. Owned by ProfileDatabase; uses its Database on the owning thread only.

#include "core/store/InvitationRepository.h"

namespace chive::storage {

class Database;
class Statement;

class SqlInvitationRepository final : public core::InvitationRepository {
public:
    explicit SqlInvitationRepository(Database& db) noexcept
        : m_db(db) {}

    core::Result<core::InvitationId> add(const core::NewInvitation& invitation,
                                         std::span<const std::uint8_t> secret,
                                         core::Timestamp now) override;
    core::Result<core::PendingInvitation> get(core::InvitationId id) override;
    core::Result<std::vector<core::PendingInvitation>> listActive(core::Timestamp now) override;
    core::Status setPeerLink(core::InvitationId id, std::string_view peerLink) override;
    core::Result<core::SecureBuffer> secret(core::InvitationId id) override;
    core::Status remove(core::InvitationId id) override;
    core::Result<std::size_t> removeExpired(core::Timestamp now) override;

private:
    static core::PendingInvitation readInvitation(const Statement& row);

    Database& m_db;
};

} // namespace chive::storage
