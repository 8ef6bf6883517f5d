// ProfileSession's network settings with the real embedded Tor, offline or
// with bridges on 127.0.0.1 only (nothing reaches the internet): stored in
// the encrypted profile, given to Tor at start and live, refused changes
// leave Tor and the profile as they were. One Tor per process (ctest runs
// each case alone).

#include "app/ProfileSession.h"
#include "core/store/ProfileStore.h"
#include "storage/Profile.h"

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "tests/transport/OnionTestSupport.h"

using Catch::Matchers::ContainsSubstring;
using chive::app::ProfileSession;
using chive::core::BridgeLine;
using chive::core::BridgeMode;
using chive::core::ErrorCode;
using chive::core::NetworkSettings;
using chive::core::SecureBuffer;
using chive::core::TorMode;
using chive::transport::PluginPaths;

namespace {

constexpr std::string_view kBridge = "127.0.0.1:9 52888FFE2AF418221B7027A03467307FB104244C";
constexpr std::string_view kObfs4 =
    "obfs4 127.0.0.1:9 2B280B23E1107BB62ABFC40DDCC8824814F80A72 "
    "cert=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMw iat-mode=0";

class TempProfileDir {
public:
    TempProfileDir() {
        std::string pattern = "/tmp/chive-net-XXXXXX";
        REQUIRE(::mkdtemp(pattern.data()) != nullptr);
        m_path = pattern;
    }
    ~TempProfileDir() {
        std::error_code ignored;
        std::filesystem::remove_all(m_path, ignored);
    }
    TempProfileDir(const TempProfileDir&) = delete;
    TempProfileDir& operator=(const TempProfileDir&) = delete;
    [[nodiscard]] std::filesystem::path profile() const { return m_path / "profile"; }

private:
    std::filesystem::path m_path;
};

class QuietTorListener : public chive::core::TorEventListener {
public:
    void onBootstrapStatus(const chive::core::BootstrapStatus&) override {}
    void onTorStopped(const std::string&) override {}
};

SecureBuffer password() {
    const std::string text = "correct horse battery staple";
    return SecureBuffer::copyOf(
        std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

chive::storage::ProfileOptions fastProfile() {
    chive::storage::ProfileOptions options;
    options.kdf = chive::storage::KdfParams::fastForTests();
    return options;
}

// No messenger: these tests are about Tor and the profile only.
chive::app::MessengerFactory noMessenger() {
    return [](chive::storage::Profile&, chive::transport::RunningTor&)
               -> chive::core::Result<std::unique_ptr<chive::app::MessengerRuntime>> {
        return chive::core::fail(ErrorCode::Closed, "no messenger in this test");
    };
}

NetworkSettings bridges(BridgeMode mode, std::string_view line) {
    auto parsed = BridgeLine::parse(line);
    REQUIRE(parsed);
    NetworkSettings settings;
    settings.bridges = mode;
    settings.bridgeLines = {*parsed};
    return settings;
}

std::string getconf(ProfileSession& session, const std::string& key) {
    REQUIRE(session.tor() != nullptr);
    auto reply = session.tor()->control().command("GETCONF " + key);
    REQUIRE(reply);
    std::string values;
    for (const auto& line : reply->lines) {
        if (!values.empty()) {
            values += '|';
        }
        values += line.text;
    }
    return values;
}

// A profile made by an earlier run that stored `settings`.
void createProfileWith(const std::filesystem::path& path, const NetworkSettings& settings) {
    auto profile = chive::storage::Profile::create(path, password(), fastProfile());
    REQUIRE(profile);
    auto stored = (*profile)->storage().submit([&settings](chive::core::ProfileStore& store) {
        return chive::core::saveNetworkSettings(store.settings(), settings);
    });
    REQUIRE(stored);
    REQUIRE(stored->get());
}

// Whether any file under `dir` holds `needle` (Tor's own files included).
bool anyFileContains(const std::filesystem::path& dir, std::string_view needle) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
        if (!entry.is_regular_file()) {
            continue;
        }
        std::ifstream in(entry.path(), std::ios::binary);
        std::string content(entry.file_size(), '\0');
        in.read(content.data(), static_cast<std::streamsize>(content.size()));
        if (content.find(needle) != std::string::npos) {
            UNSCOPED_INFO("found in " << entry.path());
            return true;
        }
    }
    return false;
}

} // namespace

