#include "app/ProfileSession.h"

#include <iostream>
#include <system_error>
#include <utility>

namespace chive::app {

using core::ErrorCode;
using core::fail;

ProfileSession::ProfileSession(std::filesystem::path directory, transport::TorOptions tor,
                               core::TorEventListener& torListener, MessengerFactory factory,
                               storage::ProfileOptions profileOptions)
    : m_directory(std::move(directory))
    , m_torOptions(std::move(tor))
    , m_torListener(torListener)
    , m_factory(std::move(factory))
    , m_profileOptions(std::move(profileOptions)) {}

ProfileSession::~ProfileSession() {
    shutdown();
}

ProfileSession::State ProfileSession::state() const {
    if (m_profile) {
        return State::Unlocked;
    }
    // The key file's names are storage::ProfileDirectory's; either copy
    // means a profile exists (Profile::open restores the other).
    std::error_code error;
    if (std::filesystem::exists(m_directory / "profile.key", error) ||
        std::filesystem::exists(m_directory / "profile.key.bak", error)) {
        return State::Locked;
    }
    return State::Missing;
}

core::Status ProfileSession::create(const core::SecureBuffer& password) {
    if (m_profile) {
        return fail(ErrorCode::AlreadyExists, "the profile is already unlocked");
    }
    m_heldDirectory.reset();
    auto profile = storage::Profile::create(m_directory, password, m_profileOptions);
    if (!profile) {
        holdDirectory();
        return fail(profile.error());
    }
    std::cerr << "chive: created a profile\n";
    return start(std::move(*profile));
}

core::Status ProfileSession::unlock(const core::SecureBuffer& password) {
    if (m_profile) {
        return fail(ErrorCode::AlreadyExists, "the profile is already unlocked");
    }
    m_heldDirectory.reset();
    auto profile = storage::Profile::open(m_directory, password, m_profileOptions);
    if (!profile) {
        holdDirectory();
        return fail(profile.error());
    }
    return start(std::move(*profile));
}

core::Status ProfileSession::start(std::unique_ptr<storage::Profile> profile) {
    if (!m_tor) {
        auto tor = transport::EmbeddedTor::start(m_torOptions, m_torListener);
        if (!tor) {
            profile.reset();
            return fail(tor.error());
        }
        m_tor = std::move(*tor);
    }
    m_profile = std::move(profile);
    m_runtimeError.reset();
    auto runtime = m_factory(*m_profile, *m_tor);
    if (runtime) {
        m_runtime = std::move(*runtime);
    } else {
        std::cerr << "chive: the messenger is not running: " << runtime.error().message << '\n';
        m_runtimeError = runtime.error();
    }
    std::cerr << "chive: unlocked\n";
    return {};
}

void ProfileSession::holdDirectory() {
    if (!m_tor || m_heldDirectory) {
        return;
    }
    auto directory = storage::ProfileDirectory::open(m_directory, false);
    if (directory) {
        m_heldDirectory.emplace(std::move(*directory));
    } else {
        std::cerr << "chive: cannot hold the profile directory: " << directory.error().message
                  << '\n';
    }
}

core::Status ProfileSession::lock() {
    if (!m_profile) {
        return fail(ErrorCode::Closed, "the profile is not unlocked");
    }
    // The engine goes first: it may still be writing through the profile.
    m_runtime.reset();
    m_runtimeError.reset();
    m_profile->close();
    m_profile.reset();
    holdDirectory();
    std::cerr << "chive: locked\n";
    return {};
}

core::Status ProfileSession::changePassword(const core::SecureBuffer& oldPassword,
                                            const core::SecureBuffer& newPassword) {
    if (!m_profile) {
        return fail(ErrorCode::Closed, "the profile is not unlocked");
    }
    return m_profile->changePassword(oldPassword, newPassword);
}

core::Messenger* ProfileSession::messenger() {
    return m_runtime ? &m_runtime->messenger() : nullptr;
}

void ProfileSession::shutdown() {
    if (m_profile) {
        (void)lock();
    }
    if (m_tor) {
        m_tor->stop();
        m_tor.reset();
    }
    m_heldDirectory.reset();
}

} // namespace chive::app
