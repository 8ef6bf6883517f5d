#pragma once

// NetworkSettingsBackend: what the network settings dialog needs from the
// app: the unlocked profile's settings, applying new ones to the running
// Tor, and which pluggable transports are installed. The app implements it
// over app::ProfileSession (app/GuiNetworkSettings); GUI tests give their
// own.
//
// Threads: current() and the queries are called on the GUI thread and are
// quick; apply() blocks for one control round trip with Tor and a database
// write (at most about 30 s) and is called on a worker thread of the
// dialog's, never two at once.
//
// Plain C++, no Qt.

#include "core/Result.h"
#include "core/net/NetworkSettings.h"

namespace chive::ui {

class NetworkSettingsBackend {
public:
    virtual ~NetworkSettingsBackend() = default;

    // The settings in force. Closed if no profile is unlocked.
    virtual core::Result<core::NetworkSettings> current() = 0;
    // Applies and stores `settings`. On failure nothing changed, and the
    // error carries the reason (Tor's own text if Tor refused them).
    virtual core::Status apply(const core::NetworkSettings& settings) = 0;
    // Whether the plugin that bridges of `transport` need is installed
    // (always true for plain bridges).
    [[nodiscard]] virtual bool pluginInstalled(core::BridgeTransport transport) = 0;
    // Whether this build can run on a system Tor's control port instead of
    // the embedded Tor; the dialog offers the choice only then.
    [[nodiscard]] virtual bool supportsSystemTor() = 0;

protected:
    NetworkSettingsBackend() = default;
    NetworkSettingsBackend(const NetworkSettingsBackend&) = default;
    NetworkSettingsBackend& operator=(const NetworkSettingsBackend&) = default;
    NetworkSettingsBackend(NetworkSettingsBackend&&) = default;
    NetworkSettingsBackend& operator=(NetworkSettingsBackend&&) = default;
};

} // namespace chive::ui
