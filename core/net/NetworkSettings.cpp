#include "core/net/NetworkSettings.h"

#include <algorithm>
#include <charconv>

namespace chive::core {

namespace {

constexpr std::string_view kHeader = "chive-network 1";
constexpr std::string_view kHeaderPrefix = "chive-network ";
// The stored text holds at most the bridge lines and a few short values.
constexpr std::size_t kMaxEncodedLength = kMaxBridgeText + 3 * kMaxPathLength + 1024;

tl::unexpected<Error> invalid(std::string message) {
    return fail(ErrorCode::InvalidArgument, std::move(message));
}

bool hasControlCharacter(std::string_view text) {
    return std::ranges::any_of(text, [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte < 0x20 || byte == 0x7F;
    });
}

Status checkPath(std::string_view what, std::string_view path, std::size_t maxLength) {
    if (!path.starts_with('/')) {
        return invalid(std::string(what) + " must be an absolute path");
    }
    if (path.size() > maxLength) {
        return invalid(std::string(what) + " is longer than " + std::to_string(maxLength) +
                       " bytes");
    }
    if (hasControlCharacter(path)) {
        return invalid(std::string(what) + " contains a control character");
    }
    return {};
}

Status validateSystemTor(const SystemTorSettings& tor) {
    const bool socket = !tor.controlSocket.empty();
    const bool port = tor.controlPort != 0;
    if (socket == port) {
        return invalid("a system Tor needs either a control socket path or a control port "
                       "on 127.0.0.1");
    }
    if (socket) {
        if (auto ok = checkPath("the control socket", tor.controlSocket, kMaxControlSocketPath);
            !ok) {
            return ok;
        }
    }
    if (tor.auth == ControlAuth::Cookie && !tor.cookieFile.empty()) {
        if (auto ok = checkPath("the cookie file", tor.cookieFile, kMaxPathLength); !ok) {
            return ok;
        }
    }
    if (tor.auth == ControlAuth::Password) {
        if (tor.password.empty()) {
            return invalid("password authentication needs the control port's password");
        }
        if (tor.password.size() > kMaxControlPassword) {
            return invalid("the control port's password is longer than " +
                           std::to_string(kMaxControlPassword) + " bytes");
        }
        if (hasControlCharacter(tor.password)) {
            return invalid("the control port's password contains a control character");
        }
    }
    return {};
}

const char* modeName(TorMode mode) {
    return mode == TorMode::System ? "system" : "embedded";
}

std::optional<BridgeMode> bridgeModeFromName(std::string_view name) {
    for (const auto mode :
         {BridgeMode::Off, BridgeMode::Plain, BridgeMode::Obfs4, BridgeMode::Snowflake}) {
        if (name == bridgeModeName(mode)) {
            return mode;
        }
    }
    return std::nullopt;
}

} // namespace

BridgeTransport bridgeTransportOf(BridgeMode mode) noexcept {
    switch (mode) {
    case BridgeMode::Obfs4:
        return BridgeTransport::Obfs4;
    case BridgeMode::Snowflake:
        return BridgeTransport::Snowflake;
    case BridgeMode::Off:
    case BridgeMode::Plain:
        break;
    }
    return BridgeTransport::Plain;
}

const char* bridgeModeName(BridgeMode mode) noexcept {
    switch (mode) {
    case BridgeMode::Off:
        return "off";
    case BridgeMode::Plain:
        return "plain";
    case BridgeMode::Obfs4:
        return "obfs4";
    case BridgeMode::Snowflake:
        return "snowflake";
    }
    return "off";
}

Status validateNetworkSettings(const NetworkSettings& settings) {
    if (settings.bridges != BridgeMode::Off) {
        if (settings.bridgeLines.empty()) {
            return invalid("bridges are on, but no bridge line is given");
        }
        if (settings.bridgeLines.size() > kMaxBridgeLines) {
            return invalid("more than " + std::to_string(kMaxBridgeLines) + " bridges");
        }
        const auto wanted = bridgeTransportOf(settings.bridges);
        for (std::size_t i = 0; i < settings.bridgeLines.size(); ++i) {
            if (settings.bridgeLines[i].transport() != wanted) {
                return invalid("bridge " + std::to_string(i + 1) + " is a " +
                               bridgeTransportName(settings.bridgeLines[i].transport()) +
                               " bridge, but " + bridgeModeName(settings.bridges) +
                               " bridges are chosen");
            }
        }
    }
    if (settings.mode == TorMode::System) {
        return validateSystemTor(settings.systemTor);
    }
    return {};
}

std::string encodeNetworkSettings(const NetworkSettings& settings) {
    std::string text(kHeader);
    text += "\nmode ";
    text += modeName(settings.mode);
    text += "\nbridges ";
    text += bridgeModeName(settings.bridges);
    text += '\n';
    for (const auto& line : settings.bridgeLines) {
        text += "bridge " + line.toTorValue() + '\n';
    }
    const auto& tor = settings.systemTor;
    if (!tor.controlSocket.empty()) {
        text += "control-socket " + tor.controlSocket + '\n';
    }
    if (tor.controlPort != 0) {
        text += "control-port " + std::to_string(tor.controlPort) + '\n';
    }
    text += tor.auth == ControlAuth::Password ? "auth password\n" : "auth cookie\n";
    if (!tor.cookieFile.empty()) {
        text += "cookie-file " + tor.cookieFile + '\n';
    }
    if (!tor.password.empty()) {
        text += "password " + tor.password + '\n';
    }
    return text;
}

Result<NetworkSettings> decodeNetworkSettings(std::string_view text) {
    if (text.size() > kMaxEncodedLength) {
        return fail(ErrorCode::TooLarge, "the stored network settings are too large");
    }
    NetworkSettings settings;
    bool first = true;
    std::size_t start = 0;
    while (start < text.size()) {
        const auto end = text.find('\n', start);
        if (end == std::string_view::npos) {
            return fail(ErrorCode::Malformed, "the stored network settings are cut short");
        }
        const std::string_view line = text.substr(start, end - start);
        start = end + 1;
        if (first) {
            first = false;
            if (line == kHeader) {
                continue;
            }
            if (line.starts_with(kHeaderPrefix)) {
                return fail(ErrorCode::UnsupportedVersion,
                            "the network settings were stored by a newer Chive");
            }
            return fail(ErrorCode::Malformed, "the stored network settings have no header");
        }
        const auto space = line.find(' ');
        if (space == std::string_view::npos) {
            return fail(ErrorCode::Malformed, "a stored network setting has no value");
        }
        const std::string_view key = line.substr(0, space);
        const std::string_view value = line.substr(space + 1);
        if (key == "mode" && (value == "embedded" || value == "system")) {
            settings.mode = value == "system" ? TorMode::System : TorMode::Embedded;
        } else if (key == "bridges" && bridgeModeFromName(value)) {
            settings.bridges = *bridgeModeFromName(value);
        } else if (key == "bridge" && settings.bridgeLines.size() < kMaxBridgeLines) {
            auto bridge = BridgeLine::parse(value);
            if (!bridge) {
                return fail(ErrorCode::Malformed,
                            "a stored bridge line is not valid: " + bridge.error().message);
            }
            settings.bridgeLines.push_back(std::move(*bridge));
        } else if (key == "control-socket") {
            settings.systemTor.controlSocket = std::string(value);
        } else if (key == "control-port") {
            unsigned port = 0;
            const auto parsed = std::from_chars(value.data(), value.data() + value.size(), port);
            if (parsed.ec != std::errc{} || parsed.ptr != value.data() + value.size() ||
                port == 0 || port > 65535) {
                return fail(ErrorCode::Malformed, "the stored control port is not a port");
            }
            settings.systemTor.controlPort = static_cast<std::uint16_t>(port);
        } else if (key == "auth" && (value == "cookie" || value == "password")) {
            settings.systemTor.auth =
                value == "password" ? ControlAuth::Password : ControlAuth::Cookie;
        } else if (key == "cookie-file") {
            settings.systemTor.cookieFile = std::string(value);
        } else if (key == "password") {
            settings.systemTor.password = std::string(value);
        } else {
            return fail(ErrorCode::Malformed, "unknown stored network setting \"" +
                                                  std::string(key.substr(0, 32)) + "\"");
        }
    }
    if (first) {
        return fail(ErrorCode::Malformed, "the stored network settings are empty");
    }
    if (auto ok = validateNetworkSettings(settings); !ok) {
        return fail(ErrorCode::Malformed,
                    "the stored network settings are not valid: " + ok.error().message);
    }
    return settings;
}

Result<NetworkSettings> loadNetworkSettings(SettingsRepository& settings) {
    auto text = settings.getText(kNetworkSettingsKey);
    if (!text) {
        return fail(text.error());
    }
    if (!*text) {
        return NetworkSettings{};
    }
    return decodeNetworkSettings(**text);
}

Status saveNetworkSettings(SettingsRepository& settings, const NetworkSettings& network) {
    if (auto ok = validateNetworkSettings(network); !ok) {
        return ok;
    }
    return settings.setText(kNetworkSettingsKey, encodeNetworkSettings(network));
}

} // namespace chive::core
