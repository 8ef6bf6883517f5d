#include "core/net/NetworkSettings.h"

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include <map>

using Catch::Matchers::ContainsSubstring;
using chive::core::BridgeLine;
using chive::core::BridgeMode;
using chive::core::ControlAuth;
using chive::core::decodeNetworkSettings;
using chive::core::encodeNetworkSettings;
using chive::core::ErrorCode;
using chive::core::NetworkSettings;
using chive::core::TorMode;
using chive::core::validateNetworkSettings;

namespace {

constexpr std::string_view kObfs4 =
    "obfs4 192.0.2.10:443 2B280B23E1107BB62ABFC40DDCC8824814F80A72 "
    "cert=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMw iat-mode=1";

BridgeLine bridge(std::string_view text) {
    auto parsed = BridgeLine::parse(text);
    REQUIRE(parsed);
    return *parsed;
}

// Settings in memory, as the storage thread would see them.
class MemorySettings final : public chive::core::SettingsRepository {
public:
    chive::core::Result<std::optional<std::vector<std::uint8_t>>>
    get(std::string_view key) override {
        const auto found = m_values.find(std::string(key));
        if (found == m_values.end()) {
            return std::optional<std::vector<std::uint8_t>>();
        }
        return std::optional<std::vector<std::uint8_t>>(
            std::vector<std::uint8_t>(found->second.begin(), found->second.end()));
    }
    chive::core::Status set(std::string_view key, std::span<const std::uint8_t> value) override {
        m_values[std::string(key)] = std::string(value.begin(), value.end());
        return {};
    }
    chive::core::Status remove(std::string_view key) override {
        m_values.erase(std::string(key));
        return {};
    }
    chive::core::Result<std::optional<std::string>> getText(std::string_view key) override {
        const auto found = m_values.find(std::string(key));
        if (found == m_values.end()) {
            return std::optional<std::string>();
        }
        return std::optional<std::string>(found->second);
    }
    chive::core::Status setText(std::string_view key, std::string_view value) override {
        m_values[std::string(key)] = std::string(value);
        return {};
    }

    std::map<std::string, std::string> m_values;
};

} // namespace

TEST_CASE("network settings survive encoding", "[core][network]") {
    NetworkSettings settings;
    settings.bridges = BridgeMode::Obfs4;
    settings.bridgeLines = {bridge(kObfs4), bridge(std::string(kObfs4).replace(19, 1, "1"))};
    settings.systemTor.controlSocket = "/run/tor/control";
    settings.systemTor.cookieFile = "/run/tor/control.authcookie";
    auto decoded = decodeNetworkSettings(encodeNetworkSettings(settings));
    REQUIRE(decoded);
    CHECK(*decoded == settings);

    NetworkSettings system;
    system.mode = TorMode::System;
    system.systemTor.controlPort = 9051;
    system.systemTor.auth = ControlAuth::Password;
    system.systemTor.password = "a pass word";
    auto again = decodeNetworkSettings(encodeNetworkSettings(system));
    REQUIRE(again);
    CHECK(*again == system);
}

TEST_CASE("the defaults are the embedded Tor without bridges, until settings are saved",
          "[core][network]") {
    MemorySettings store;
    auto loaded = chive::core::loadNetworkSettings(store);
    REQUIRE(loaded);
    CHECK(*loaded == NetworkSettings{});

    NetworkSettings settings;
    settings.bridges = BridgeMode::Plain;
    settings.bridgeLines = {bridge("127.0.0.1:5000")};
    REQUIRE(chive::core::saveNetworkSettings(store, settings));
    loaded = chive::core::loadNetworkSettings(store);
    REQUIRE(loaded);
    CHECK(*loaded == settings);

    settings.bridgeLines.clear(); // invalid: not stored
    CHECK_FALSE(chive::core::saveNetworkSettings(store, settings));
    CHECK(chive::core::loadNetworkSettings(store)->bridgeLines.size() == 1);
}

