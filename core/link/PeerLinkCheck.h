#pragma once

// checkPeerLink: the checks on a peer's link that need this profile's state,
// which ContactLink::parse cannot know. The engine calls it with what it
// holds in the store when the user enters a link.
//
//   ownPendingKeys  the handshake public keys of our own unexpired
//                   invitations (entering one of them is entering our own
//                   link)
//   usedKeys        every handshake key, ours or a peer's, of an exchange
//                   that finished, failed for good or is already running
//                   with another invitation (a link is for one contact)
//
// Errors: InvalidArgument for our own link, AlreadyExists for a used one.
// Pure function; thread-safe.

#include "core/Result.h"
#include "core/crypto/PublicKeys.h"
#include "core/link/ContactLink.h"

#include <span>

namespace chive::core {

Status checkPeerLink(const ContactLink& link, std::span<const X25519PublicKey> ownPendingKeys,
                     std::span<const X25519PublicKey> usedKeys);

} // namespace chive::core
