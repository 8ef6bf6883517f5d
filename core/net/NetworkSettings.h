#pragma once

// NetworkSettings: how a profile reaches the Tor network: the embedded Tor,
// directly or through bridges, or a Tor the system runs (Tails, a system
// tor service) reached over its control port. Kept in the profile's
// encrypted settings under kNetworkSettingsKey, never in a plaintext file:
// bridge addresses say something about where a person is.
//
// Plain values; validate() says whether a value may be applied. The stored
// form is versioned text, one "key value" per line; bridge lines and paths
// cannot contain line breaks (validate() refuses them), so no value can
// forge another line.

#include "core/Result.h"
#include "core/net/BridgeLine.h"
#include "core/store/SettingsRepository.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace chive::core {

enum class TorMode { Embedded, System };
enum class BridgeMode { Off, Plain, Obfs4, Snowflake };
enum class ControlAuth { Cookie, Password };

struct SystemTorSettings {
    // Exactly one of: an absolute path of Tor's control socket, or a TCP
    // port on 127.0.0.1 (nothing else: the control port is never reached
    // over a network).
    std::string controlSocket;
    std::uint16_t controlPort = 0;
    ControlAuth auth = ControlAuth::Cookie;
    // Cookie authentication: the cookie file; empty means the one Tor names
    // in its PROTOCOLINFO reply.
    std::string cookieFile;
    // Password authentication (HashedControlPassword). Stored only in the
    // encrypted database, never logged.
    std::string password;

    friend bool operator==(const SystemTorSettings&, const SystemTorSettings&) = default;
};

struct NetworkSettings {
    TorMode mode = TorMode::Embedded;
    BridgeMode bridges = BridgeMode::Off;
    // Every line's transport matches `bridges` (validate() checks it).
    std::vector<BridgeLine> bridgeLines;
    SystemTorSettings systemTor;

    friend bool operator==(const NetworkSettings&, const NetworkSettings&) = default;
};

inline constexpr std::string_view kNetworkSettingsKey = "network";
inline constexpr std::size_t kMaxPathLength = 4096;
// sun_path holds 108 bytes with the terminating NUL.
inline constexpr std::size_t kMaxControlSocketPath = 107;
inline constexpr std::size_t kMaxControlPassword = 256;

// The transport the lines of `mode` must have; Plain for Off too.
BridgeTransport bridgeTransportOf(BridgeMode mode) noexcept;
// "off", "plain", "obfs4", "snowflake".
const char* bridgeModeName(BridgeMode mode) noexcept;

// InvalidArgument with what is wrong: bridges on without lines, a line of
// another transport than the chosen one, more than kMaxBridgeLines, a system
// Tor without (or with both) a control socket and port, a relative or
// over-long path, a control character in a path or the password, an empty
// password.
Status validateNetworkSettings(const NetworkSettings& settings);

std::string encodeNetworkSettings(const NetworkSettings& settings);
// Malformed for text that encodeNetworkSettings did not make, or whose
// values do not validate; UnsupportedVersion for a newer format.
Result<NetworkSettings> decodeNetworkSettings(std::string_view text);

// The stored settings, or the defaults (embedded Tor, no bridges) if none
// were stored. Run on the storage thread.
Result<NetworkSettings> loadNetworkSettings(SettingsRepository& settings);
// Validates, then stores. Run on the storage thread.
Status saveNetworkSettings(SettingsRepository& settings, const NetworkSettings& network);

} // namespace chive::core
