#pragma once

// MessageRepository: conversations, their delivery states and full-text
// search. Thread contract: see SettingsRepository.h.
//
// Pages are returned oldest first (the order a conversation is shown in);
// paging backwards passes the oldest row of the previous page as `before`.

#include "core/Result.h"
#include "core/store/StoredMessage.h"

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

namespace chive::core {

class MessageRepository {
public:
    MessageRepository() = default;
    virtual ~MessageRepository() = default;
    MessageRepository(const MessageRepository&) = delete;
    MessageRepository& operator=(const MessageRepository&) = delete;
    MessageRepository(MessageRepository&&) = delete;
    MessageRepository& operator=(MessageRepository&&) = delete;

    // Stores an outgoing message under the contact's next message id and puts
    // it in the outbox, both or neither.
    virtual Result<StoredMessage> addOutgoing(ContactId contact, std::string_view body,
                                              Timestamp now) = 0;
    // Stores a message received from `contact`. Returns std::nullopt when a
    // message with this id from this contact is already stored (a resend whose
    // acknowledgement was lost): the caller acknowledges again and shows
    // nothing new.
    virtual Result<std::optional<StoredMessage>> addIncoming(ContactId contact, MessageId id,
                                                             std::string_view body,
                                                             Timestamp sentAt, Timestamp now) = 0;

    virtual Result<StoredMessage> get(MessageRowId row) = 0;
    virtual Result<std::vector<StoredMessage>> latest(ContactId contact, std::size_t limit) = 0;
    virtual Result<std::vector<StoredMessage>> before(ContactId contact, MessageRowId before,
                                                      std::size_t limit) = 0;
    virtual Result<std::size_t> count(ContactId contact) = 0;

    // Queued -> Sent. Leaves the message in the outbox until delivered.
    virtual Status markSent(MessageRowId row) = 0;
    // The contact acknowledged our message `id`: Delivered, and out of the
    // outbox. Acknowledging twice is harmless; an unknown id is NotFound.
    virtual Status markDelivered(ContactId contact, MessageId id) = 0;

    // Words of `query` must all occur (prefix match on the last one is not
    // implied); newest matches first. `contact` restricts to one conversation.
    virtual Result<std::vector<StoredMessage>>
    search(std::string_view query, std::optional<ContactId> contact, std::size_t limit) = 0;

    // Both remove the text from the search index too and leave no trace in
    // the profile's files.
    virtual Status remove(MessageRowId row) = 0;
    virtual Status removeConversation(ContactId contact) = 0;
};

} // namespace chive::core
