#pragma once

// InvitationSecrets: what the engine stores as an invitation's secret
// (InvitationRepository::add, opaque to storage): the invitation's
// handshake secret key and the ContactKeys this side will offer in the
// exchange, made together when the invitation is made. Storing the keys
// up front means every exchange attempt, before and after a restart, sends
// the same bundle (doc/protocol.md, "Outcomes and the lost final message").
//
//   offset 0   32 bytes  handshake secret key (Invitation)
//   offset 32  97 bytes  ContactKeys::serialize() (its own version byte first)
//
// A stored secret of exactly 32 bytes (an invitation made without keys) is
// read with freshly generated keys, which are then not yet stored.
//
// Built and read only in SecureBuffers. Move-only; one owner at a time.

#include "core/Result.h"
#include "core/SecureBuffer.h"
#include "core/link/Invitation.h"
#include "core/protocol/ContactKeys.h"

#include <cstddef>
#include <cstdint>
#include <span>

namespace chive::core {

class InvitationSecrets {
public:
    static constexpr std::size_t kLength =
        Invitation::kSecretKeyLength + ContactKeys::kSerializedLength;

    // A fresh invitation and fresh keys.
    static InvitationSecrets create();
    // Errors: Corrupt (a length other than 32 or kLength, a damaged key),
    // UnsupportedVersion (keys stored by a newer Chive).
    static Result<InvitationSecrets> parse(std::span<const std::uint8_t> stored);

    [[nodiscard]] SecureBuffer serialize() const;

    [[nodiscard]] const Invitation& invitation() const noexcept { return m_invitation; }
    [[nodiscard]] const ContactKeys& keys() const noexcept { return m_keys; }
    // Hands the keys over (to the contact the exchange makes).
    ContactKeys takeKeys() && { return std::move(m_keys); }

private:
    InvitationSecrets(Invitation invitation, ContactKeys keys)
        : m_invitation(std::move(invitation))
        , m_keys(std::move(keys)) {}

    Invitation m_invitation;
    ContactKeys m_keys;
};

} // namespace chive::core
