#pragma once

// How to run the embedded Tor.

#include <filesystem>
#include <string>
#include <vector>

namespace chive::transport {

struct TorOptions {
    // Tor's data directory; created with mode 0700 if missing. Lives inside
    // the profile directory. Holds the SOCKS socket too.
    std::filesystem::path dataDirectory;
    // Extra torrc lines ("Key value"), e.g. to join the private test network
    // or to use bridges. Blank lines and '#' comments are ignored.
    std::vector<std::string> extraTorrcLines;
    // Values of Tor's Bridge option (see TorBridges); non-empty turns
    // UseBridges on.
    std::vector<std::string> bridges;
    // Values of ClientTransportPlugin, for the bridges' transports.
    std::vector<std::string> transportPlugins;
    // Start with DisableNetwork 1 (no connections at all until SETCONF).
    bool disableNetwork = false;
    // Tor's own log messages at this level and above go to stderr; they never
    // contain message text and, with SafeLogging, no addresses.
    std::string logLevel = "warn";
};

} // namespace chive::transport
