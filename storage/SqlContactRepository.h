#pragma once

// SqlContactRepository: core::ContactRepository on the contacts table.
// Owned by ProfileDatabase; uses its Database on the owning thread only.

#include "core/store/ContactRepository.h"

namespace chive::storage {

class Database;
class Statement;

class SqlContactRepository final : public core::ContactRepository {
public:
    explicit SqlContactRepository(Database& db) noexcept
        : m_db(db) {}

    core::Result<core::ContactId> add(const core::NewContact& contact,
                                      std::span<const std::uint8_t> secretKeys,
                                      core::Timestamp now) override;
    core::Result<core::Contact> get(core::ContactId id) override;
    core::Result<std::vector<core::Contact>> list() override;
    core::Status rename(core::ContactId id, std::string_view alias, core::Timestamp now) override;
    core::Status setState(core::ContactId id, core::ContactState state,
                          core::Timestamp now) override;
    core::Status setVerification(core::ContactId id, core::VerificationState state,
                                 core::Timestamp now) override;
    core::Status setPeerData(core::ContactId id, std::span<const std::uint8_t> peerData,
                             core::Timestamp now) override;
    core::Result<core::SecureBuffer> secretKeys(core::ContactId id) override;
    core::Status setSecretKeys(core::ContactId id, std::span<const std::uint8_t> secretKeys,
                               core::Timestamp now) override;
    core::Status remove(core::ContactId id) override;

private:
    static core::Result<core::Contact> readContact(const Statement& row);
    // Runs an UPDATE whose ?1 is the contact id; NotFound if no row changed.

    Database& m_db;
};

} // namespace chive::storage
