#include "core/engine/ExchangedContacts.h"

#include "core/engine/EngineSettings.h"
#include "core/session/DuplicateSessionRule.h"

#include <array>
#include <optional>
#include <utility>

namespace chive::core {

ExchangedContacts::ExchangedContacts(EngineContext& context, ContactBook& book,
                                     ConnectionManager& connections)
    : m_context(context)
    , m_book(book)
    , m_connections(connections) {}

std::vector<X25519PublicKey> ExchangedContacts::linkKeys(const InvitationRuntime& invitation) {
    std::vector<X25519PublicKey> keys{invitation.ownKey};
    if (invitation.peerKey) {
        keys.push_back(*invitation.peerKey);
    }
    return keys;
}

Status ExchangedContacts::retire(ProfileStore& store, InvitationId invitation,
                                 std::span<const X25519PublicKey> usedKeys) {
    if (auto removed = store.invitations().remove(invitation); !removed) {
        return removed;
    }
    if (auto cleared = EngineSettings::clearPendingContact(store.settings(), invitation);
        !cleared) {
        return cleared;
    }
    return EngineSettings::addUsedLinkKeys(store.settings(), usedKeys);
}

Result<ContactId>
ExchangedContacts::addContact(const InvitationRuntime& invitation, ContactState state,
                              const ExchangeResult& result, const SecureBuffer& secret,
                              const std::function<Status(ProfileStore&, ContactId)>& alsoInStore) {
    const auto now = m_context.now();
    return m_context.store.call<ContactId>([&](ProfileStore& store) {
        Result<ContactId> added = fail(ErrorCode::Internal, "not stored");
        auto done = store.transaction([&]() -> Status {
            added = store.contacts().add(
                NewContact{invitation.alias, state, result.peerBundleBytes}, secret.span(), now);
            if (!added) {
                return fail(added.error());
            }
            return alsoInStore(store, *added);
        });
        if (!done) {
            return Result<ContactId>(fail(done.error()));
        }
        return added;
    });
}

void ExchangedContacts::replacePeer(ContactRuntime& contact, const ContactBundle& bundle) {
    m_connections.withdraw(contact);
    contact.peer = bundle;
    contact.clientAuthRegistered = false;
    m_connections.announce(contact, ServicePublisher::Priority::newContact());
    m_connections.connectNow(contact);
}

Status ExchangedContacts::confirm(InvitationRuntime& invitation, const ExchangeResult& result) {
    const auto id = invitation.id;
    const auto now = m_context.now();
    const std::array<X25519PublicKey, 2> usedKeys{invitation.ownKey, *invitation.peerKey};
    auto* pending = invitation.pendingContact ? m_book.find(*invitation.pendingContact) : nullptr;
    if (pending != nullptr) {
        const bool changedBundle = pending->peer != result.peerBundle;
        const auto contactId = pending->id;
        auto stored = m_context.store.run([&](ProfileStore& store) {
            return store.transaction([&]() -> Status {
                if (changedBundle) {
                    if (auto set =
                            store.contacts().setPeerData(contactId, result.peerBundleBytes, now);
                        !set) {
                        return set;
                    }
                }
                if (auto set = store.contacts().setState(contactId, ContactState::Connected, now);
                    !set) {
                    return set;
                }
                return retire(store, id, usedKeys);
            });
        });
        if (!stored) {
            return stored;
        }
        if (changedBundle) {
            replacePeer(*pending, result.peerBundle);
        }
        pending->state = ContactState::Connected;
        m_book.changed(*pending);
        return {};
    }
    auto secret = invitation.secrets->keys().serialize();
    auto contactId =
        addContact(invitation, ContactState::Connected, result, secret,
                   [&](ProfileStore& store, ContactId /*contact*/) -> Status {
                       if (auto removed = store.invitations().remove(id); !removed) {
                           return removed;
                       }
                       return EngineSettings::addUsedLinkKeys(store.settings(), usedKeys);
                   });
    if (!contactId) {
        return fail(contactId.error());
    }
    auto& contact = m_book.add(*contactId, invitation.alias, ContactState::Connected,
                               std::move(*invitation.secrets).takeKeys(), result.peerBundle);
    invitation.secrets.reset();
    m_connections.announce(contact, ServicePublisher::Priority::newContact());
    // Both sides would connect at once and settle on one session by the
    // duplicate rule; the side whose session survives goes first, the
    // other waits one retry interval for it.
    if (DuplicateSessionRule::preferredRole(contact.keys.staticKey().publicKey(),
                                            contact.peer.staticKey) == HandshakeRole::Initiator) {
        m_connections.connectNow(contact);
    } else {
        m_connections.connectAfter(contact, m_context.options.retryInitial);
    }
    m_book.changed(contact);
    return {};
}

Status ExchangedContacts::keepPending(InvitationRuntime& invitation, const ExchangeResult& result) {
    const auto id = invitation.id;
    if (invitation.pendingContact) {
        auto* pending = m_book.find(*invitation.pendingContact);
        if (pending == nullptr || pending->peer == result.peerBundle) {
            return {};
        }
        const auto contactId = pending->id;
        const auto now = m_context.now();
        auto stored = m_context.store.run([&](ProfileStore& store) {
            return store.contacts().setPeerData(contactId, result.peerBundleBytes, now);
        });
        if (!stored) {
            return stored;
        }
        replacePeer(*pending, result.peerBundle);
        return {};
    }
    auto secret = invitation.secrets->keys().serialize();
    auto contactId =
        addContact(invitation, ContactState::Pending, result, secret,
                   [&](ProfileStore& store, ContactId contact) {
                       return EngineSettings::setPendingContact(store.settings(), id, contact);
                   });
    if (!contactId) {
        return fail(contactId.error());
    }
    // The invitation keeps its copy of the keys for a retried exchange.
    auto keys = ContactKeys::parse(secret.span());
    if (!keys) {
        return fail(keys.error());
    }
    auto& contact = m_book.add(*contactId, invitation.alias, ContactState::Pending,
                               std::move(*keys), result.peerBundle);
    invitation.pendingContact = contact.id;
    m_connections.announce(contact, ServicePublisher::Priority::newContact());
    m_connections.connectNow(contact);
    m_book.changed(contact);
    return {};
}

Status ExchangedContacts::promote(ContactRuntime& contact, const InvitationRuntime* invitation) {
    const auto now = m_context.now();
    const auto contactId = contact.id;
    std::optional<InvitationId> invitationId;
    std::vector<X25519PublicKey> usedKeys;
    if (invitation != nullptr) {
        invitationId = invitation->id;
        usedKeys = linkKeys(*invitation);
    }
    auto stored = m_context.store.run([&](ProfileStore& store) {
        return store.transaction([&]() -> Status {
            if (auto set = store.contacts().setState(contactId, ContactState::Connected, now);
                !set) {
                return set;
            }
            if (!invitationId) {
                return {};
            }
            return retire(store, *invitationId, usedKeys);
        });
    });
    if (!stored) {
        return stored;
    }
    contact.state = ContactState::Connected;
    m_book.changed(contact);
    return {};
}

} // namespace chive::core
