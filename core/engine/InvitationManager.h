#pragma once

// InvitationManager: invitations and the contact exchange (doc/protocol.md,
// "Rendezvous", "Contact exchange"; doc/design.md, "Messenger engine").
//
//  - create(): a fresh Invitation (handshake key pair), stored with its
//    secret and a 7-day expiry.
//  - enterPeerLink(): parses and checks the peer's link (own link, already
//    used), derives the Rendezvous at once (so a bad key fails the command),
//    stores the link, and announces the rendezvous: the publisher publishes
//    the rendezvous service authorized for the derived client-auth key; the
//    connector registers the derived client-auth private key and connects
//    (connect pool) with retries until the invitation expires.
//  - The exchange (ContactExchange::run) runs on a worker; the publisher
//    runs it on each stream that reaches the rendezvous service (at most
//    kMaxInboundExchanges at once; others are closed).
//  - Confirmed: the contact is stored (fresh ContactKeys, the peer's
//    bundle) as Connected, the invitation removed and both handshake keys
//    recorded as used, in one store transaction; then the contact's service
//    is published and its client-auth key registered, and the rendezvous is
//    withdrawn. ExchangedContacts does the storing, here and below.
//  - Unconfirmed (the peer's bundle came, its CONFIRM did not): the contact
//    is stored as Pending with the same keys, the rendezvous stays for a
//    retry, and the first session on the exchanged keys promotes it.
//  - Expiry: a sweep every expirySweepInterval removes invitations whose
//    time has come (onInvitationRemoved), withdrawing their rendezvous; a
//    Pending contact goes with its invitation (expired or cancelled).
//  - Our ContactKeys for the relationship are made with the invitation and
//    stored with its secret (InvitationSecrets), so every attempt sends the
//    same bundle, also after a restart.
//
// Ownership: owns the InvitationRuntime records. Engine thread only.

#include "core/Result.h"
#include "core/engine/ConnectionManager.h"
#include "core/engine/ContactBook.h"
#include "core/engine/EngineContext.h"
#include "core/engine/ExchangedContacts.h"
#include "core/engine/InvitationRuntime.h"
#include "core/engine/ServicePublisher.h"
#include "core/net/ByteStream.h"
#include "core/protocol/ContactExchange.h"

#include <map>
#include <memory>
#include <string_view>
#include <vector>

namespace chive::core {

class InvitationManager {
public:
    // Exchanges at once on one rendezvous service. More than one, because
    // Tor may hand the service an empty stream just before the real one
    // (doc/design.md, "Tor transport"); the connector makes one at a time.
    static constexpr std::size_t kMaxInboundExchanges = 2;

    InvitationManager(EngineContext& context, ContactBook& book, ConnectionManager& connections);

    // Drops expired invitations from the store, loads the others, derives
    // the rendezvous of those whose peer link was entered and announces it.
    Status load();

    Result<InvitationView> create(std::string_view alias);
    Status enterPeerLink(InvitationId id, std::string_view peerLink);
    Result<InvitationView> addContactFromLink(std::string_view alias, std::string_view peerLink);
    Status cancel(InvitationId id);
    [[nodiscard]] std::vector<InvitationView> list() const;

    InvitationRuntime* findByRendezvousService(const Ed25519PublicKey& service);
    void onInbound(InvitationRuntime& invitation, std::unique_ptr<ByteStream> stream);
    void onPublisherOutcome(const ServicePublisher::Outcome& outcome);
    void onNetworkReady();
    // A Pending contact's first session: the exchange is proven complete.
    void promote(ContactRuntime& contact);
    void sweepExpired();
    // The user deleted a contact that an unconfirmed exchange made: its
    // invitation is cancelled too.
    void contactRemoved(ContactId contact);
    void stopAll();
    void withdrawAll();

private:
    InvitationRuntime* find(InvitationId id);
    Result<InvitationRuntime*> requireActive(InvitationId id);
    // The peer's link, parsed and checked against our state.
    Result<ContactLink> checkLink(std::string_view peerLink, const InvitationRuntime* target);
    Status deriveRendezvous(InvitationRuntime& invitation);
    void announce(InvitationRuntime& invitation);
    void withdrawRendezvous(InvitationRuntime& invitation);
    void connectNow(InvitationRuntime& invitation);
    void scheduleRetry(InvitationRuntime& invitation);
    std::function<void()> exchangeJob(InvitationRuntime& invitation,
                                      const std::shared_ptr<std::atomic<bool>>& token,
                                      std::unique_ptr<ByteStream> inbound);
    void onExchangeResult(InvitationId id, std::uint64_t serial,
                          const std::shared_ptr<std::atomic<bool>>& token,
                          Result<ExchangeResult> result);
    // The contact stored, the invitation's rendezvous withdrawn and its
    // record forgotten.
    Status complete(InvitationRuntime& invitation, const ExchangeResult& result);
    // Forgets the record after its rendezvous is withdrawn; emits
    // onInvitationRemoved.
    void remove(InvitationRuntime& invitation);
    void scheduleSweep();
    // Pending contacts whose invitation is gone (expired or cancelled while
    // the app was closed) are dropped at start.
    Status dropOrphanedPending();
    Status removePendingContact(ContactId id, bool announceRemoval);

    EngineContext& m_context;
    ContactBook& m_book;
    ConnectionManager& m_connections;
    ExchangedContacts m_exchanged;
    std::map<InvitationId, InvitationRuntime> m_invitations;
    std::map<Ed25519PublicKey, InvitationId> m_byService;
};

} // namespace chive::core