TEST_CASE("network settings are applied live and stay encrypted across a relock",
          "[app][network]") {
    TempProfileDir dir;
    QuietTorListener listener;
    chive::transport::TorOptions tor;
    tor.dataDirectory = dir.profile() / "tor";
    tor.disableNetwork = true;
    ProfileSession session(dir.profile(), tor, listener, noMessenger(), fastProfile());
    REQUIRE(session.create(password()));
    CHECK(session.networkSettings().value() == NetworkSettings{});
    CHECK(getconf(session, "UseBridges") == "UseBridges=0");
    CHECK_FALSE(session.networkError());

    const auto plain = bridges(BridgeMode::Plain, kBridge);
    REQUIRE(session.applyNetworkSettings(plain));
    CHECK(getconf(session, "UseBridges") == "UseBridges=1");
    CHECK(getconf(session, "Bridge") == "Bridge=" + std::string(kBridge));
    CHECK(session.networkSettings().value() == plain);

    // Refused before Tor sees anything: a missing plugin.
    session.setPluginPaths(PluginPaths{"/nonexistent/obfs4proxy", "/nonexistent/snowflake"});
    auto missing = session.applyNetworkSettings(bridges(BridgeMode::Obfs4, kObfs4));
    REQUIRE_FALSE(missing);
    CHECK(missing.error().code == ErrorCode::NotFound);
    CHECK_THAT(missing.error().message, ContainsSubstring("obfs4proxy"));
    // A system Tor that cannot be reached: nothing changes.
    NetworkSettings system;
    system.mode = TorMode::System;
    system.systemTor.controlSocket = (dir.profile().parent_path() / "no-control").string();
    auto unreachable = session.applyNetworkSettings(system);
    REQUIRE_FALSE(unreachable);
    CHECK(unreachable.error().code == ErrorCode::Network);
    CHECK_THAT(
        unreachable.error().message,
        ContainsSubstring("cannot reach Tor's control port at " + system.systemTor.controlSocket));
    CHECK(getconf(session, "Bridge") == "Bridge=" + std::string(kBridge));
    CHECK(session.networkSettings().value() == plain);

    // Stored in the database, which is encrypted: no file of the profile
    // but Tor's own shows the bridge.
    REQUIRE(session.lock());
    CHECK(session.networkSettings().error().code == ErrorCode::Closed);
    CHECK(session.applyNetworkSettings(plain).error().code == ErrorCode::Closed);
    for (const auto& entry : std::filesystem::directory_iterator(dir.profile())) {
        if (entry.path().filename() != "tor") {
            CHECK_FALSE(anyFileContains(entry.is_directory() ? entry.path() : dir.profile(),
                                        "127.0.0.1:9"));
        }
    }
    REQUIRE(session.unlock(password()));
    CHECK(session.networkSettings().value() == plain);
    session.shutdown();
}

TEST_CASE("a profile whose bridges cannot be used starts Tor off the network until fixed",
          "[app][network]") {
    TempProfileDir dir;
    // Stored by an earlier run, when obfs4proxy was installed.
    createProfileWith(dir.profile(), bridges(BridgeMode::Obfs4, kObfs4));
    QuietTorListener listener;
    chive::transport::TorOptions tor;
    tor.dataDirectory = dir.profile() / "tor";
    tor.disableNetwork = false; // would connect, but for the missing plugin
    ProfileSession session(dir.profile(), tor, listener, noMessenger(), fastProfile());
    session.setPluginPaths(PluginPaths{"/nonexistent/obfs4proxy", "/nonexistent/snowflake"});
    REQUIRE(session.unlock(password()));
    REQUIRE(session.networkError());
    CHECK(session.networkError()->code == ErrorCode::NotFound);
    CHECK(getconf(session, "DisableNetwork") == "DisableNetwork=1");
    CHECK(getconf(session, "UseBridges") == "UseBridges=0");

    // A bridge on 127.0.0.1 where nothing answers: Tor goes on the network,
    // but only to that bridge.
    REQUIRE(session.applyNetworkSettings(bridges(BridgeMode::Plain, kBridge)));
    CHECK_FALSE(session.networkError());
    CHECK(getconf(session, "DisableNetwork") == "DisableNetwork=0");
    CHECK(getconf(session, "UseBridges") == "UseBridges=1");
    session.shutdown();
}

TEST_CASE("choosing a system Tor takes the running embedded Tor off the network until it is "
          "chosen again",
          "[app][network][systemtor]") {
    TempProfileDir dir;
    // Stored by an earlier run: a bridge on 127.0.0.1 where nothing answers,
    // so the embedded Tor is on the network but reaches nothing.
    createProfileWith(dir.profile(), bridges(BridgeMode::Plain, kBridge));
    // The "system" Tor: a Debian tor with its network disabled and a control
    // socket with cookie authentication.
    const auto systemDir = dir.profile().parent_path() / "system";
    std::filesystem::create_directories(systemDir / "data");
    std::filesystem::permissions(systemDir, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::replace);
    const auto control = systemDir / "control";
    chive::testing::writeFile(systemDir / "torrc",
                              "DataDirectory " + (systemDir / "data").string() +
                                  "\nDisableNetwork 1\nControlPort unix:\"" + control.string() +
                                  "\"\nCookieAuthentication 1\nSocksPort auto\n");
    chive::testing::BareTor systemTor(systemDir / "torrc", systemDir / "tor.log");
    REQUIRE(chive::testing::waitFor([&] { return std::filesystem::exists(control); },
                                    std::chrono::seconds(30)));

    QuietTorListener listener;
    chive::transport::TorOptions tor;
    tor.dataDirectory = dir.profile() / "tor";
    tor.disableNetwork = false;
    ProfileSession session(dir.profile(), tor, listener, noMessenger(), fastProfile());
    REQUIRE(session.unlock(password()));
    CHECK(getconf(session, "DisableNetwork") == "DisableNetwork=0");

    NetworkSettings system;
    system.mode = TorMode::System;
    system.systemTor.controlSocket = (systemDir / "nothing-here").string();
    // A system Tor that cannot be reached changes nothing.
    REQUIRE_FALSE(session.applyNetworkSettings(system));
    CHECK(getconf(session, "DisableNetwork") == "DisableNetwork=0");

    system.systemTor.controlSocket = control.string();
    auto applied = session.applyNetworkSettings(system);
    INFO((applied ? std::string() : applied.error().message));
    REQUIRE(applied);
    CHECK(getconf(session, "DisableNetwork") == "DisableNetwork=1");

    // Back to the embedded Tor: on the network again, with the bridge.
    REQUIRE(session.applyNetworkSettings(bridges(BridgeMode::Plain, kBridge)));
    CHECK(getconf(session, "DisableNetwork") == "DisableNetwork=0");
    CHECK(getconf(session, "UseBridges") == "UseBridges=1");
    session.shutdown();
    systemTor.stop();
}
