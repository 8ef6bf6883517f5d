#pragma once

// ProfileStore: everything a profile keeps, behind one unlocked database.
// Implemented by storage::ProfileDatabase. Thread contract: the store and its
// repositories belong to the thread that opened them; other threads reach
// them through storage::StorageWorker, which passes a ProfileStore& to the
// closures it runs. Do not keep the references beyond one closure.

#include "core/Result.h"
#include "core/store/ContactRepository.h"
#include "core/store/InvitationRepository.h"
#include "core/store/MessageRepository.h"
#include "core/store/OutboxRepository.h"
#include "core/store/SettingsRepository.h"

#include <functional>

namespace chive::core {

class ProfileStore {
public:
    ProfileStore() = default;
    virtual ~ProfileStore() = default;
    ProfileStore(const ProfileStore&) = delete;
    ProfileStore& operator=(const ProfileStore&) = delete;
    ProfileStore(ProfileStore&&) = delete;
    ProfileStore& operator=(ProfileStore&&) = delete;

    virtual SettingsRepository& settings() = 0;
    virtual ContactRepository& contacts() = 0;
    virtual InvitationRepository& invitations() = 0;
    virtual MessageRepository& messages() = 0;
    virtual OutboxRepository& outbox() = 0;

    // Runs `work` in one transaction: everything it wrote is kept if it
    // returns success, nothing if it returns an error. Not reentrant.
    virtual Status transaction(const std::function<Status()>& work) = 0;
};

} // namespace chive::core
