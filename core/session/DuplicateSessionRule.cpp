#include "core/session/DuplicateSessionRule.h"

#include <algorithm>

namespace chive::core {

HandshakeRole DuplicateSessionRule::preferredRole(const X25519PublicKey& own,
                                                  const X25519PublicKey& peer) noexcept {
    const bool ownSmaller =
        std::lexicographical_compare(own.begin(), own.end(), peer.begin(), peer.end());
    return ownSmaller ? HandshakeRole::Initiator : HandshakeRole::Responder;
}

DuplicateSessionRule::Keep DuplicateSessionRule::choose(HandshakeRole existingRole,
                                                        HandshakeRole newRole,
                                                        const X25519PublicKey& own,
                                                        const X25519PublicKey& peer) noexcept {
    if (existingRole == newRole) {
        return Keep::New;
    }
    return newRole == preferredRole(own, peer) ? Keep::New : Keep::Existing;
}

} // namespace chive::core
