#pragma once

// SqlMessageRepository: core::MessageRepository on the messages, outbox and
// messages_fts tables. Owned by ProfileDatabase; uses its Database on the
// owning thread only.
//
// Paging is keyset pagination on (contact_id, row_id), an index: the cost of
// a page does not grow with the depth of the history.

#include "core/store/MessageRepository.h"

namespace chive::storage {

class Database;
class Statement;

class SqlMessageRepository final : public core::MessageRepository {
public:
    explicit SqlMessageRepository(Database& db) noexcept
        : m_db(db) {}

    core::Result<core::StoredMessage> addOutgoing(core::ContactId contact, std::string_view body,
                                                  core::Timestamp now) override;
    core::Result<std::optional<core::StoredMessage>>
    addIncoming(core::ContactId contact, core::MessageId id, std::string_view body,
                core::Timestamp sentAt, core::Timestamp now) override;
    core::Result<core::StoredMessage> get(core::MessageRowId row) override;
    core::Result<std::vector<core::StoredMessage>> latest(core::ContactId contact,
                                                          std::size_t limit) override;
    core::Result<std::vector<core::StoredMessage>>
    before(core::ContactId contact, core::MessageRowId before, std::size_t limit) override;
    core::Result<std::size_t> count(core::ContactId contact) override;
    core::Status markSent(core::MessageRowId row) override;
    core::Status markDelivered(core::ContactId contact, core::MessageId id) override;
    core::Result<std::vector<core::StoredMessage>> search(std::string_view query,
                                                          std::optional<core::ContactId> contact,
                                                          std::size_t limit) override;
    core::Status remove(core::MessageRowId row) override;
    core::Status removeConversation(core::ContactId contact) override;

private:
    static core::Result<core::StoredMessage> readMessage(const Statement& row);
    // Reads every row of `statement`; `reverse` turns newest-first into the
    // oldest-first order of a page.
    static core::Result<std::vector<core::StoredMessage>> readAll(Statement& statement,
                                                                  bool reverse);

    Database& m_db;
};

} // namespace chive::storage
