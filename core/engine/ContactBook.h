#pragma once

// ContactBook: the engine's contacts in memory (ContactRuntime records) and
// the commands that concern one contact's data rather than its connection:
// listing, renaming, verifying, the safety number, queueing and reading
// messages, unread counts. It also turns what the delivery layer reports
// (stored, sent, delivered) into MessengerListener events, keeping each
// message's reported state moving forward only: Queued -> Sent -> Delivered,
// each once, also when an ACK overtakes the report that the message was
// written.
//
// Ownership: owns the records, indexed by contact id and by the public key
// of our per-contact service (to route inbound streams). Engine thread
// only; every store access is a StoreExecutor round trip from here.
//
// Limits: unread counts are computed at start from the newest
// kUnreadScanLimit messages of each conversation (more is shown as that
// many) and kept up to date after that.

#include "core/Result.h"
#include "core/StrongId.h"
#include "core/engine/ContactRuntime.h"
#include "core/engine/EngineContext.h"
#include "core/protocol/ContactBundle.h"
#include "core/protocol/ContactKeys.h"
#include "core/store/StoredMessage.h"

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chive::core {

class ContactBook {
public:
    static constexpr std::size_t kMaxAliasLength = 256;
    static constexpr std::size_t kUnreadScanLimit = 1000;
    static constexpr std::size_t kMaxPageLength = 1000;

    explicit ContactBook(EngineContext& context);

    // Reads every contact from the store. A contact whose stored keys or
    // bundle cannot be read is reported through onError and left out (it
    // stays in the store untouched).
    Status load();

    // InvalidArgument unless 1..kMaxAliasLength bytes of UTF-8 without
    // control characters.
    static Status checkAlias(std::string_view alias);

    ContactRuntime* find(ContactId id);
    ContactRuntime* findByService(const Ed25519PublicKey& ownService);
    std::map<ContactId, ContactRuntime>& all() noexcept { return m_contacts; }
    [[nodiscard]] std::size_t size() const noexcept { return m_contacts.size(); }

    // A contact just stored by the contact exchange.
    ContactRuntime& add(ContactId id, std::string alias, ContactState state, ContactKeys keys,
                        const ContactBundle& peer);
    // Forgets the record (the caller has stopped its connection).
    void erase(ContactId id);

    // Emits onContactChanged for the record.
    void changed(const ContactRuntime& contact);

    [[nodiscard]] std::vector<ContactView> list() const;
    Result<ContactView> view(ContactId id);
    Status rename(ContactId id, std::string_view alias);
    Result<std::string> safetyNumber(ContactId id);
    Status setVerified(ContactId id, bool verified);

    // Stores the message (Queued, in the outbox) and tracks its state.
    Result<StoredMessage> queueMessage(ContactId id, std::string_view text);
    Result<std::vector<StoredMessage>> history(ContactId id, std::optional<MessageRowId> before,
                                               std::size_t limit);
    Result<std::vector<StoredMessage>> search(std::string_view query,
                                              std::optional<ContactId> contact, std::size_t limit);
    Status markRead(ContactId id);
    Status deleteMessage(MessageRowId row);
    Status deleteConversation(ContactId id);

    // From the delivery layer (ContactSession events).
    void onReceived(const StoredMessage& message);
    void onSent(ContactId id, const std::vector<MessageId>& ids);
    void onDelivered(ContactId id, MessageId message);

private:
    Result<ContactRuntime*> require(ContactId id);
    // Re-reads unread count and last activity of one conversation.
    Status refreshConversation(ContactRuntime& contact);

    EngineContext& m_context;
    std::map<ContactId, ContactRuntime> m_contacts;
    std::map<Ed25519PublicKey, ContactId> m_byService;
};

} // namespace chive::core
