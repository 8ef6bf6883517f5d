#pragma once

// GuiProfileBackend: the GUI's ui::ProfileBackend over the real profile:
// app::ProfileSession (SQLCipher profile, embedded Tor, EngineRuntime).
//
// Wiring: Tor reports to a fan-out that feeds both the GUI's Tor status
// (TorStatusModel) and the NetworkEventRelay that the transport and each
// unlock's engine hang on; the engine reports to `listener` (the GUI's
// MessengerBridge). Tor starts at the first unlock and runs until
// shutdown(); locking keeps it (tor_run_main runs once per process).
//
// An unlock or create whose messenger cannot be made is reported as a
// failure and the profile is locked again: the GUI has nothing to show
// without a messenger.
//
// Threads: ProfileController's worker calls create/unlock/lock/
// changePassword one at a time; the GUI thread calls messenger() between
// them and shutdown() after the controller is gone. Ownership: owns the
// session and the relay; the listeners must outlive it.

#include "app/ProfileSession.h"
#include "core/engine/MessengerEvents.h"
#include "core/engine/NetworkEventRelay.h"
#include "core/net/TorEventListener.h"
#include "transport/TorOptions.h"
#include "ui/ProfileBackend.h"

#include <filesystem>

namespace chive::app {

class GuiProfileBackend final : public ui::ProfileBackend {
public:
    GuiProfileBackend(std::filesystem::path directory, transport::TorOptions tor,
                      core::MessengerListener& listener, core::TorEventListener& torStatus,
                      storage::ProfileOptions profileOptions = {});
    ~GuiProfileBackend() override;
    GuiProfileBackend(const GuiProfileBackend&) = delete;
    GuiProfileBackend& operator=(const GuiProfileBackend&) = delete;
    GuiProfileBackend(GuiProfileBackend&&) = delete;
    GuiProfileBackend& operator=(GuiProfileBackend&&) = delete;

    State state() override;
    core::Status create(const core::SecureBuffer& password) override;
    core::Status unlock(const core::SecureBuffer& password) override;
    core::Status lock() override;
    core::Status changePassword(const core::SecureBuffer& oldPassword,
                                const core::SecureBuffer& newPassword) override;
    core::Messenger* messenger() override;

    // Locks and stops Tor; idempotent.
    void shutdown();
    // For the network settings (app::GuiNetworkSettings), which the session
    // serializes with the unlock/lock cycle.
    [[nodiscard]] ProfileSession& session() noexcept { return m_session; }

private:
    class TorFanOut final : public core::TorEventListener {
    public:
        TorFanOut(core::TorEventListener& first, core::TorEventListener& second)
            : m_first(first)
            , m_second(second) {}
        void onBootstrapStatus(const core::BootstrapStatus& status) override;
        void onTorStopped(const std::string& reason) override;

    private:
        core::TorEventListener& m_first;
        core::TorEventListener& m_second;
    };

    // A profile left unlocked without a messenger is locked again.
    core::Status requireMessenger(core::Status opened);

    core::NetworkEventRelay m_relay;
    TorFanOut m_tor;
    ProfileSession m_session;
};

} // namespace chive::app
