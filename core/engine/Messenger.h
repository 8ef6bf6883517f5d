#pragma once

// Messenger: the commands a person can give an unlocked profile: the
// interface the GUI and the headless mode drive, implemented by
// core::Engine. Profile creation, unlocking, locking and password changes
// are not here: they happen before an engine exists (storage::Profile, wired
// in app/).
//
// Threads: every method may be called from any thread except the listener's
// callbacks, and blocks until the command is done (a store round trip:
// milliseconds; never a network wait). Results of network work arrive later
// as MessengerListener events.

#include "core/Result.h"
#include "core/StrongId.h"
#include "core/engine/MessengerEvents.h"
#include "core/store/StoredMessage.h"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chive::core {

class Messenger {
public:
    virtual ~Messenger() = default;

    // A fresh invitation for one future contact: its link (text and QR
    // source) and expiry. The rendezvous service is published when the
    // peer's link is entered.
    virtual Result<InvitationView> createInvitation(std::string_view alias) = 0;
    // Enters the peer's link into our invitation `invitation`; the exchange
    // runs in the background (onInvitationChanged, then onContactChanged and
    // onInvitationRemoved when it completes). Errors as ContactLink::parse
    // and checkPeerLink give them (wrong checksum, unknown version, own link,
    // already used), NotFound for an unknown or expired invitation.
    virtual Status enterPeerLink(InvitationId invitation, std::string_view peerLink) = 0;
    // Both steps at once: a new invitation for `alias` with the peer's link
    // entered. Returns our link, which the peer must enter on their side.
    virtual Result<InvitationView> addContactFromLink(std::string_view alias,
                                                      std::string_view peerLink) = 0;
    virtual Status cancelInvitation(InvitationId invitation) = 0;
    virtual Result<std::vector<InvitationView>> invitations() = 0;

    virtual Result<std::vector<ContactView>> contacts() = 0;
    virtual Result<ContactView> contact(ContactId contact) = 0;
    virtual Status renameContact(ContactId contact, std::string_view alias) = 0;
    // Removes its onion service, its keys, its history and its outbox. Tells
    // the contact nothing.
    virtual Status deleteContact(ContactId contact) = 0;
    // "12345 67890 …" (core::SafetyNumber), the same on both sides.
    virtual Result<std::string> safetyNumber(ContactId contact) = 0;
    virtual Status setVerified(ContactId contact, bool verified) = 0;

    // Queues a message; it is delivered as soon as the contact is reachable.
    virtual Result<StoredMessage> sendMessage(ContactId contact, std::string_view text) = 0;
    // Oldest first; `before` pages backwards from a row of an earlier page.
    virtual Result<std::vector<StoredMessage>>
    history(ContactId contact, std::optional<MessageRowId> before, std::size_t limit) = 0;
    virtual Result<std::vector<StoredMessage>>
    search(std::string_view query, std::optional<ContactId> contact, std::size_t limit) = 0;
    virtual Status markRead(ContactId contact) = 0;
    virtual Status deleteMessage(MessageRowId message) = 0;
    virtual Status deleteConversation(ContactId contact) = 0;

protected:
    Messenger() = default;
    Messenger(const Messenger&) = default;
    Messenger& operator=(const Messenger&) = default;
    Messenger(Messenger&&) = default;
    Messenger& operator=(Messenger&&) = default;
};

} // namespace chive::core