TEST_CASE("settings that cannot be applied are refused with the reason", "[core][network]") {
    NetworkSettings settings;
    settings.bridges = BridgeMode::Snowflake;
    CHECK(validateNetworkSettings(settings).error().message ==
          "bridges are on, but no bridge line is given");
    settings.bridgeLines = {bridge(kObfs4)};
    CHECK(validateNetworkSettings(settings).error().message ==
          "bridge 1 is a obfs4 bridge, but snowflake bridges are chosen");
    settings.bridges = BridgeMode::Obfs4;
    CHECK(validateNetworkSettings(settings));
    // Lines kept while bridges are off are fine: they are not used.
    settings.bridges = BridgeMode::Off;
    CHECK(validateNetworkSettings(settings));

    settings.mode = TorMode::System;
    CHECK_THAT(validateNetworkSettings(settings).error().message,
               ContainsSubstring("either a control socket path or a control port"));
    settings.systemTor.controlPort = 9051;
    settings.systemTor.controlSocket = "/run/tor/control";
    CHECK_THAT(validateNetworkSettings(settings).error().message,
               ContainsSubstring("either a control socket path or a control port"));
    settings.systemTor.controlPort = 0;
    settings.systemTor.controlSocket = "run/tor/control";
    CHECK(validateNetworkSettings(settings).error().message ==
          "the control socket must be an absolute path");
    settings.systemTor.controlSocket = "/" + std::string(chive::core::kMaxControlSocketPath, 'a');
    CHECK_THAT(validateNetworkSettings(settings).error().message, ContainsSubstring("longer than"));
    settings.systemTor.controlSocket = "/run/tor/control\nmode embedded";
    CHECK(validateNetworkSettings(settings).error().message ==
          "the control socket contains a control character");
    settings.systemTor.controlSocket = "/run/tor/control";
    settings.systemTor.cookieFile = "cookie";
    CHECK(validateNetworkSettings(settings).error().message ==
          "the cookie file must be an absolute path");
    settings.systemTor.auth = ControlAuth::Password;
    CHECK_THAT(validateNetworkSettings(settings).error().message,
               ContainsSubstring("needs the control port's password"));
    settings.systemTor.password = "x\ny";
    CHECK_THAT(validateNetworkSettings(settings).error().message,
               ContainsSubstring("control character"));
    settings.systemTor.password = "secret";
    CHECK(validateNetworkSettings(settings));
}

TEST_CASE("stored text that Chive did not write is refused", "[core][network]") {
    CHECK(decodeNetworkSettings("").error().code == ErrorCode::Malformed);
    CHECK(decodeNetworkSettings("chive-network 2\n").error().code == ErrorCode::UnsupportedVersion);
    CHECK(decodeNetworkSettings("mode embedded\n").error().code == ErrorCode::Malformed);
    CHECK(decodeNetworkSettings("chive-network 1\nmode embedded").error().code ==
          ErrorCode::Malformed);
    CHECK(decodeNetworkSettings("chive-network 1\nmode other\n").error().code ==
          ErrorCode::Malformed);
    CHECK(decodeNetworkSettings("chive-network 1\ncolour blue\n").error().code ==
          ErrorCode::Malformed);
    CHECK(decodeNetworkSettings("chive-network 1\ncontrol-port 70000\n").error().code ==
          ErrorCode::Malformed);
    CHECK(decodeNetworkSettings("chive-network 1\nbridges obfs4\nbridge 192.0.2.1:443\n")
              .error()
              .code == ErrorCode::Malformed);
    CHECK(decodeNetworkSettings("chive-network 1\nbridges plain\nbridge 192.0.2.1:443 \"\n")
              .error()
              .code == ErrorCode::Malformed);
    auto fine = decodeNetworkSettings("chive-network 1\nbridges plain\nbridge 192.0.2.1:443\n");
    REQUIRE(fine);
    CHECK(fine->bridgeLines.front().address() == "192.0.2.1:443");
}
