#include "core/engine/InvitationSecrets.h"

#include <algorithm>
#include <utility>

namespace chive::core {

InvitationSecrets InvitationSecrets::create() {
    return {Invitation::create(), ContactKeys::generate()};
}

Result<InvitationSecrets> InvitationSecrets::parse(std::span<const std::uint8_t> stored) {
    if (stored.size() != Invitation::kSecretKeyLength && stored.size() != kLength) {
        return fail(ErrorCode::Corrupt, "an invitation's stored secret has " +
                                            std::to_string(stored.size()) + " bytes");
    }
    auto invitation = Invitation::fromSecretKey(stored.first(Invitation::kSecretKeyLength));
    if (!invitation) {
        return fail(ErrorCode::Corrupt, "an invitation's stored key is damaged");
    }
    if (stored.size() == Invitation::kSecretKeyLength) {
        return InvitationSecrets(std::move(*invitation), ContactKeys::generate());
    }
    auto keys = ContactKeys::parse(stored.subspan(Invitation::kSecretKeyLength));
    if (!keys) {
        return fail(keys.error());
    }
    return InvitationSecrets(std::move(*invitation), std::move(*keys));
}

SecureBuffer InvitationSecrets::serialize() const {
    SecureBuffer out(kLength);
    const auto handshake = m_invitation.secretKey();
    std::copy(handshake.begin(), handshake.end(), out.data());
    const auto keys = m_keys.serialize();
    std::copy(keys.span().begin(), keys.span().end(), out.data() + handshake.size());
    return out;
}

} // namespace chive::core
