#include "core/engine/ContactBook.h"

#include "core/engine/EngineSettings.h"
#include "core/protocol/MessageRecord.h"
#include "core/protocol/SafetyNumber.h"
#include "core/protocol/Utf8.h"

#include <algorithm>
#include <utility>

namespace chive::core {

namespace {

struct LoadedContact {
    Contact contact;
    SecureBuffer secretKeys;
    std::optional<MessageRowId> lastRead;
    std::optional<Timestamp> lastSeen;
    std::uint32_t unread = 0;
    std::optional<Timestamp> lastActivity;
    std::vector<std::pair<OutboxEntry, DeliveryState>> outbox;
};

struct Conversation {
    std::uint32_t unread = 0;
    std::optional<Timestamp> lastActivity;
};

Result<Conversation> readConversation(ProfileStore& store, ContactId id,
                                      std::optional<MessageRowId> lastRead) {
    auto recent = store.messages().latest(id, ContactBook::kUnreadScanLimit);
    if (!recent) {
        return fail(recent.error());
    }
    Conversation out;
    for (const auto& message : *recent) {
        if (message.direction == MessageDirection::Incoming &&
            (!lastRead || message.rowId > *lastRead)) {
            ++out.unread;
        }
    }
    if (!recent->empty()) {
        out.lastActivity = recent->back().storedAt;
    }
    return out;
}

Result<LoadedContact> loadOne(ProfileStore& store, const Contact& contact) {
    LoadedContact out{contact, {}, {}, {}, 0, {}, {}};
    auto secret = store.contacts().secretKeys(contact.id);
    if (!secret) {
        return fail(secret.error());
    }
    out.secretKeys = std::move(*secret);
    auto lastRead = EngineSettings::lastRead(store.settings(), contact.id);
    auto lastSeen = EngineSettings::lastSeen(store.settings(), contact.id);
    if (!lastRead || !lastSeen) {
        return fail(!lastRead ? lastRead.error() : lastSeen.error());
    }
    out.lastRead = *lastRead;
    out.lastSeen = *lastSeen;
    auto conversation = readConversation(store, contact.id, out.lastRead);
    if (!conversation) {
        return fail(conversation.error());
    }
    out.unread = conversation->unread;
    out.lastActivity = conversation->lastActivity;
    auto outbox = store.outbox().forContact(contact.id);
    if (!outbox) {
        return fail(outbox.error());
    }
    for (const auto& entry : *outbox) {
        auto message = store.messages().get(entry.message);
        if (!message) {
            return fail(message.error());
        }
        out.outbox.emplace_back(entry, message->delivery);
    }
    return out;
}

} // namespace

ContactBook::ContactBook(EngineContext& context)
    : m_context(context) {}

Status ContactBook::checkAlias(std::string_view alias) {
    if (alias.empty() || alias.size() > kMaxAliasLength) {
        return fail(ErrorCode::InvalidArgument,
                    "a name must have 1 to " + std::to_string(kMaxAliasLength) + " bytes");
    }
    if (findInvalidUtf8(alias)) {
        return fail(ErrorCode::InvalidArgument, "a name must be UTF-8 text");
    }
    if (std::any_of(alias.begin(), alias.end(),
                    [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; })) {
        return fail(ErrorCode::InvalidArgument, "a name must not contain control characters");
    }
    return {};
}

Status ContactBook::load() {
    auto loaded = m_context.store.call<std::vector<LoadedContact>>(
        [](ProfileStore& store) -> Result<std::vector<LoadedContact>> {
            auto contacts = store.contacts().list();
            if (!contacts) {
                return fail(contacts.error());
            }
            std::vector<LoadedContact> out;
            out.reserve(contacts->size());
            for (const auto& contact : *contacts) {
                auto one = loadOne(store, contact);
                if (!one) {
                    return fail(one.error());
                }
                out.push_back(std::move(*one));
            }
            return out;
        });
    if (!loaded) {
        return fail(loaded.error());
    }
    for (auto& item : *loaded) {
        auto keys = ContactKeys::parse(item.secretKeys.span());
        auto peer = ContactBundle::parse(item.contact.peerData);
        if (!keys || !peer) {
            const Error& cause = !keys ? keys.error() : peer.error();
            m_context.listener.onError(
                Error{cause.code, "contact \"" + item.contact.alias +
                                      "\" cannot be used: its stored keys are damaged (" +
                                      cause.message + ")"});
            continue;
        }
        auto& contact =
            add(item.contact.id, item.contact.alias, item.contact.state, std::move(*keys), *peer);
        contact.verification = item.contact.verification;
        contact.lastRead = item.lastRead;
        contact.lastSeen = item.lastSeen;
        contact.unread = item.unread;
        contact.lastActivity = item.lastActivity;
        for (const auto& [entry, state] : item.outbox) {
            contact.outgoing[entry.id] = ContactRuntime::Outgoing{entry.message, state};
        }
    }
    return {};
}

ContactRuntime* ContactBook::find(ContactId id) {
    const auto found = m_contacts.find(id);
    return found == m_contacts.end() ? nullptr : &found->second;
}

ContactRuntime* ContactBook::findByService(const Ed25519PublicKey& ownService) {
    const auto found = m_byService.find(ownService);
    return found == m_byService.end() ? nullptr : find(found->second);
}

Result<ContactRuntime*> ContactBook::require(ContactId id) {
    auto* contact = find(id);
    if (contact == nullptr) {
        return fail(ErrorCode::NotFound, "no such contact");
    }
    return contact;
}

ContactRuntime& ContactBook::add(ContactId id, std::string alias, ContactState state,
                                 ContactKeys keys, const ContactBundle& peer) {
    const auto& options = m_context.options;
    Backoff backoff(options.retryInitial, options.retryMaximum, options.retryJitterPercent);
    const auto service = keys.servicePublicKey();
    auto [it, inserted] =
        m_contacts.try_emplace(id, m_context.serial(), id, std::move(keys), peer, backoff);
    it->second.alias = std::move(alias);
    it->second.state = state;
    m_byService[service] = id;
    return it->second;
}

void ContactBook::erase(ContactId id) {
    auto* contact = find(id);
    if (contact == nullptr) {
        return;
    }
    m_byService.erase(contact->keys.servicePublicKey());
    m_contacts.erase(id);
}

void ContactBook::changed(const ContactRuntime& contact) {
    m_context.listener.onContactChanged(contact.view());
}

std::vector<ContactView> ContactBook::list() const {
    std::vector<ContactView> out;
    out.reserve(m_contacts.size());
    for (const auto& [id, contact] : m_contacts) {
        out.push_back(contact.view());
    }
    // The store's order: by alias, then id.
    std::sort(out.begin(), out.end(), [](const ContactView& a, const ContactView& b) {
        return a.alias != b.alias ? a.alias < b.alias : a.id < b.id;
    });
    return out;
}

Result<ContactView> ContactBook::view(ContactId id) {
    auto contact = require(id);
    if (!contact) {
        return fail(contact.error());
    }
    return (*contact)->view();
}

Status ContactBook::rename(ContactId id, std::string_view alias) {
    auto contact = require(id);
    if (!contact) {
        return fail(contact.error());
    }
    if (auto valid = checkAlias(alias); !valid) {
        return valid;
    }
    const auto now = m_context.now();
    auto renamed = m_context.store.run(
        [&](ProfileStore& store) { return store.contacts().rename(id, alias, now); });
    if (!renamed) {
        return renamed;
    }
    (*contact)->alias = std::string(alias);
    changed(**contact);
    return {};
}

Result<std::string> ContactBook::safetyNumber(ContactId id) {
    auto contact = require(id);
    if (!contact) {
        return fail(contact.error());
    }
    return SafetyNumber::compute((*contact)->keys.staticKey().publicKey(),
                                 (*contact)->peer.staticKey)
        .toString();
}

Status ContactBook::setVerified(ContactId id, bool verified) {
    auto contact = require(id);
    if (!contact) {
        return fail(contact.error());
    }
    const auto state = verified ? VerificationState::Verified : VerificationState::Unverified;
    const auto now = m_context.now();
    auto stored = m_context.store.run(
        [&](ProfileStore& store) { return store.contacts().setVerification(id, state, now); });
    if (!stored) {
        return stored;
    }
    (*contact)->verification = state;
    changed(**contact);
    return {};
}

Result<StoredMessage> ContactBook::queueMessage(ContactId id, std::string_view text) {
    auto contact = require(id);
    if (!contact) {
        return fail(contact.error());
    }
    if ((*contact)->state == ContactState::Blocked) {
        return fail(ErrorCode::InvalidArgument, "this contact is blocked");
    }
    if (auto valid = MessageRecord::checkText(text); !valid) {
        return fail(valid.error());
    }
    const auto now = m_context.now();
    auto stored = m_context.store.call<StoredMessage>(
        [&](ProfileStore& store) { return store.messages().addOutgoing(id, text, now); });
    if (!stored) {
        return stored;
    }
    (*contact)->outgoing[stored->id] = ContactRuntime::Outgoing{stored->rowId, stored->delivery};
    (*contact)->lastActivity = stored->storedAt;
    changed(**contact);
    return stored;
}

Result<std::vector<StoredMessage>>
ContactBook::history(ContactId id, std::optional<MessageRowId> before, std::size_t limit) {
    if (auto contact = require(id); !contact) {
        return fail(contact.error());
    }
    limit = std::clamp<std::size_t>(limit, 1, kMaxPageLength);
    return m_context.store.call<std::vector<StoredMessage>>(
        [&](ProfileStore& store) -> Result<std::vector<StoredMessage>> {
            if (before) {
                return store.messages().before(id, *before, limit);
            }
            return store.messages().latest(id, limit);
        });
}

Result<std::vector<StoredMessage>>
ContactBook::search(std::string_view query, std::optional<ContactId> contact, std::size_t limit) {
    if (contact) {
        if (auto known = require(*contact); !known) {
            return fail(known.error());
        }
    }
    limit = std::clamp<std::size_t>(limit, 1, kMaxPageLength);
    return m_context.store.call<std::vector<StoredMessage>>(
        [&](ProfileStore& store) { return store.messages().search(query, contact, limit); });
}

Status ContactBook::markRead(ContactId id) {
    auto contact = require(id);
    if (!contact) {
        return fail(contact.error());
    }
    auto newest = m_context.store.call<std::optional<MessageRowId>>(
        [&](ProfileStore& store) -> Result<std::optional<MessageRowId>> {
            auto latest = store.messages().latest(id, 1);
            if (!latest) {
                return fail(latest.error());
            }
            if (latest->empty()) {
                return std::optional<MessageRowId>();
            }
            const auto row = latest->back().rowId;
            if (auto set = EngineSettings::setLastRead(store.settings(), id, row); !set) {
                return fail(set.error());
            }
            return std::optional<MessageRowId>(row);
        });
    if (!newest) {
        return fail(newest.error());
    }
    if (*newest) {
        (*contact)->lastRead = *newest;
    }
    if ((*contact)->unread != 0) {
        (*contact)->unread = 0;
        changed(**contact);
    }
    return {};
}

Status ContactBook::refreshConversation(ContactRuntime& contact) {
    const auto id = contact.id;
    const auto lastRead = contact.lastRead;
    auto conversation = m_context.store.call<Conversation>(
        [&](ProfileStore& store) { return readConversation(store, id, lastRead); });
    if (!conversation) {
        return fail(conversation.error());
    }
    contact.unread = conversation->unread;
    contact.lastActivity = conversation->lastActivity;
    return {};
}

Status ContactBook::deleteMessage(MessageRowId row) {
    auto message =
        m_context.store.call<StoredMessage>([&](ProfileStore& store) -> Result<StoredMessage> {
            auto found = store.messages().get(row);
            if (!found) {
                return found;
            }
            if (auto removed = store.messages().remove(row); !removed) {
                return fail(removed.error());
            }
            return found;
        });
    if (!message) {
        return fail(message.error());
    }
    auto* contact = find(message->contact);
    if (contact == nullptr) {
        return {};
    }
    if (message->direction == MessageDirection::Outgoing) {
        contact->outgoing.erase(message->id);
    }
    auto refreshed = refreshConversation(*contact);
    changed(*contact);
    return refreshed;
}

Status ContactBook::deleteConversation(ContactId id) {
    auto contact = require(id);
    if (!contact) {
        return fail(contact.error());
    }
    auto removed = m_context.store.run(
        [&](ProfileStore& store) { return store.messages().removeConversation(id); });
    if (!removed) {
        return removed;
    }
    (*contact)->outgoing.clear();
    (*contact)->unread = 0;
    (*contact)->lastActivity.reset();
    changed(**contact);
    return {};
}

void ContactBook::onReceived(const StoredMessage& message) {
    auto* contact = find(message.contact);
    if (contact == nullptr) {
        return;
    }
    ++contact->unread;
    contact->lastActivity = message.storedAt;
    m_context.listener.onMessageReceived(message);
    changed(*contact);
}

void ContactBook::onSent(ContactId id, const std::vector<MessageId>& ids) {
    auto* contact = find(id);
    if (contact == nullptr) {
        return;
    }
    for (const auto message : ids) {
        const auto found = contact->outgoing.find(message);
        if (found != contact->outgoing.end() && found->second.reported == DeliveryState::Queued) {
            found->second.reported = DeliveryState::Sent;
            m_context.listener.onMessageStateChanged(id, found->second.row, DeliveryState::Sent);
        }
    }
}

void ContactBook::onDelivered(ContactId id, MessageId message) {
    auto* contact = find(id);
    if (contact == nullptr) {
        return;
    }
    const auto found = contact->outgoing.find(message);
    if (found == contact->outgoing.end()) {
        return;
    }
    const auto row = found->second.row;
    if (found->second.reported == DeliveryState::Queued) {
        m_context.listener.onMessageStateChanged(id, row, DeliveryState::Sent);
    }
    contact->outgoing.erase(found);
    m_context.listener.onMessageStateChanged(id, row, DeliveryState::Delivered);
}

} // namespace chive::core
