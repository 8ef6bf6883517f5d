#pragma once

// GuiNetworkSettings: the network settings dialog's backend over the
// profile session: the unlocked profile's stored settings, applied to the
// running embedded Tor with SETCONF and stored once Tor took them
// (ProfileSession::applyNetworkSettings).
//
// Threads: as ui::NetworkSettingsBackend; ProfileSession serializes the
// calls with its own unlock and lock. Does not own the session, which must
// outlive it.

#include "app/ProfileSession.h"
#include "ui/NetworkSettingsBackend.h"

namespace chive::app {

class GuiNetworkSettings final : public ui::NetworkSettingsBackend {
public:
    explicit GuiNetworkSettings(ProfileSession& session)
        : m_session(session) {}

    core::Result<core::NetworkSettings> current() override;
    core::Status apply(const core::NetworkSettings& settings) override;
    bool pluginInstalled(core::BridgeTransport transport) override;
    bool supportsSystemTor() override;

private:
    ProfileSession& m_session;
};

} // namespace chive::app
