#pragma once

// Database: one SQLCipher connection, configured the way every Chive profile
// database is: keyed with a raw 256-bit key, WAL, secure_delete, temp data in
// memory, foreign keys, synchronous=FULL (a stored message survives power
// loss before it is acknowledged).
//
// Thread contract: the connection is opened without SQLite's own mutex
// (SQLITE_OPEN_NOMUTEX). It belongs to the thread that uses it; in the app
// that is the StorageWorker thread. Statements borrowed from it must not
// outlive it. Closing checkpoints and truncates the WAL.

#include "core/Result.h"
#include "storage/Statement.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

struct sqlite3;
struct sqlite3_stmt;

namespace chive::storage {

class Database {
public:
    static constexpr std::size_t kKeySize = 32;

    enum class OpenMode {
        CreateIfMissing,
        MustExist,
    };

    // `key` is the raw database key (kKeySize bytes). An empty key opens an
    // unencrypted database: for the benchmark's baseline and for tests that
    // look inside the file, never for a profile. Fails with
    // ErrorCode::Internal if the linked library is not SQLCipher, and with
    // ErrorCode::Corrupt if the key does not open the file.
    static core::Result<std::unique_ptr<Database>>
    open(const std::filesystem::path& path, std::span<const std::uint8_t> key, OpenMode mode);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;
    Database(Database&&) = delete;
    Database& operator=(Database&&) = delete;

    // Runs one or more statements that return no rows.
    core::Status exec(const std::string& sql);
    core::Result<Statement> prepare(std::string_view sql);
    // A statement prepared once per connection and reused; reset when the
    // returned Statement is destroyed. `sql` must be a string literal (or
    // otherwise outlive the connection); it is the cache key.
    core::Result<Statement> cached(const char* sql);

    [[nodiscard]] std::int64_t lastInsertRowId() const noexcept;
    [[nodiscard]] std::int64_t changes() const noexcept;
    [[nodiscard]] bool encrypted() const noexcept { return m_encrypted; }
    [[nodiscard]] const std::filesystem::path& path() const noexcept { return m_path; }

    core::Result<int> userVersion();
    core::Status setUserVersion(int version);

    // Copies every WAL frame into the database and truncates the WAL to zero
    // bytes, so that old page images (with deleted text) leave the WAL.
    core::Status checkpointTruncate();
    // Deleted text must leave the WAL: checkpoints now, or when the outermost
    // Transaction commits if one is open.
    void requestCheckpoint();
    [[nodiscard]] bool inTransaction() const noexcept;
    // Called by Transaction after the outermost commit.
    core::Status runRequestedCheckpoint();

    // Reads every page: HMAC check of each page (cipher_integrity_check) and
    // SQLite's structural check. ErrorCode::Corrupt on any damage.
    core::Status checkIntegrity();
    // Caps the database at `pages` pages; a write beyond fails as a full disk
    // would. For tests of full-disk handling.
    core::Status setMaxPageCount(std::int64_t pages);

    // SQLCipher's version, or an empty string when the linked library is plain
    // SQLite.
    static std::string cipherVersion();

private:
    Database(sqlite3* handle, std::filesystem::path path, bool encrypted) noexcept;
    core::Status configure();
    core::Result<std::string> queryText(const char* sql);

    sqlite3* m_handle;
    std::filesystem::path m_path;
    bool m_encrypted;
    std::unordered_map<const char*, sqlite3_stmt*> m_cache;
    bool m_checkpointRequested = false;
};

} // namespace chive::storage
