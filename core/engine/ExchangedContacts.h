#pragma once

// ExchangedContacts: what a contact exchange leaves behind, in the store and
// in the ContactBook (doc/design.md, "Messenger engine"). InvitationManager
// keeps the invitations and their rendezvous; this class turns an
// exchange's result into a contact and starts its connection:
//
//  - confirm(): the contact as Connected (a new one, or the invitation's
//    Pending one with the peer's latest bundle), the invitation's row
//    removed and both link keys recorded as used, in one store transaction.
//  - keepPending(): the peer's bundle came but its CONFIRM did not: the
//    contact as Pending, remembered with the invitation, so that a retried
//    exchange or the first session on the exchanged keys finishes it.
//  - promote(): that first session came: the Pending contact becomes
//    Connected and its invitation (if still there) is retired.
//
// Each leaves the invitation's record to the caller, which withdraws its
// rendezvous and forgets it where the invitation is done.
//
// Ownership: owns nothing; the context, book and connections outlive it.
// Engine thread only.

#include "core/Result.h"
#include "core/StrongId.h"
#include "core/engine/ConnectionManager.h"
#include "core/engine/ContactBook.h"
#include "core/engine/ContactRuntime.h"
#include "core/engine/EngineContext.h"
#include "core/engine/InvitationRuntime.h"
#include "core/protocol/ContactExchange.h"
#include "core/store/ProfileStore.h"

#include <functional>
#include <span>
#include <vector>

namespace chive::core {

class ExchangedContacts {
public:
    ExchangedContacts(EngineContext& context, ContactBook& book, ConnectionManager& connections);

    // The invitation must have its peer's key and its secrets.
    Status confirm(InvitationRuntime& invitation, const ExchangeResult& result);
    // The invitation must have its secrets; it keeps them for a retry.
    Status keepPending(InvitationRuntime& invitation, const ExchangeResult& result);
    // `invitation` is the one that made `contact`, or null if it is gone.
    Status promote(ContactRuntime& contact, const InvitationRuntime* invitation);

    // The handshake keys of an invitation, ours and (once entered) the
    // peer's: recorded as used when it ends, so its links are refused after.
    static std::vector<X25519PublicKey> linkKeys(const InvitationRuntime& invitation);
    // Within a store transaction: removes the invitation's row and its
    // Pending contact entry, and records `usedKeys`.
    static Status retire(ProfileStore& store, InvitationId invitation,
                         std::span<const X25519PublicKey> usedKeys);

private:
    // Stores a new contact with the invitation's alias and our keys for it,
    // and runs `alsoInStore` with its id in the same transaction.
    Result<ContactId>
    addContact(const InvitationRuntime& invitation, ContactState state,
               const ExchangeResult& result, const SecureBuffer& secret,
               const std::function<Status(ProfileStore&, ContactId)>& alsoInStore);
    // The peer sent another bundle than the one we hold (it made new keys
    // in a retried exchange): its service and connection start over.
    void replacePeer(ContactRuntime& contact, const ContactBundle& bundle);

    EngineContext& m_context;
    ContactBook& m_book;
    ConnectionManager& m_connections;
};

} // namespace chive::core
