#include "transport/TorBridges.h"

#include <unistd.h>

#include <algorithm>

namespace chive::transport {

using core::BridgeTransport;
using core::ErrorCode;
using core::fail;

namespace {

// A control-protocol quoted string (control-spec 2.1.1). Bridge lines and
// plugin paths never hold quotes or backslashes (checked before), but the
// escaping keeps a value from ending the string whatever it holds.
std::string controlQuoted(std::string_view value) {
    std::string text = "\"";
    for (const char c : value) {
        if (c == '"' || c == '\\') {
            text += '\\';
        }
        text += c;
    }
    text += '"';
    return text;
}

bool isSafePluginPath(std::string_view path) {
    return path.starts_with('/') && std::ranges::all_of(path, [](char c) {
               return c > ' ' && c < 0x7F && c != '"' && c != '\\';
           });
}

} // namespace

bool PluginPaths::installed(BridgeTransport transport) const {
    switch (transport) {
    case BridgeTransport::Obfs4:
        return ::access(obfs4proxy.c_str(), X_OK) == 0;
    case BridgeTransport::Snowflake:
        return ::access(snowflakeClient.c_str(), X_OK) == 0;
    case BridgeTransport::Plain:
        break;
    }
    return true;
}

core::Result<TorBridges> TorBridges::from(const core::NetworkSettings& settings,
                                          const PluginPaths& plugins) {
    if (auto ok = core::validateNetworkSettings(settings); !ok) {
        return fail(ok.error());
    }
    TorBridges result;
    if (settings.bridges == core::BridgeMode::Off) {
        return result;
    }
    const auto transport = core::bridgeTransportOf(settings.bridges);
    if (transport != BridgeTransport::Plain) {
        const bool obfs4 = transport == BridgeTransport::Obfs4;
        const auto& path = obfs4 ? plugins.obfs4proxy : plugins.snowflakeClient;
        const std::string package = obfs4 ? "obfs4proxy" : "snowflake-client";
        if (!isSafePluginPath(path.string())) {
            return fail(ErrorCode::InvalidArgument,
                        "the path of " + package + " cannot be given to Tor: " + path.string());
        }
        if (!plugins.installed(transport)) {
            return fail(ErrorCode::NotFound, std::string(core::bridgeTransportName(transport)) +
                                                 " bridges need " + package + ", but " +
                                                 path.string() +
                                                 " is not installed (install the Debian "
                                                 "package " +
                                                 package + ")");
        }
        result.transportPlugins.push_back(std::string(core::bridgeTransportName(transport)) +
                                          " exec " + path.string());
    }
    for (const auto& line : settings.bridgeLines) {
        result.bridges.push_back(line.toTorValue());
    }
    return result;
}

std::string TorBridges::setconfCommand() const {
    if (bridges.empty()) {
        return "SETCONF UseBridges=0 Bridge ClientTransportPlugin";
    }
    std::string command = "SETCONF UseBridges=1";
    for (const auto& bridge : bridges) {
        command += " Bridge=" + controlQuoted(bridge);
    }
    if (transportPlugins.empty()) {
        command += " ClientTransportPlugin";
    }
    for (const auto& plugin : transportPlugins) {
        command += " ClientTransportPlugin=" + controlQuoted(plugin);
    }
    return command;
}

core::Status TorBridges::apply(ControlConnection& control) const {
    auto reply = control.command(setconfCommand());
    if (!reply) {
        return fail(reply.error());
    }
    return {};
}

void TorBridges::addTo(TorOptions& options) const {
    options.bridges = bridges;
    options.transportPlugins = transportPlugins;
}

} // namespace chive::transport
