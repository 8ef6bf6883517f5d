#include "core/link/PeerLinkCheck.h"

#include <algorithm>

namespace chive::core {

Status checkPeerLink(const ContactLink& link, std::span<const X25519PublicKey> ownPendingKeys,
                     std::span<const X25519PublicKey> usedKeys) {
    const auto& key = link.handshakeKey();
    if (std::find(ownPendingKeys.begin(), ownPendingKeys.end(), key) != ownPendingKeys.end()) {
        return fail(ErrorCode::InvalidArgument,
                    "this is your own link: send it to your contact, and enter the link they "
                    "send you");
    }
    if (std::find(usedKeys.begin(), usedKeys.end(), key) != usedKeys.end()) {
        return fail(ErrorCode::AlreadyExists,
                    "this link has already been used: a link is for one contact only; ask for "
                    "a new one");
    }
    return {};
}

} // namespace chive::core
