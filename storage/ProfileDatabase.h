#pragma once

// ProfileDatabase: the unlocked profile database with its schema brought up
// to date, as a core::ProfileStore.
//
// Ownership and threads: owns the Database connection and the repositories
// built on it. Everything here belongs to the thread that called open(); in
// the app that is StorageWorker's thread. Destroying it closes the connection
// after checkpointing the WAL.

#include "core/store/ProfileStore.h"
#include "storage/Database.h"
#include "storage/SqlContactRepository.h"
#include "storage/SqlInvitationRepository.h"
#include "storage/SqlMessageRepository.h"
#include "storage/SqlOutboxRepository.h"
#include "storage/SqlSettingsRepository.h"

#include <filesystem>
#include <memory>

namespace chive::storage {

class ProfileDatabase final : public core::ProfileStore {
public:
    // Opens (or with CreateIfMissing, creates) the database with `key` (empty:
    // unencrypted, for benchmarks and tests) and migrates it. A database newer
    // than this build is refused before anything is written to it.
    static core::Result<std::unique_ptr<ProfileDatabase>> open(const std::filesystem::path& path,
                                                               std::span<const std::uint8_t> key,
                                                               Database::OpenMode mode);

    core::SettingsRepository& settings() override { return m_settings; }
    core::ContactRepository& contacts() override { return m_contacts; }
    core::InvitationRepository& invitations() override { return m_invitations; }
    core::MessageRepository& messages() override { return m_messages; }
    core::OutboxRepository& outbox() override { return m_outbox; }
    core::Status transaction(const std::function<core::Status()>& work) override;

    Database& database() noexcept { return *m_db; }

private:
    explicit ProfileDatabase(std::unique_ptr<Database> db) noexcept;

    std::unique_ptr<Database> m_db;
    SqlSettingsRepository m_settings;
    SqlContactRepository m_contacts;
    SqlInvitationRepository m_invitations;
    SqlMessageRepository m_messages;
    SqlOutboxRepository m_outbox;
};

} // namespace chive::storage
