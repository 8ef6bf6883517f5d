#include "storage/Profile.h"

#include <system_error>

namespace chive::storage {
namespace {

core::Status checkPassword(const core::SecureBuffer& password) {
    if (password.empty()) {
        return core::fail(core::ErrorCode::InvalidArgument, "the password must not be empty");
    }
    return {};
}

} // namespace

Profile::Profile(ProfileDirectory directory, KeyStore keyStore,
                 std::unique_ptr<StorageWorker> worker, ProfileOptions options) noexcept
    : m_directory(std::move(directory))
    , m_keyStore(std::move(keyStore))
    , m_worker(std::move(worker))
    , m_options(std::move(options)) {}

core::Result<std::unique_ptr<Profile>> Profile::create(const std::filesystem::path& directory,
                                                       const core::SecureBuffer& password,
                                                       ProfileOptions options) {
    if (auto rc = checkPassword(password); !rc) {
        return core::fail(rc.error());
    }
    auto dir = ProfileDirectory::open(directory, true);
    if (!dir) {
        return core::fail(dir.error());
    }
    std::error_code error;
    if (std::filesystem::exists(dir->databaseFile(), error)) {
        return core::fail(core::ErrorCode::AlreadyExists, "the directory already holds a profile");
    }
    KeyStore keyStore(dir->keyFile(), dir->backupKeyFile(), options.faultHook);
    const bool resuming = keyStore.exists();
    // A key file without a database is what a create that stopped half-way
    // leaves. The same password finishes that create; any other is refused.
    auto key =
        resuming ? keyStore.unlock(password.span()) : keyStore.create(password.span(), options.kdf);
    if (!key) {
        if (resuming) {
            return core::fail(core::ErrorCode::AlreadyExists,
                              "the directory already holds a profile key file");
        }
        return core::fail(key.error());
    }
    auto worker = StorageWorker::start(dir->databaseFile(), std::move(*key),
                                       Database::OpenMode::CreateIfMissing, options.queueCapacity);
    if (!worker) {
        // Nothing of this profile existed before: leave nothing behind.
        if (!resuming) {
            keyStore.remove();
        }
        std::filesystem::remove(dir->databaseFile(), error);
        return core::fail(worker.error());
    }
    return std::unique_ptr<Profile>(
        new Profile(std::move(*dir), std::move(keyStore), std::move(*worker), std::move(options)));
}

core::Result<std::unique_ptr<Profile>> Profile::open(const std::filesystem::path& directory,
                                                     const core::SecureBuffer& password,
                                                     ProfileOptions options) {
    auto dir = ProfileDirectory::open(directory, false);
    if (!dir) {
        return core::fail(dir.error());
    }
    KeyStore keyStore(dir->keyFile(), dir->backupKeyFile(), options.faultHook);
    auto key = keyStore.unlock(password.span());
    if (!key) {
        return core::fail(key.error());
    }
    auto worker = StorageWorker::start(dir->databaseFile(), std::move(*key),
                                       Database::OpenMode::MustExist, options.queueCapacity);
    if (!worker) {
        return core::fail(worker.error());
    }
    return std::unique_ptr<Profile>(
        new Profile(std::move(*dir), std::move(keyStore), std::move(*worker), std::move(options)));
}

core::Status Profile::changePassword(const core::SecureBuffer& oldPassword,
                                     const core::SecureBuffer& newPassword) {
    if (auto rc = checkPassword(newPassword); !rc) {
        return rc;
    }
    return m_keyStore.changePassword(oldPassword.span(), newPassword.span(), m_options.kdf);
}

void Profile::close() {
    m_worker->stop();
}

} // namespace chive::storage
