#pragma once

// ProfileBackend: what the GUI needs from the profile's life: create,
// unlock, lock, change the password, and the messenger of an unlocked
// profile. The app implements it over app::ProfileSession (real SQLCipher
// profile, embedded Tor, core::Engine); the GUI tests implement it over the
// same storage and engine on the loopback transport.
//
// Threads: every method may block (Argon2id takes about a second, unlocking
// starts Tor); the GUI calls them through ProfileController, which runs them
// one at a time on its own worker thread. messenger() is valid until the
// next lock(), unlock() or the backend's destruction.
//
// Plain C++, no Qt: the app/ side stays free of widgets.

#include "core/Result.h"
#include "core/SecureBuffer.h"
#include "core/engine/Messenger.h"

namespace chive::ui {

class ProfileBackend {
public:
    enum class State { Missing, Locked, Unlocked };

    virtual ~ProfileBackend() = default;

    [[nodiscard]] virtual State state() = 0;
    // A new profile, left unlocked.
    virtual core::Status create(const core::SecureBuffer& password) = 0;
    // WrongPassword for a wrong password, distinct from a damaged file.
    virtual core::Status unlock(const core::SecureBuffer& password) = 0;
    virtual core::Status lock() = 0;
    virtual core::Status changePassword(const core::SecureBuffer& oldPassword,
                                        const core::SecureBuffer& newPassword) = 0;
    // Null unless unlocked (and the engine could be made).
    [[nodiscard]] virtual core::Messenger* messenger() = 0;

protected:
    ProfileBackend() = default;
    ProfileBackend(const ProfileBackend&) = default;
    ProfileBackend& operator=(const ProfileBackend&) = default;
    ProfileBackend(ProfileBackend&&) = default;
    ProfileBackend& operator=(ProfileBackend&&) = default;
};

} // namespace chive::ui
