#include "storage/Transaction.h"

#include "storage/Database.h"

#include <utility>

namespace chive::storage {

Transaction::Transaction(Database& db, bool nested) noexcept
    : m_db(&db)
    , m_nested(nested) {}

core::Result<Transaction> Transaction::begin(Database& db) {
    const bool nested = db.inTransaction();
    if (auto rc = db.exec(nested ? "SAVEPOINT chive_nested" : "BEGIN IMMEDIATE"); !rc) {
        return core::fail(rc.error());
    }
    return Transaction(db, nested);
}

Transaction::~Transaction() {
    if (m_db == nullptr) {
        return;
    }
    // After a failed statement SQLite may already have rolled back; then these
    // fail harmlessly.
    if (m_nested) {
        (void)m_db->exec("ROLLBACK TO chive_nested; RELEASE chive_nested");
    } else {
        (void)m_db->exec("ROLLBACK");
    }
}

Transaction::Transaction(Transaction&& other) noexcept
    : m_db(std::exchange(other.m_db, nullptr))
    , m_nested(other.m_nested) {}

core::Status Transaction::commit() {
    auto rc = m_db->exec(m_nested ? "RELEASE chive_nested" : "COMMIT");
    if (!rc) {
        return rc; // the destructor rolls back what is left
    }
    Database* db = std::exchange(m_db, nullptr);
    // The data is committed: a checkpoint that cannot run now (it only fails
    // on I/O errors) stays requested and is retried by the next commit and on
    // close, rather than reporting a committed write as failed.
    (void)db->runRequestedCheckpoint();
    return {};
}

} // namespace chive::storage
