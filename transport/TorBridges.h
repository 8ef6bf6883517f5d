#pragma once

// TorBridges: the Tor options that a profile's bridge settings turn into:
// the Bridge lines and the ClientTransportPlugin lines of the pluggable
// transports they need (Debian's obfs4proxy for obfs4, snowflake-client for
// snowflake). Given to the embedded Tor at start (addTo), or to a running
// Tor in one SETCONF (apply), which Tor takes whole or not at all.
//
// A plain value. apply() blocks for one control round trip.

#include "core/Result.h"
#include "core/net/NetworkSettings.h"
#include "transport/ControlConnection.h"
#include "transport/TorOptions.h"

#include <filesystem>
#include <string>
#include <vector>

namespace chive::transport {

struct PluginPaths {
    std::filesystem::path obfs4proxy = "/usr/bin/obfs4proxy";
    std::filesystem::path snowflakeClient = "/usr/bin/snowflake-client";

    // Whether the plugin that `transport` needs is an executable file; true
    // for plain bridges, which need none.
    [[nodiscard]] bool installed(core::BridgeTransport transport) const;
};

struct TorBridges {
    // Values of Tor's Bridge option; empty means bridges are off.
    std::vector<std::string> bridges;
    // Values of ClientTransportPlugin ("obfs4 exec /usr/bin/obfs4proxy").
    std::vector<std::string> transportPlugins;

    // NotFound, naming the Debian package, if the plugin the bridges need is
    // not installed; InvalidArgument for settings that do not validate or a
    // plugin path with a space, quote, backslash or control character.
    static core::Result<TorBridges> from(const core::NetworkSettings& settings,
                                         const PluginPaths& plugins = {});

    // "SETCONF UseBridges=1 Bridge=\"…\" … ClientTransportPlugin=\"…\"", or
    // with bridges off "SETCONF UseBridges=0 Bridge ClientTransportPlugin"
    // (resetting both lists). One command, so Tor applies all or nothing.
    [[nodiscard]] std::string setconfCommand() const;
    // Sends setconfCommand(). On a refusal the error (Tor) carries Tor's
    // own text, and Tor keeps its previous options.
    core::Status apply(ControlConnection& control) const;
    // Puts the lines into `options` for the embedded Tor's start.
    void addTo(TorOptions& options) const;
};

} // namespace chive::transport
