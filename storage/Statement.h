#pragma once

// Statement: a prepared SQLite statement with typed bind and column helpers.
//
// Ownership: either owns its sqlite3_stmt (finalized on destruction) or
// borrows one from Database's statement cache (reset and unbound on
// destruction, so that no read transaction stays open). Never outlives the
// Database it came from; used only on the thread that owns that Database.

#include "core/Result.h"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3_stmt;

namespace chive::storage {

class Statement {
public:
    Statement(sqlite3_stmt* statement, bool owned) noexcept;
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&& other) = delete;

    // Parameters are 1-based, as in SQLite.
    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, std::string_view text);
    Statement& bind(int index, std::span<const std::uint8_t> blob);
    Statement& bindNull(int index);

    // Advances: true when a row is available, false when done.
    core::Result<bool> step();
    // Steps to completion; for statements that return no rows.
    core::Status run();
    // Steps once, for a lookup that must find a row: the row is then readable
    // through the column accessors; no row gives `notFound`.
    core::Status stepExpectingRow(const tl::unexpected<core::Error>& notFound);
    // Runs to completion, for a write that must change at least one row:
    // none changed gives `notFound`.
    core::Status runExpectingChange(const tl::unexpected<core::Error>& notFound);

    [[nodiscard]] std::int64_t columnInt(int column) const;
    [[nodiscard]] std::string columnText(int column) const;
    [[nodiscard]] std::vector<std::uint8_t> columnBlob(int column) const;
    [[nodiscard]] std::span<const std::uint8_t> columnBlobView(int column) const;
    [[nodiscard]] bool columnIsNull(int column) const;

private:
    sqlite3_stmt* m_statement;
    bool m_owned;
    // The first bind error, reported by step(): keeps call sites chainable.
    int m_bindError = 0;
};

} // namespace chive::storage
