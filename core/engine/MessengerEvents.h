#pragma once

// What the messenger engine tells the outside world (the GUI's models, the
// headless mode's event stream). Plain values: nothing here is secret, and
// message bodies appear only in MessageView, which is never logged.

#include "core/Result.h"
#include "core/StrongId.h"
#include "core/net/BootstrapStatus.h"
#include "core/store/Contact.h"
#include "core/store/StoredMessage.h"
#include "core/store/Timestamp.h"

#include <cstdint>
#include <optional>
#include <string>

namespace chive::core {

enum class Presence : std::uint8_t {
    Offline,    // no session, and the last attempt to reach the contact failed
    Connecting, // an attempt is under way, or Tor is not ready yet
    Online,     // an authenticated session is open
};

const char* presenceName(Presence presence) noexcept;

// One contact as the UI shows it.
struct ContactView {
    ContactId id;
    std::string alias;
    ContactState state = ContactState::Pending;
    VerificationState verification = VerificationState::Unverified;
    Presence presence = Presence::Offline;
    std::optional<Timestamp> lastSeen; // when a session last ended or was last active
    std::uint32_t unread = 0;
    std::optional<Timestamp> lastActivity; // newest message, either direction
    friend bool operator==(const ContactView&, const ContactView&) = default;
};

// One of our pending invitations.
struct InvitationView {
    InvitationId id;
    std::string alias;
    std::string link; // our chive: link (public)
    bool peerLinkEntered = false;
    Timestamp expiresAt;
    friend bool operator==(const InvitationView&, const InvitationView&) = default;
};

// Receives the engine's events. Called on the engine's own thread, in the
// order things happened; implementations must return quickly and must not
// call back into the engine synchronously (post to their own thread, as the
// UI does with queued Qt calls).
class MessengerListener {
public:
    virtual ~MessengerListener() = default;

    virtual void onBootstrapStatus(const BootstrapStatus& status) = 0;
    virtual void onContactChanged(const ContactView& contact) = 0;
    virtual void onContactRemoved(ContactId contact) = 0;
    virtual void onInvitationChanged(const InvitationView& invitation) = 0;
    // Completed (the contact now exists), expired, or cancelled.
    virtual void onInvitationRemoved(InvitationId invitation) = 0;
    virtual void onMessageReceived(const StoredMessage& message) = 0;
    virtual void onMessageStateChanged(ContactId contact, MessageRowId message,
                                       DeliveryState state) = 0;
    // Something failed in the background (not in reply to a command).
    virtual void onError(const Error& error) = 0;

protected:
    MessengerListener() = default;
    MessengerListener(const MessengerListener&) = default;
    MessengerListener& operator=(const MessengerListener&) = default;
    MessengerListener(MessengerListener&&) = default;
    MessengerListener& operator=(MessengerListener&&) = default;
};

} // namespace chive::core
