#pragma once

// KeyStore: the key file and its backup copy in one profile directory.
//
// Both files normally hold the same bytes. Every write goes to the primary
// first and then to the backup, each atomically (AtomicFile), so a crash
// leaves at most one of them different from the other, and each of them
// whole. unlock() tries the primary, then the backup if it differs; the one
// that opens wins and the other is rewritten to match. So after a crash in
// the middle of a password change either password opens the profile, and the
// first unlock settles on the one that was used.
//
// Not thread-safe; the profile directory's lock keeps other processes out.

#include "core/Result.h"
#include "core/SecureBuffer.h"
#include "storage/AtomicFile.h"
#include "storage/KeyFile.h"

#include <filesystem>
#include <span>

namespace chive::storage {

class KeyStore {
public:
    KeyStore(std::filesystem::path primary, std::filesystem::path backup, FaultHook hook = {});

    [[nodiscard]] bool exists() const;

    // Makes a fresh random database key and stores it wrapped under
    // `password`. AlreadyExists if a key file is there.
    core::Result<core::SecureBuffer> create(std::span<const std::uint8_t> password,
                                            KdfParams params);
    // The database key. WrongPassword, Corrupt (both copies damaged or
    // truncated), UnsupportedVersion (a newer format: nothing is rewritten),
    // NotFound (no key file).
    core::Result<core::SecureBuffer> unlock(std::span<const std::uint8_t> password);
    // Rewraps the same database key under `newPassword`; the database is not
    // touched. Fails with WrongPassword if `oldPassword` does not unlock.
    core::Status changePassword(std::span<const std::uint8_t> oldPassword,
                                std::span<const std::uint8_t> newPassword, KdfParams params);
    // Removes both copies (undoing a create whose database could not be made).
    void remove();

private:
    core::Status writeBoth(std::span<const std::uint8_t> bytes);
    // Best effort: makes both copies equal to `bytes`, the copy that opened.
    void reconcile(std::span<const std::uint8_t> bytes,
                   const core::Result<std::vector<std::uint8_t>>& primary,
                   const core::Result<std::vector<std::uint8_t>>& backup);

    std::filesystem::path m_primary;
    std::filesystem::path m_backup;
    FaultHook m_hook;
};

} // namespace chive::storage
