#include "app/GuiNetworkSettings.h"

namespace chive::app {

core::Result<core::NetworkSettings> GuiNetworkSettings::current() {
    return m_session.networkSettings();
}

core::Status GuiNetworkSettings::apply(const core::NetworkSettings& settings) {
    return m_session.applyNetworkSettings(settings);
}

bool GuiNetworkSettings::pluginInstalled(core::BridgeTransport transport) {
    return m_session.pluginPaths().installed(transport);
}

bool GuiNetworkSettings::supportsSystemTor() {
    // ProfileSession runs on a system Tor's control port too (SystemTor).
    return true;
}

} // namespace chive::app
