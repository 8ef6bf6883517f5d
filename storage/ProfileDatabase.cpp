#include "storage/ProfileDatabase.h"

#include "storage/Schema.h"
#include "storage/Transaction.h"

namespace chive::storage {

ProfileDatabase::ProfileDatabase(std::unique_ptr<Database> db) noexcept
    : m_db(std::move(db))
    , m_settings(*m_db)
    , m_contacts(*m_db)
    , m_invitations(*m_db)
    , m_messages(*m_db)
    , m_outbox(*m_db) {}

core::Result<std::unique_ptr<ProfileDatabase>>
ProfileDatabase::open(const std::filesystem::path& path, std::span<const std::uint8_t> key,
                      Database::OpenMode mode) {
    auto db = Database::open(path, key, mode);
    if (!db) {
        return core::fail(db.error());
    }
    if (auto rc = Schema::migrate(**db); !rc) {
        return core::fail(rc.error());
    }
    return std::unique_ptr<ProfileDatabase>(new ProfileDatabase(std::move(*db)));
}

core::Status ProfileDatabase::transaction(const std::function<core::Status()>& work) {
    auto transaction = Transaction::begin(*m_db);
    if (!transaction) {
        return core::fail(transaction.error());
    }
    if (auto rc = work(); !rc) {
        return rc; // rolled back by the Transaction
    }
    return transaction->commit();
}

} // namespace chive::storage
