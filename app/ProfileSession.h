#pragma once

// ProfileSession: the life of the one profile a headless process serves:
// missing, locked or unlocked; create, unlock, lock, change the password.
//
// Unlocking opens the profile (storage::Profile: directory lock, key file,
// database on its StorageWorker), starts the embedded Tor if it is not
// running yet, and makes the MessengerRuntime (transport and engine).
// Locking drops the runtime (the engine stops, every onion service and
// client-auth key is withdrawn from Tor) and closes the database, but keeps
// Tor running: tor_run_main may run only once per process, so a second
// unlock reuses the same Tor. Tor's data directory is <profile>/tor.
//
// Network settings (core::NetworkSettings, in the profile's encrypted
// settings): Tor starts with the profile's bridges, so it starts only once
// the database is open. If they cannot be used (a pluggable transport is
// not installed), Tor starts with its network disabled rather than connect
// without the bridges, and networkError() says why; applying settings that
// work enables it again (unless the session was made offline).
//
// A system Tor (TorMode::System: Tails, a tor service): unlocking connects
// to its control port instead of starting the embedded Tor, and the runtime
// publishes through it; locking drops the runtime (services and client-auth
// keys withdrawn from that Tor) and closes the control connection, leaving
// that Tor running. If it cannot be reached or refuses us, the profile still
// unlocks (so the settings can be changed) without a messenger, and
// runtimeError() says why in words. Applying settings switches between the
// two at once; an embedded Tor already started keeps running unused.
//
// Ownership: owns the profile, Tor and the runtime. The Tor listener must
// outlive the session. Threads: the methods are serialized by a mutex, so
// the GUI thread may apply network settings while another thread owns the
// unlock/lock cycle; messenger() is valid until the next lock(), unlock()
// or shutdown(), and tor() until shutdown().

#include "app/MessengerRuntime.h"
#include "core/Result.h"
#include "core/SecureBuffer.h"
#include "core/net/NetworkSettings.h"
#include "core/net/TorEventListener.h"
#include "storage/Profile.h"
#include "storage/ProfileDirectory.h"
#include "transport/EmbeddedTor.h"
#include "transport/SystemTor.h"
#include "transport/TorBridges.h"
#include "transport/TorOptions.h"

#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>

namespace chive::app {

class ProfileSession {
public:
    enum class State { Missing, Locked, Unlocked };

    ProfileSession(std::filesystem::path directory, transport::TorOptions tor,
                   core::TorEventListener& torListener, MessengerFactory factory,
                   storage::ProfileOptions profileOptions = {});
    ~ProfileSession();
    ProfileSession(const ProfileSession&) = delete;
    ProfileSession& operator=(const ProfileSession&) = delete;
    ProfileSession(ProfileSession&&) = delete;
    ProfileSession& operator=(ProfileSession&&) = delete;

    [[nodiscard]] State state() const;
    [[nodiscard]] const std::filesystem::path& directory() const noexcept { return m_directory; }

    // A new profile, left unlocked. AlreadyExists if unlocked or if the
    // directory holds a profile; then as storage::Profile::create and
    // unlock().
    core::Status create(const core::SecureBuffer& password);
    // AlreadyExists if unlocked; errors as storage::Profile::open, or Tor's
    // start-up error (the profile is then closed again). A runtime that
    // cannot be made leaves the profile unlocked without a messenger
    // (runtimeError() says why).
    core::Status unlock(const core::SecureBuffer& password);
    // Closed if not unlocked.
    core::Status lock();
    // Closed if not unlocked; WrongPassword if `oldPassword` is wrong.
    core::Status changePassword(const core::SecureBuffer& oldPassword,
                                const core::SecureBuffer& newPassword);

    // Null unless unlocked with a runtime.
    [[nodiscard]] core::Messenger* messenger();
    [[nodiscard]] const core::Error* runtimeError() const {
        return m_runtimeError ? &*m_runtimeError : nullptr;
    }
    [[nodiscard]] transport::EmbeddedTor* tor() { return m_tor.get(); }

    // The profile's network settings. Closed if not unlocked; errors of the
    // store, or Malformed for stored settings that no longer validate.
    core::Result<core::NetworkSettings> networkSettings();
    // Validates `settings`, gives them to the running Tor in one SETCONF
    // (Tor's own text in the error if it refuses them; it then keeps the
    // old ones), and stores them once Tor took them. Closed if not
    // unlocked; InvalidArgument or NotFound (a plugin is not installed) as
    // transport::TorBridges::from, before Tor sees anything. Choosing a
    // system Tor connects to it first (errors as transport::SystemTor::
    // connect; nothing is stored then), then moves the messenger onto it
    // and takes a running embedded Tor off the network; choosing the
    // embedded Tor again puts it back on (unless started offline).
    core::Status applyNetworkSettings(const core::NetworkSettings& settings);
    // Why Tor runs with its network disabled against the settings, or null.
    [[nodiscard]] std::optional<core::Error> networkError() const;
    // Where the pluggable transports are looked for (tests point elsewhere).
    void setPluginPaths(transport::PluginPaths paths);
    [[nodiscard]] transport::PluginPaths pluginPaths() const;

    // Locks and stops Tor. Idempotent; also done by the destructor.
    void shutdown();

private:
    core::Status start(std::unique_ptr<storage::Profile> profile);
    core::Status lockLocked();
    void holdDirectory();
    core::Result<core::NetworkSettings> readNetworkSettings();
    transport::TorOptions torOptionsFor(const core::Result<core::NetworkSettings>& settings);
    core::Status storeNetworkSettings(const core::NetworkSettings& settings);
    // Makes the runtime on the Tor `settings` choose: the system Tor (a
    // failure is a runtimeError), or the embedded one, started if needed (a
    // failure to start it is returned).
    core::Status attachRuntime(const core::Result<core::NetworkSettings>& settings);
    void makeRuntime(transport::RunningTor& tor);
    // Takes the embedded Tor, if it runs, off the network while a system Tor
    // is chosen: one Tor on the network, the one the person chose.
    void idleEmbeddedTor();

    mutable std::mutex m_mutex; // serializes the public methods
    transport::PluginPaths m_plugins;
    std::optional<core::Error> m_networkError;

    std::filesystem::path m_directory;
    transport::TorOptions m_torOptions;
    core::TorEventListener& m_torListener;
    MessengerFactory m_factory;
    storage::ProfileOptions m_profileOptions;

    std::unique_ptr<transport::EmbeddedTor> m_tor;
    // Set while m_tor runs with DisableNetwork=1 because a system Tor was
    // chosen (Tor cannot be restarted in one process, so it is idled, not
    // stopped); going back to the embedded Tor enables its network again.
    bool m_embeddedIdle = false;
    // Set while unlocked on a system Tor; the runtime uses it.
    std::unique_ptr<transport::SystemTor> m_systemTor;
    // Set while unlocked; it holds the profile directory's lock.
    std::unique_ptr<storage::Profile> m_profile;
    // While locked with Tor running: holds the directory's lock, so that no
    // other process takes the profile whose Tor data directory this
    // process's Tor still uses. Released only for the moment of an unlock
    // (storage::Profile takes the lock itself).
    std::optional<storage::ProfileDirectory> m_heldDirectory;
    std::unique_ptr<MessengerRuntime> m_runtime;
    std::optional<core::Error> m_runtimeError;
};

} // namespace chive::app
