#include "storage/KeyStore.h"

#include "storage/Database.h"

#include <unistd.h>

#include <algorithm>
#include <optional>
#include <system_error>
#include <utility>

namespace chive::storage {
namespace {

using core::ErrorCode;

// Far above KeyFile::kSize, to leave room for later formats, and small
// enough that reading a wrong file costs nothing.
constexpr std::size_t kMaxKeyFileSize = std::size_t{64} * 1024;

// A copy that cannot be read is treated as damaged, except for I/O errors,
// which the caller should see as such.
core::Result<KeyFile> parseCopy(const core::Result<std::vector<std::uint8_t>>& bytes) {
    if (!bytes) {
        if (bytes.error().code == ErrorCode::TooLarge) {
            return core::fail(ErrorCode::Corrupt, "the key file is damaged: it is too large");
        }
        return core::fail(bytes.error());
    }
    return KeyFile::parse(*bytes);
}

bool sameBytes(const core::Result<std::vector<std::uint8_t>>& stored,
               std::span<const std::uint8_t> bytes) {
    return stored && std::equal(stored->begin(), stored->end(), bytes.begin(), bytes.end());
}

} // namespace

KeyStore::KeyStore(std::filesystem::path primary, std::filesystem::path backup, FaultHook hook)
    : m_primary(std::move(primary))
    , m_backup(std::move(backup))
    , m_hook(std::move(hook)) {}

bool KeyStore::exists() const {
    std::error_code error;
    return std::filesystem::exists(m_primary, error) || std::filesystem::exists(m_backup, error);
}

core::Status KeyStore::writeBoth(std::span<const std::uint8_t> bytes) {
    if (auto rc = AtomicFile::write(m_primary, bytes, m_hook); !rc) {
        return rc;
    }
    return AtomicFile::write(m_backup, bytes, m_hook);
}

core::Result<core::SecureBuffer> KeyStore::create(std::span<const std::uint8_t> password,
                                                  KdfParams params) {
    if (exists()) {
        return core::fail(ErrorCode::AlreadyExists, "the profile already has a key file");
    }
    auto key = core::SecureBuffer::random(Database::kKeySize);
    auto file = KeyFile::seal(key, password, params);
    if (!file) {
        return core::fail(file.error());
    }
    if (auto rc = writeBoth(file->serialize()); !rc) {
        return core::fail(rc.error());
    }
    return key;
}

void KeyStore::reconcile(std::span<const std::uint8_t> bytes,
                         const core::Result<std::vector<std::uint8_t>>& primary,
                         const core::Result<std::vector<std::uint8_t>>& backup) {
    // Errors are ignored: the profile is unlocked either way, and the next
    // unlock tries again.
    if (!sameBytes(primary, bytes)) {
        if (!AtomicFile::write(m_primary, bytes, m_hook)) {
            return;
        }
    }
    if (!sameBytes(backup, bytes)) {
        (void)AtomicFile::write(m_backup, bytes, m_hook);
    }
}

core::Result<core::SecureBuffer> KeyStore::unlock(std::span<const std::uint8_t> password) {
    // A temporary file is what a crash before a rename leaves: never the only
    // copy of anything, so it can go.
    ::unlink(AtomicFile::tempPath(m_primary).c_str());
    ::unlink(AtomicFile::tempPath(m_backup).c_str());

    const auto primaryBytes = AtomicFile::read(m_primary, kMaxKeyFileSize);
    const auto backupBytes = AtomicFile::read(m_backup, kMaxKeyFileSize);
    const auto primary = parseCopy(primaryBytes);
    const auto backup = parseCopy(backupBytes);

    // A newer build wrote this profile: touch nothing.
    for (const auto* copy : {&primary, &backup}) {
        if (!*copy && copy->error().code == ErrorCode::UnsupportedVersion) {
            return core::fail(copy->error());
        }
    }

    bool triedAny = false;
    auto tryCopy = [&](const core::Result<KeyFile>& copy,
                       const core::Result<std::vector<std::uint8_t>>& bytes)
        -> std::optional<core::Result<core::SecureBuffer>> {
        if (!copy) {
            return std::nullopt;
        }
        triedAny = true;
        auto key = copy->unwrap(password);
        if (!key && key.error().code == ErrorCode::WrongPassword) {
            return std::nullopt;
        }
        if (key) {
            reconcile(*bytes, primaryBytes, backupBytes);
        }
        return key;
    };
    if (auto key = tryCopy(primary, primaryBytes)) {
        return std::move(*key);
    }
    if (!(primaryBytes && backupBytes && *primaryBytes == *backupBytes)) {
        if (auto key = tryCopy(backup, backupBytes)) {
            return std::move(*key);
        }
    }
    if (triedAny) {
        return core::fail(ErrorCode::WrongPassword, "wrong password");
    }
    const bool primaryMissing = primary.error().code == ErrorCode::NotFound;
    const bool backupMissing = backup.error().code == ErrorCode::NotFound;
    if (primaryMissing && backupMissing) {
        return core::fail(ErrorCode::NotFound, "the profile has no key file");
    }
    if (primary.error().code == ErrorCode::Io) {
        return core::fail(primary.error());
    }
    if (!primaryMissing) {
        return core::fail(ErrorCode::Corrupt,
                          primary.error().message + (backupMissing
                                                         ? " (and its backup copy is missing)"
                                                         : " (and so is its backup copy)"));
    }
    return core::fail(ErrorCode::Corrupt, "the key file is missing and its backup copy is damaged");
}

core::Status KeyStore::changePassword(std::span<const std::uint8_t> oldPassword,
                                      std::span<const std::uint8_t> newPassword, KdfParams params) {
    auto key = unlock(oldPassword);
    if (!key) {
        return core::fail(key.error());
    }
    auto file = KeyFile::seal(*key, newPassword, params);
    if (!file) {
        return core::fail(file.error());
    }
    return writeBoth(file->serialize());
}

void KeyStore::remove() {
    ::unlink(m_primary.c_str());
    ::unlink(m_backup.c_str());
    ::unlink(AtomicFile::tempPath(m_primary).c_str());
    ::unlink(AtomicFile::tempPath(m_backup).c_str());
}

} // namespace chive::storage
