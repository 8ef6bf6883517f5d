#pragma once

// EngineSettings: what the engine keeps in the profile's SettingsRepository
// besides the tables that have their own repository:
//
//   engine.last-read.<contact>        row id of the newest message the user
//                                     has seen (unread = incoming rows after it)
//   engine.last-seen.<contact>        when a session with the contact last
//                                     ended, ms since the epoch
//   engine.pending-contact.<invitation>  the contact an unconfirmed exchange
//                                     created for the invitation
//   engine.used-link-keys             handshake keys (ours and peers') of
//                                     exchanges that finished or expired, so
//                                     a link cannot be used twice: 32 bytes
//                                     each, oldest first, at most
//                                     kMaxUsedLinkKeys
//
// Integers are stored as decimal text. A value that does not parse reads as
// absent (the engine then starts that counter over), never as an error.
//
// Pure functions on a repository; call them inside a store closure.

#include "core/Result.h"
#include "core/StrongId.h"
#include "core/crypto/PublicKeys.h"
#include "core/store/SettingsRepository.h"
#include "core/store/Timestamp.h"

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

namespace chive::core {

class EngineSettings {
public:
    static constexpr std::size_t kMaxUsedLinkKeys = 10000;

    static Result<std::optional<MessageRowId>> lastRead(SettingsRepository& settings,
                                                        ContactId contact);
    static Status setLastRead(SettingsRepository& settings, ContactId contact, MessageRowId row);

    static Result<std::optional<Timestamp>> lastSeen(SettingsRepository& settings,
                                                     ContactId contact);
    static Status setLastSeen(SettingsRepository& settings, ContactId contact, Timestamp when);

    static Result<std::optional<ContactId>> pendingContact(SettingsRepository& settings,
                                                           InvitationId invitation);
    static Status setPendingContact(SettingsRepository& settings, InvitationId invitation,
                                    ContactId contact);
    static Status clearPendingContact(SettingsRepository& settings, InvitationId invitation);

    static Result<std::vector<X25519PublicKey>> usedLinkKeys(SettingsRepository& settings);
    // Appends the keys not yet listed; drops the oldest beyond the limit.
    static Status addUsedLinkKeys(SettingsRepository& settings,
                                  std::span<const X25519PublicKey> keys);

    // Removes every per-contact entry of `contact`.
    static Status forgetContact(SettingsRepository& settings, ContactId contact);
};

} // namespace chive::core
