#include "storage/Database.h"

#include "core/SecureBuffer.h"
#include "storage/SqliteError.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

// sqlite3_key_v2 is declared only with SQLITE_HAS_CODEC; SQLCipher always
// exports it.
extern "C" int sqlite3_key_v2( // NOLINT(readability-identifier-naming): SQLCipher's API
    sqlite3* db, const char* zDbName, const void* pKey, int nKey);

namespace chive::storage {
namespace {

using core::ErrorCode;
using core::fail;

// Part of the database format: every open must set the same, before the
// first read. HMAC-SHA256 instead of SQLCipher 4's default HMAC-SHA512:
// equally sound as a MAC, and about twice as fast per page where the CPU has
// SHA extensions, which is most of the cost of reading an encrypted page.
constexpr const char* kCipherSettings = "PRAGMA cipher_hmac_algorithm = HMAC_SHA256;"
                                        "PRAGMA cipher_kdf_algorithm = PBKDF2_HMAC_SHA256;";

// SQLite creates the WAL and shared-memory files with the permissions of the
// database file, so creating that one as 0600 keeps all three private.
core::Status createPrivateFile(const std::filesystem::path& path, bool mustExist) {
    const int flags = O_RDWR | O_CLOEXEC | O_NOFOLLOW | (mustExist ? 0 : O_CREAT);
    const int fd = ::open(path.c_str(), flags, 0600);
    if (fd < 0) {
        if (errno == ENOENT) {
            return fail(ErrorCode::NotFound, "the profile has no database");
        }
        if (errno == ENOSPC) {
            return fail(ErrorCode::DiskFull, "creating the database: the disk is full");
        }
        return fail(ErrorCode::Io, "cannot open the database file");
    }
    const int rc = ::fchmod(fd, 0600);
    ::close(fd);
    if (rc != 0) {
        return fail(ErrorCode::Io, "cannot make the database file private");
    }
    return {};
}

// Applies the raw key as SQLCipher's blob literal x'<64 hex digits>'. The
// literal lives in secure memory and is wiped when this returns; going through
// sqlite3_key_v2 rather than a PRAGMA statement keeps it out of SQLite's
// statement parser, which would leave copies in freed heap memory.
core::Status applyKey(sqlite3* handle, std::span<const std::uint8_t> key) {
    constexpr std::size_t kLiteralSize = 2 + 2 * Database::kKeySize + 1;
    core::SecureBuffer literal(kLiteralSize + 1);
    auto* text = reinterpret_cast<char*>(literal.data());
    static constexpr char kHex[] = "0123456789ABCDEF";
    text[0] = 'x';
    text[1] = '\'';
    for (std::size_t i = 0; i < key.size(); ++i) {
        text[2 + 2 * i] = kHex[key[i] >> 4];
        text[3 + 2 * i] = kHex[key[i] & 0x0f];
    }
    text[kLiteralSize - 1] = '\'';
    const int rc = sqlite3_key_v2(handle, "main", text, static_cast<int>(kLiteralSize));
    if (rc != SQLITE_OK) {
        return fail(sqliteError(rc, "applying the database key"));
    }
    return {};
}

} // namespace

Database::Database(sqlite3* handle, std::filesystem::path path, bool encrypted) noexcept
    : m_handle(handle)
    , m_path(std::move(path))
    , m_encrypted(encrypted) {}

Database::~Database() {
    for (auto& [sql, statement] : m_cache) {
        sqlite3_finalize(statement);
    }
    if (m_handle != nullptr) {
        // Best effort: the last connection's close checkpoints anyway; TRUNCATE
        // also leaves a zero-length WAL if it is kept.
        sqlite3_exec(m_handle, "PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr, nullptr);
        sqlite3_close_v2(m_handle);
    }
}

core::Result<std::unique_ptr<Database>> Database::open(const std::filesystem::path& path,
                                                       std::span<const std::uint8_t> key,
                                                       OpenMode mode) {
    if (!key.empty() && key.size() != kKeySize) {
        return fail(ErrorCode::InvalidArgument, "the database key has the wrong size");
    }
    if (auto created = createPrivateFile(path, mode == OpenMode::MustExist); !created) {
        return fail(created.error());
    }
    sqlite3* handle = nullptr;
    const int flags =
        SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_EXRESCODE;
    const int rc = sqlite3_open_v2(path.c_str(), &handle, flags, nullptr);
    // From here the Database owns the handle, even if opening failed.
    std::unique_ptr<Database> db(new Database(handle, path, !key.empty()));
    if (rc != SQLITE_OK) {
        return fail(sqliteError(rc, "opening the database"));
    }
    auto cipher = db->queryText("PRAGMA cipher_version");
    if (!cipher || cipher->empty()) {
        return fail(ErrorCode::Internal,
                    "the linked SQLite library is not SQLCipher; refusing to store data "
                    "unencrypted");
    }
    if (!key.empty()) {
        if (auto keyed = applyKey(handle, key); !keyed) {
            return fail(keyed.error());
        }
        if (auto configured = db->exec(kCipherSettings); !configured) {
            return fail(configured.error());
        }
    }
    // The first read decrypts page 1: this is where a wrong key shows.
    if (auto probe = db->queryText("SELECT count(*) FROM sqlite_master"); !probe) {
        if (probe.error().code == ErrorCode::Corrupt) {
            return fail(ErrorCode::Corrupt,
                        db->m_encrypted ? "the database does not match the key file, or it is "
                                          "damaged"
                                        : "the file is not a database, or it is damaged");
        }
        return fail(probe.error());
    }
    if (auto configured = db->configure(); !configured) {
        return fail(configured.error());
    }
    return db;
}

core::Status Database::configure() {
    sqlite3_db_config(m_handle, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
    // Checked per connection: these are not stored in the file.
    if (auto rc = exec("PRAGMA secure_delete = ON;"
                       "PRAGMA temp_store = MEMORY;"
                       "PRAGMA foreign_keys = ON;"
                       "PRAGMA cell_size_check = ON;"
                       "PRAGMA synchronous = FULL;");
        !rc) {
        return rc;
    }
    auto mode = queryText("PRAGMA journal_mode");
    if (!mode) {
        return fail(mode.error());
    }
    if (*mode != "wal") {
        mode = queryText("PRAGMA journal_mode = WAL");
        if (!mode) {
            return fail(mode.error());
        }
        if (*mode != "wal") {
            return fail(ErrorCode::Io, "the database cannot use write-ahead logging");
        }
    }
    auto secureDelete = queryText("PRAGMA secure_delete");
    if (!secureDelete || *secureDelete != "1") {
        return fail(ErrorCode::Internal, "secure_delete could not be enabled");
    }
    return {};
}

core::Status Database::exec(const std::string& sql) {
    const int rc = sqlite3_exec(m_handle, sql.c_str(), nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) {
        return fail(sqliteError(rc, "updating the database"));
    }
    return {};
}

core::Result<Statement> Database::prepare(std::string_view sql) {
    sqlite3_stmt* statement = nullptr;
    const int rc =
        sqlite3_prepare_v2(m_handle, sql.data(), static_cast<int>(sql.size()), &statement, nullptr);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(statement);
        return fail(sqliteError(rc, "preparing a query"));
    }
    return Statement(statement, true);
}

core::Result<Statement> Database::cached(const char* sql) {
    if (auto found = m_cache.find(sql); found != m_cache.end()) {
        return Statement(found->second, false);
    }
    sqlite3_stmt* statement = nullptr;
    const int rc =
        sqlite3_prepare_v3(m_handle, sql, -1, SQLITE_PREPARE_PERSISTENT, &statement, nullptr);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(statement);
        return fail(sqliteError(rc, "preparing a query"));
    }
    m_cache.emplace(sql, statement);
    return Statement(statement, false);
}

std::int64_t Database::lastInsertRowId() const noexcept {
    return sqlite3_last_insert_rowid(m_handle);
}

std::int64_t Database::changes() const noexcept {
    return sqlite3_changes64(m_handle);
}

core::Result<int> Database::userVersion() {
    auto statement = prepare("PRAGMA user_version");
    if (!statement) {
        return fail(statement.error());
    }
    auto row = statement->step();
    if (!row) {
        return fail(row.error());
    }
    return static_cast<int>(statement->columnInt(0));
}

core::Status Database::setUserVersion(int version) {
    return exec("PRAGMA user_version = " + std::to_string(version));
}

core::Status Database::checkpointTruncate() {
    auto statement = prepare("PRAGMA wal_checkpoint(TRUNCATE)");
    if (!statement) {
        return fail(statement.error());
    }
    auto row = statement->step();
    if (!row) {
        return fail(row.error());
    }
    if (*row && statement->columnInt(0) != 0) {
        return fail(ErrorCode::Io, "the write-ahead log could not be checkpointed (busy)");
    }
    return {};
}

void Database::requestCheckpoint() {
    m_checkpointRequested = true;
}

bool Database::inTransaction() const noexcept {
    return sqlite3_get_autocommit(m_handle) == 0;
}

core::Status Database::runRequestedCheckpoint() {
    if (!m_checkpointRequested || inTransaction()) {
        return {};
    }
    auto rc = checkpointTruncate();
    if (rc) {
        m_checkpointRequested = false;
    }
    return rc;
}

core::Status Database::checkIntegrity() {
    if (m_encrypted) {
        auto statement = prepare("PRAGMA cipher_integrity_check");
        if (!statement) {
            return fail(statement.error());
        }
        auto row = statement->step();
        if (!row) {
            return fail(ErrorCode::Corrupt, "the database is damaged");
        }
        if (*row) {
            return fail(ErrorCode::Corrupt, "the database is damaged (a page fails its check)");
        }
    }
    auto result = queryText("PRAGMA quick_check");
    if (!result) {
        return fail(ErrorCode::Corrupt, "the database is damaged");
    }
    if (*result != "ok") {
        return fail(ErrorCode::Corrupt, "the database is damaged (structure check failed)");
    }
    return {};
}

core::Status Database::setMaxPageCount(std::int64_t pages) {
    return exec("PRAGMA max_page_count = " + std::to_string(pages));
}

std::string Database::cipherVersion() {
    sqlite3* handle = nullptr;
    std::string version;
    if (sqlite3_open_v2(":memory:", &handle, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK) {
        Database db(handle, ":memory:", false);
        if (auto text = db.queryText("PRAGMA cipher_version")) {
            version = *text;
        }
        return version;
    }
    sqlite3_close_v2(handle);
    return version;
}

core::Result<std::string> Database::queryText(const char* sql) {
    auto statement = prepare(sql);
    if (!statement) {
        return fail(statement.error());
    }
    auto row = statement->step();
    if (!row) {
        return fail(row.error());
    }
    if (!*row) {
        return std::string();
    }
    return statement->columnText(0);
}

} // namespace chive::storage
