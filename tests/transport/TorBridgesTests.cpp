// TorBridges: a profile's bridge settings as Tor options, given to the
// embedded Tor at start and changed live with SETCONF. Tor runs offline
// (DisableNetwork 1): it parses and keeps bridge options without a network.
// Each test case that starts Tor runs in its own process (ctest).

#include "transport/EmbeddedTor.h"
#include "transport/TorBridges.h"

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include <string>
#include <vector>

#include "tests/transport/OnionTestSupport.h"

using Catch::Matchers::ContainsSubstring;
using chive::core::BridgeLine;
using chive::core::BridgeMode;
using chive::core::BridgeTransport;
using chive::core::ErrorCode;
using chive::core::NetworkSettings;
using chive::testing::TempDir;
using chive::transport::ControlConnection;
using chive::transport::EmbeddedTor;
using chive::transport::PluginPaths;
using chive::transport::TorBridges;
using chive::transport::TorOptions;

namespace {

constexpr std::string_view kFingerprint = "52888FFE2AF418221B7027A03467307FB104244C";
constexpr std::string_view kObfs4 =
    "obfs4 192.0.2.10:443 2B280B23E1107BB62ABFC40DDCC8824814F80A72 "
    "cert=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMw iat-mode=0";

class QuietTorListener : public chive::core::TorEventListener {
public:
    void onBootstrapStatus(const chive::core::BootstrapStatus&) override {}
    void onTorStopped(const std::string&) override {}
};

BridgeLine bridge(std::string_view text) {
    auto parsed = BridgeLine::parse(text);
    REQUIRE(parsed);
    return *parsed;
}

NetworkSettings plainBridges(std::vector<std::string> lines) {
    NetworkSettings settings;
    settings.bridges = BridgeMode::Plain;
    for (const auto& line : lines) {
        settings.bridgeLines.push_back(bridge(line));
    }
    return settings;
}

// Values of a GETCONF key, in order ("" for an unset option).
std::vector<std::string> getconf(ControlConnection& control, const std::string& key) {
    auto reply = control.command("GETCONF " + key);
    REQUIRE(reply);
    std::vector<std::string> values;
    for (const auto& line : reply->lines) {
        if (line.text == key) {
            values.emplace_back();
        } else if (line.text.starts_with(key + "=")) {
            values.push_back(line.text.substr(key.size() + 1));
        }
    }
    return values;
}

} // namespace

TEST_CASE("bridge settings become one SETCONF with every key", "[transport][bridges]") {
    auto off = TorBridges::from(NetworkSettings{});
    REQUIRE(off);
    CHECK(off->bridges.empty());
    CHECK(off->setconfCommand() == "SETCONF UseBridges=0 Bridge ClientTransportPlugin");

    const std::string line = "127.0.0.1:5000 " + std::string(kFingerprint);
    auto plain = TorBridges::from(plainBridges({line, "Bridge 127.0.0.1:5001"}));
    REQUIRE(plain);
    CHECK(plain->transportPlugins.empty());
    CHECK(plain->setconfCommand() == "SETCONF UseBridges=1 Bridge=\"" + line +
                                         "\" Bridge=\"127.0.0.1:5001\" ClientTransportPlugin");

    // Stand-ins for the plugins: any executable file will do here.
    PluginPaths fake{"/bin/true", "/bin/false"};
    NetworkSettings obfs4;
    obfs4.bridges = BridgeMode::Obfs4;
    obfs4.bridgeLines = {bridge(kObfs4)};
    auto withPlugin = TorBridges::from(obfs4, fake);
    REQUIRE(withPlugin);
    CHECK(withPlugin->transportPlugins == std::vector<std::string>{"obfs4 exec /bin/true"});
    CHECK(withPlugin->setconfCommand() == "SETCONF UseBridges=1 Bridge=\"" + std::string(kObfs4) +
                                              "\" ClientTransportPlugin=\"obfs4 exec /bin/true\"");
}

TEST_CASE("a missing pluggable transport is named with its Debian package",
          "[transport][bridges]") {
    PluginPaths missing{"/nonexistent/obfs4proxy", "/nonexistent/snowflake-client"};
    CHECK_FALSE(missing.installed(BridgeTransport::Obfs4));
    CHECK(missing.installed(BridgeTransport::Plain));
    NetworkSettings obfs4;
    obfs4.bridges = BridgeMode::Obfs4;
    obfs4.bridgeLines = {bridge(kObfs4)};
    auto refused = TorBridges::from(obfs4, missing);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == ErrorCode::NotFound);
    CHECK(refused.error().message ==
          "obfs4 bridges need obfs4proxy, but /nonexistent/obfs4proxy is not installed "
          "(install the Debian package obfs4proxy)");

    PluginPaths spaced{"/opt/my tools/obfs4proxy", "/usr/bin/snowflake-client"};
    auto unsafe = TorBridges::from(obfs4, spaced);
    REQUIRE_FALSE(unsafe);
    CHECK(unsafe.error().code == ErrorCode::InvalidArgument);

    NetworkSettings empty;
    empty.bridges = BridgeMode::Snowflake;
    CHECK(TorBridges::from(empty).error().code == ErrorCode::InvalidArgument);
}

TEST_CASE("the embedded Tor starts with the bridges and takes new ones live",
          "[transport][tor][bridges]") {
    TempDir dir;
    QuietTorListener listener;
    TorOptions options;
    options.dataDirectory = dir / "tor";
    options.disableNetwork = true;
    const std::string first = "127.0.0.1:5000 " + std::string(kFingerprint);
    auto bridges = TorBridges::from(plainBridges({first}));
    REQUIRE(bridges);
    bridges->addTo(options);
    auto tor = EmbeddedTor::start(options, listener);
    REQUIRE(tor);
    auto& control = (*tor)->control();
    CHECK(getconf(control, "UseBridges") == std::vector<std::string>{"1"});
    CHECK(getconf(control, "Bridge") == std::vector<std::string>{first});

    // Two bridges replace the one.
    auto two = TorBridges::from(plainBridges({"127.0.0.1:5001", "[::1]:5002"}));
    REQUIRE(two);
    REQUIRE(two->apply(control));
    CHECK(getconf(control, "Bridge") == std::vector<std::string>{"127.0.0.1:5001", "[::1]:5002"});

    // A value Tor refuses (only possible by going around BridgeLine):
    // Tor's own words come back and nothing of the command is applied.
    TorBridges bad{{"127.0.0.1:5003", "127.0.0.1:99999"}, {}};
    auto refused = bad.apply(control);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == ErrorCode::Tor);
    CHECK_THAT(refused.error().message, ContainsSubstring("Bridge line did not parse"));
    CHECK(getconf(control, "Bridge") == std::vector<std::string>{"127.0.0.1:5001", "[::1]:5002"});

    auto off = TorBridges::from(NetworkSettings{});
    REQUIRE(off);
    REQUIRE(off->apply(control));
    CHECK(getconf(control, "UseBridges") == std::vector<std::string>{"0"});
    CHECK(getconf(control, "Bridge") == std::vector<std::string>{""});
    CHECK(getconf(control, "ClientTransportPlugin") == std::vector<std::string>{""});
}
