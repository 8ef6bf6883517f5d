#include "app/ProfileSession.h"

#include "core/store/ProfileStore.h"

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
    std::lock_guard guard(m_mutex);
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
    std::lock_guard guard(m_mutex);
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
    m_profile = std::move(profile);
    if (auto attached = attachRuntime(readNetworkSettings()); !attached) {
        m_profile.reset();
        return attached;
    }
    std::cerr << "chive: unlocked\n";
    return {};
}

core::Status ProfileSession::attachRuntime(const core::Result<core::NetworkSettings>& settings) {
    m_runtime.reset();
    m_runtimeError.reset();
    m_systemTor.reset();
    if (settings && settings->mode == core::TorMode::System) {
        idleEmbeddedTor();
        auto system = transport::SystemTor::connect(settings->systemTor, m_torListener);
        if (!system) {
            std::cerr << "chive: the messenger is not running: " << system.error().message << '\n';
            m_runtimeError = system.error();
            return {};
        }
        m_systemTor = std::move(*system);
        makeRuntime(*m_systemTor);
        return {};
    }
    if (!m_tor) {
        auto tor = transport::EmbeddedTor::start(torOptionsFor(settings), m_torListener);
        if (!tor) {
            return fail(tor.error());
        }
        m_tor = std::move(*tor);
    }
    makeRuntime(*m_tor);
    return {};
}

void ProfileSession::makeRuntime(transport::RunningTor& tor) {
    auto runtime = m_factory(*m_profile, tor);
    if (runtime) {
        m_runtime = std::move(*runtime);
    } else {
        std::cerr << "chive: the messenger is not running: " << runtime.error().message << '\n';
        m_runtimeError = runtime.error();
    }
}

void ProfileSession::idleEmbeddedTor() {
    if (!m_tor || m_embeddedIdle) {
        return;
    }
    if (auto reply = m_tor->control().command("SETCONF DisableNetwork=1"); !reply) {
        std::cerr << "chive: the embedded Tor could not be taken off the network: "
                  << reply.error().message << '\n';
        return;
    }
    m_embeddedIdle = true;
    std::cerr << "chive: the embedded Tor is off the network while the system Tor is used\n";
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
    std::lock_guard guard(m_mutex);
    return lockLocked();
}

core::Status ProfileSession::lockLocked() {
    if (!m_profile) {
        return fail(ErrorCode::Closed, "the profile is not unlocked");
    }
    // The engine goes first: it may still be writing through the profile.
    // Then the system Tor's connection, once the transport withdrew from it.
    m_runtime.reset();
    m_runtimeError.reset();
    m_systemTor.reset();
    m_profile->close();
    m_profile.reset();
    holdDirectory();
    std::cerr << "chive: locked\n";
    return {};
}

core::Status ProfileSession::changePassword(const core::SecureBuffer& oldPassword,
                                            const core::SecureBuffer& newPassword) {
    std::lock_guard guard(m_mutex);
    if (!m_profile) {
        return fail(ErrorCode::Closed, "the profile is not unlocked");
    }
    return m_profile->changePassword(oldPassword, newPassword);
}

core::Messenger* ProfileSession::messenger() {
    return m_runtime ? &m_runtime->messenger() : nullptr;
}

void ProfileSession::shutdown() {
    std::lock_guard guard(m_mutex);
    if (m_profile) {
        (void)lockLocked();
    }
    if (m_tor) {
        m_tor->stop();
        m_tor.reset();
    }
    m_heldDirectory.reset();
}

// -------------------------------------------------------- network settings ---

core::Result<core::NetworkSettings> ProfileSession::readNetworkSettings() {
    auto future = m_profile->storage().submit(
        [](core::ProfileStore& store) { return core::loadNetworkSettings(store.settings()); });
    if (!future) {
        return fail(future.error());
    }
    return future->get();
}

