#include "storage/Statement.h"

#include "storage/SqliteError.h"

#include <sqlite3.h>

#include <cstdint>
#include <utility>

namespace chive::storage {
namespace {

// SQLITE_TRANSIENT without its old-style cast: SQLite copies the bound
// value, so the caller's buffer may go away before the statement runs.
// NOLINTNEXTLINE(performance-no-int-to-ptr): SQLite's own sentinel value
const auto kTransient = reinterpret_cast<sqlite3_destructor_type>(static_cast<std::intptr_t>(-1));

} // namespace

Statement::Statement(sqlite3_stmt* statement, bool owned) noexcept
    : m_statement(statement)
    , m_owned(owned) {}

Statement::~Statement() {
    if (m_statement == nullptr) {
        return;
    }
    if (m_owned) {
        sqlite3_finalize(m_statement);
    } else {
        sqlite3_reset(m_statement);
        sqlite3_clear_bindings(m_statement);
    }
}

Statement::Statement(Statement&& other) noexcept
    : m_statement(std::exchange(other.m_statement, nullptr))
    , m_owned(other.m_owned)
    , m_bindError(other.m_bindError) {}

Statement& Statement::bind(int index, std::int64_t value) {
    const int rc = sqlite3_bind_int64(m_statement, index, value);
    if (rc != SQLITE_OK && m_bindError == 0) {
        m_bindError = rc;
    }
    return *this;
}

Statement& Statement::bind(int index, std::string_view text) {
    const int rc =
        sqlite3_bind_text64(m_statement, index, text.data(), text.size(), kTransient, SQLITE_UTF8);
    if (rc != SQLITE_OK && m_bindError == 0) {
        m_bindError = rc;
    }
    return *this;
}

Statement& Statement::bind(int index, std::span<const std::uint8_t> blob) {
    // A zero-length blob must still be a blob, not NULL: pass a valid pointer.
    static const std::uint8_t kEmpty = 0;
    const void* data = blob.empty() ? &kEmpty : blob.data();
    const int rc = sqlite3_bind_blob64(m_statement, index, data, blob.size(), kTransient);
    if (rc != SQLITE_OK && m_bindError == 0) {
        m_bindError = rc;
    }
    return *this;
}

Statement& Statement::bindNull(int index) {
    const int rc = sqlite3_bind_null(m_statement, index);
    if (rc != SQLITE_OK && m_bindError == 0) {
        m_bindError = rc;
    }
    return *this;
}

core::Result<bool> Statement::step() {
    if (m_bindError != 0) {
        return core::fail(sqliteError(m_bindError, "binding a query parameter"));
    }
    const int rc = sqlite3_step(m_statement);
    if (rc == SQLITE_ROW) {
        return true;
    }
    if (rc == SQLITE_DONE) {
        return false;
    }
    return core::fail(sqliteError(rc, "running a query"));
}

core::Status Statement::stepExpectingRow(const tl::unexpected<core::Error>& notFound) {
    auto row = step();
    if (!row) {
        return core::fail(row.error());
    }
    if (!*row) {
        return notFound;
    }
    return {};
}

core::Status Statement::runExpectingChange(const tl::unexpected<core::Error>& notFound) {
    if (auto rc = run(); !rc) {
        return rc;
    }
    if (sqlite3_changes64(sqlite3_db_handle(m_statement)) == 0) {
        return notFound;
    }
    return {};
}

core::Status Statement::run() {
    for (;;) {
        auto row = step();
        if (!row) {
            return core::fail(row.error());
        }
        if (!*row) {
            return {};
        }
    }
}

std::int64_t Statement::columnInt(int column) const {
    return sqlite3_column_int64(m_statement, column);
}

std::string Statement::columnText(int column) const {
    const auto* text = sqlite3_column_text(m_statement, column);
    const int size = sqlite3_column_bytes(m_statement, column);
    if (text == nullptr || size <= 0) {
        return {};
    }
    return {reinterpret_cast<const char*>(text), static_cast<std::size_t>(size)};
}

std::vector<std::uint8_t> Statement::columnBlob(int column) const {
    const auto view = columnBlobView(column);
    return {view.begin(), view.end()};
}

std::span<const std::uint8_t> Statement::columnBlobView(int column) const {
    const auto* data = static_cast<const std::uint8_t*>(sqlite3_column_blob(m_statement, column));
    const int size = sqlite3_column_bytes(m_statement, column);
    if (data == nullptr || size <= 0) {
        return {};
    }
    return {data, static_cast<std::size_t>(size)};
}

bool Statement::columnIsNull(int column) const {
    return sqlite3_column_type(m_statement, column) == SQLITE_NULL;
}

} // namespace chive::storage
