#pragma once

// Transaction: all or nothing. The outermost one is BEGIN IMMEDIATE (takes
// the write lock up front, so it never fails half-way on a lock upgrade);
// one begun inside another is a SAVEPOINT, so repository methods that need a
// transaction also work inside ProfileStore::transaction. Rolls back on
// destruction unless commit() succeeded. Lives on the Database's thread,
// within one scope.

#include "core/Result.h"

namespace chive::storage {

class Database;

class Transaction {
public:
    static core::Result<Transaction> begin(Database& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    Transaction(Transaction&& other) noexcept;
    Transaction& operator=(Transaction&&) = delete;

    // The outermost commit also runs a checkpoint that a deletion requested
    // (Database::requestCheckpoint).
    core::Status commit();

private:
    Transaction(Database& db, bool nested) noexcept;

    Database* m_db;
    bool m_nested;
};

} // namespace chive::storage
