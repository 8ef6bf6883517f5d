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
    // ProfileSession runs the embedded Tor only (see applyNetworkSettings).
    return false;
}

} // namespace chive::app
