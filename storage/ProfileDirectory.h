#pragma once

// ProfileDirectory: the directory that holds one profile (key file, its
// backup, the database and its WAL; later Tor's data), kept private: the
// directory 0700, files 0600.
//
// Ownership: holds an exclusive flock on <dir>/lock for its lifetime, so two
// processes (or two opens in one process) never use one profile at once.
// Move-only; not thread-safe.

#include "core/Result.h"

#include <filesystem>

namespace chive::storage {

class ProfileDirectory {
public:
    // Opens `path`, creating it (and missing parents) if `create`; narrows
    // its permissions to 0700 if they were wider; takes the lock.
    // AlreadyExists if another process (or object) holds the profile.
    static core::Result<ProfileDirectory> open(const std::filesystem::path& path, bool create);

    // Where the profile lives when no --profile is given:
    // $XDG_DATA_HOME/chive, else $HOME/.local/share/chive. The app decides;
    // storage only computes it.
    static core::Result<std::filesystem::path> defaultPath();

    ~ProfileDirectory();
    ProfileDirectory(const ProfileDirectory&) = delete;
    ProfileDirectory& operator=(const ProfileDirectory&) = delete;
    ProfileDirectory(ProfileDirectory&& other) noexcept;
    ProfileDirectory& operator=(ProfileDirectory&& other) noexcept;

    [[nodiscard]] const std::filesystem::path& path() const noexcept { return m_path; }
    [[nodiscard]] std::filesystem::path keyFile() const { return m_path / "profile.key"; }
    [[nodiscard]] std::filesystem::path backupKeyFile() const { return m_path / "profile.key.bak"; }
    [[nodiscard]] std::filesystem::path databaseFile() const { return m_path / "profile.db"; }

private:
    ProfileDirectory(std::filesystem::path path, int lockFd) noexcept;

    std::filesystem::path m_path;
    int m_lockFd = -1;
};

} // namespace chive::storage