transport::TorOptions
ProfileSession::torOptionsFor(const core::Result<core::NetworkSettings>& settings) {
    transport::TorOptions options = m_torOptions;
    m_networkError.reset();
    auto bridges = settings ? transport::TorBridges::from(*settings, m_plugins)
                            : core::Result<transport::TorBridges>(fail(settings.error()));
    if (bridges) {
        bridges->addTo(options);
    } else {
        // Connecting without the bridges a person chose could reveal that
        // they use Tor: stay off the network until the settings work.
        m_networkError = bridges.error();
        options.disableNetwork = true;
        std::cerr << "chive: Tor starts with its network disabled: " << bridges.error().message
                  << '\n';
    }
    return options;
}

core::Result<core::NetworkSettings> ProfileSession::networkSettings() {
    std::lock_guard guard(m_mutex);
    if (!m_profile) {
        return fail(ErrorCode::Closed, "the profile is not unlocked");
    }
    return readNetworkSettings();
}

core::Status ProfileSession::applyNetworkSettings(const core::NetworkSettings& settings) {
    std::lock_guard guard(m_mutex);
    if (!m_profile) {
        return fail(ErrorCode::Closed, "the profile is not unlocked");
    }
    if (settings.mode == core::TorMode::System) {
        if (auto valid = core::validateNetworkSettings(settings); !valid) {
            return valid;
        }
        auto system = transport::SystemTor::connect(settings.systemTor, m_torListener);
        if (!system) {
            return fail(system.error());
        }
        if (auto stored = storeNetworkSettings(settings); !stored) {
            return stored;
        }
        m_runtime.reset();
        m_runtimeError.reset();
        m_systemTor = std::move(*system);
        makeRuntime(*m_systemTor);
        idleEmbeddedTor();
        std::cerr << "chive: network settings applied (system Tor at "
                  << m_systemTor->controlEndpoint().describe() << ")\n";
        return {};
    }
    auto bridges = transport::TorBridges::from(settings, m_plugins);
    if (!bridges) {
        return fail(bridges.error());
    }
    auto previous = readNetworkSettings();
    const bool wasIdle = m_embeddedIdle;
    if (m_tor) {
        std::string command = bridges->setconfCommand();
        const bool enable =
            (m_networkError.has_value() || m_embeddedIdle) && !m_torOptions.disableNetwork;
        if (enable) {
            command += " DisableNetwork=0";
        }
        if (auto reply = m_tor->control().command(command); !reply) {
            return fail(reply.error().code,
                        "Tor did not take the network settings: " + reply.error().message);
        }
        m_networkError.reset();
        m_embeddedIdle = false;
    }
    core::Status stored = storeNetworkSettings(settings);
    if (!stored) {
        // Tor runs with settings the profile does not hold: go back to the
        // stored ones, so that the next start behaves as this one.
        if (m_tor && previous) {
            if (auto old = transport::TorBridges::from(*previous, m_plugins); old) {
                (void)old->apply(m_tor->control());
            }
        }
        if (wasIdle) {
            idleEmbeddedTor(); // the stored choice is still the system Tor
        }
        return fail(stored.error().code,
                    "the network settings could not be stored: " + stored.error().message);
    }
    std::cerr << "chive: network settings applied (bridges "
              << core::bridgeModeName(settings.bridges) << ")\n";
    if (m_systemTor || !m_runtime) {
        // Back from a system Tor (or one that could not be reached): the
        // embedded one takes over.
        return attachRuntime(settings);
    }
    return {};
}

core::Status ProfileSession::storeNetworkSettings(const core::NetworkSettings& settings) {
    auto future = m_profile->storage().submit([&settings](core::ProfileStore& store) {
        return core::saveNetworkSettings(store.settings(), settings);
    });
    return future ? future->get() : core::Status(fail(future.error()));
}

std::optional<core::Error> ProfileSession::networkError() const {
    std::lock_guard guard(m_mutex);
    return m_networkError;
}

void ProfileSession::setPluginPaths(transport::PluginPaths paths) {
    std::lock_guard guard(m_mutex);
    m_plugins = std::move(paths);
}

transport::PluginPaths ProfileSession::pluginPaths() const {
    std::lock_guard guard(m_mutex);
    return m_plugins;
}

} // namespace chive::app
