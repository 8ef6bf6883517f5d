#pragma once

// InvitationRepository: pending contact invitations, each with an expiry.
// Thread contract: see SettingsRepository.h.

#include "core/Result.h"
#include "core/SecureBuffer.h"
#include "core/store/PendingInvitation.h"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace chive::core {

class InvitationRepository {
public:
    InvitationRepository() = default;
    virtual ~InvitationRepository() = default;
    InvitationRepository(const InvitationRepository&) = delete;
    InvitationRepository& operator=(const InvitationRepository&) = delete;
    InvitationRepository(InvitationRepository&&) = delete;
    InvitationRepository& operator=(InvitationRepository&&) = delete;

    // secret: the link's private handshake key, opaque to storage.
    virtual Result<InvitationId> add(const NewInvitation& invitation,
                                     std::span<const std::uint8_t> secret, Timestamp now) = 0;
    virtual Result<PendingInvitation> get(InvitationId id) = 0;
    // Unexpired invitations at `now`, oldest first.
    virtual Result<std::vector<PendingInvitation>> listActive(Timestamp now) = 0;
    virtual Status setPeerLink(InvitationId id, std::string_view peerLink) = 0;
    virtual Result<SecureBuffer> secret(InvitationId id) = 0;
    virtual Status remove(InvitationId id) = 0;
    // Removes every invitation with expiresAt <= now; returns how many.
    virtual Result<std::size_t> removeExpired(Timestamp now) = 0;
};

} // namespace chive::core
