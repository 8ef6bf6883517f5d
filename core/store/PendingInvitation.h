#pragma once

// PendingInvitation: a contact link this profile made (and possibly the
// peer's link already entered) whose handshake has not finished yet. It
// expires at expiresAt; the secret handshake key is read on demand through
// InvitationRepository::secret.

#include "core/StrongId.h"
#include "core/store/Timestamp.h"

#include <optional>
#include <string>

namespace chive::core {

struct PendingInvitation {
    InvitationId id;
    std::string alias;                   // the name the user gave the future contact
    std::string ownLink;                 // our chive: link text (public data only)
    std::optional<std::string> peerLink; // the peer's link, once entered
    Timestamp createdAt;
    Timestamp expiresAt;

    friend bool operator==(const PendingInvitation&, const PendingInvitation&) = default;
};

struct NewInvitation {
    std::string alias;
    std::string ownLink;
    Timestamp expiresAt;
};

} // namespace chive::core
