#pragma once

// Profile: one unlocked profile: its locked directory, its key file, and the
// StorageWorker whose thread owns the database. This is what the app creates
// from --profile DIR and the password.
//
// Ownership: owns the directory lock and the worker; destroying the Profile
// runs the queued storage work, closes the database and releases the lock.
// Methods are called from one thread (the app's); the database itself is
// reached only through storage().

#include "core/Result.h"
#include "core/SecureBuffer.h"
#include "storage/AtomicFile.h"
#include "storage/KeyFile.h"
#include "storage/KeyStore.h"
#include "storage/ProfileDirectory.h"
#include "storage/StorageWorker.h"

#include <filesystem>
#include <memory>

namespace chive::storage {

struct ProfileOptions {
    // Used when creating a profile or changing its password.
    KdfParams kdf = KdfParams::defaults();
    // Fault injection for the key file writes (tests only).
    FaultHook faultHook;
    std::size_t queueCapacity = StorageWorker::kDefaultCapacity;
};

class Profile {
public:
    // A new profile at `directory` (created 0700 if missing). AlreadyExists if
    // it already holds a database, or a key file that `password` does not
    // open (one that does is a create interrupted before the database was
    // made: it is finished).
    static core::Result<std::unique_ptr<Profile>> create(const std::filesystem::path& directory,
                                                         const core::SecureBuffer& password,
                                                         ProfileOptions options = {});
    // Errors: NotFound (no profile), WrongPassword, Corrupt (key file damaged,
    // or the database damaged or not matching the key), UnsupportedVersion,
    // AlreadyExists (open elsewhere).
    static core::Result<std::unique_ptr<Profile>> open(const std::filesystem::path& directory,
                                                       const core::SecureBuffer& password,
                                                       ProfileOptions options = {});

    // Rewraps the database key; the database is not rewritten.
    core::Status changePassword(const core::SecureBuffer& oldPassword,
                                const core::SecureBuffer& newPassword);

    StorageWorker& storage() noexcept { return *m_worker; }
    [[nodiscard]] const std::filesystem::path& directory() const noexcept {
        return m_directory.path();
    }

    // Runs queued work, closes the database; the profile stays locked until
    // the Profile is destroyed.
    void close();

private:
    Profile(ProfileDirectory directory, KeyStore keyStore, std::unique_ptr<StorageWorker> worker,
            ProfileOptions options) noexcept;

    ProfileDirectory m_directory;
    KeyStore m_keyStore;
    std::unique_ptr<StorageWorker> m_worker;
    ProfileOptions m_options;
};

} // namespace chive::storage
