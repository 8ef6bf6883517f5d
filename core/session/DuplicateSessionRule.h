#pragma once

// DuplicateSessionRule: which of two sessions with the same contact to keep
// (doc/protocol.md, "Simultaneous connections"). Both sides apply it to the
// same pair and reach the same answer without talking:
//
//  - If this side has the same role in both (the same side opened both
//    connections), the newer one wins: whoever reconnected did so because
//    the older one was dead to it.
//  - Otherwise (each side opened one), the session opened by the side whose
//    static public key is smaller, comparing the 32 bytes as unsigned
//    numbers, most significant first (memcmp order), is kept.
//
// The losing session is ended with CLOSE(Duplicate). Pure functions.

#include "core/crypto/HandshakeRole.h"
#include "core/crypto/PublicKeys.h"

namespace chive::core {

class DuplicateSessionRule {
public:
    enum class Keep { Existing, New };

    // This side's role in the session that survives when each side opened
    // one: Initiator if our key is the smaller one. The keys of a contact
    // relationship always differ (each side generates its own); with equal
    // keys the rule could not break the tie.
    static HandshakeRole preferredRole(const X25519PublicKey& own,
                                       const X25519PublicKey& peer) noexcept;

    // Which to keep, given this side's role in the existing and the new
    // session.
    static Keep choose(HandshakeRole existingRole, HandshakeRole newRole,
                       const X25519PublicKey& own, const X25519PublicKey& peer) noexcept;
};

} // namespace chive::core
