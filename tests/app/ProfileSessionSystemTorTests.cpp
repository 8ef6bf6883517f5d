// ProfileSession on a system Tor: a Debian tor started by the test with its
// network disabled (nothing leaves this computer), a control socket and
// cookie authentication, stands in for Tails' Tor. Choosing it moves the
// messenger onto it, the choice holds across a restart without the embedded
// Tor ever starting, locking leaves that Tor running, and a Tor that is gone
// is reported in words. (That TorTransport withdraws its services from a
// system Tor is tested in tests/transport/network/SystemTorNetworkTests.cpp.)

#include "app/ProfileSession.h"
#include "transport/SystemTor.h"

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include <filesystem>
#include <string>

#include "tests/transport/OnionTestSupport.h"

using Catch::Matchers::ContainsSubstring;
using chive::app::ProfileSession;
using chive::core::ErrorCode;
using chive::core::NetworkSettings;
using chive::core::SecureBuffer;
using chive::core::TorMode;
using chive::testing::BareTor;
using chive::testing::TempDir;
using namespace std::chrono_literals;

namespace {

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

// Records which Tor each runtime was made on, and makes none.
struct FactoryCalls {
    int system = 0;
    int embedded = 0;
    chive::app::MessengerFactory factory() {
        return [this](chive::storage::Profile&, chive::transport::RunningTor& tor)
                   -> chive::core::Result<std::unique_ptr<chive::app::MessengerRuntime>> {
            if (dynamic_cast<chive::transport::SystemTor*>(&tor) != nullptr) {
                ++system;
            } else {
                ++embedded;
            }
            return chive::core::fail(ErrorCode::Closed, "no messenger in this test");
        };
    }
};

std::string whyNoMessenger(const ProfileSession& session) {
    const chive::core::Error* error = session.runtimeError();
    return error != nullptr ? error->message : std::string("(no error)");
}

} // namespace

TEST_CASE("a profile set to a system Tor unlocks on it, and says so in words when it is gone",
          "[app][network][systemtor]") {
    TempDir dir;
    const auto control = dir / "control";
    std::filesystem::create_directories(dir / "tor");
    std::filesystem::permissions(dir / "tor", std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::replace);
    chive::testing::writeFile(dir / "torrc", "DataDirectory " + (dir / "tor").string() +
                                                 "\nDisableNetwork 1\nControlPort unix:\"" +
                                                 control.string() +
                                                 "\"\nCookieAuthentication 1\nSocksPort auto\n");
    BareTor systemTor(dir / "torrc", dir / "tor.log");
    REQUIRE(chive::testing::waitFor([&] { return std::filesystem::exists(control); }, 30s));

    NetworkSettings system;
    system.mode = TorMode::System;
    system.systemTor.controlSocket = control.string();
    QuietTorListener listener;
    FactoryCalls calls;
    {
        // A profile is created on the embedded Tor (the default), offline.
        chive::transport::TorOptions offline;
        offline.dataDirectory = dir / "profile" / "tor";
        offline.disableNetwork = true;
        ProfileSession session(dir / "profile", offline, listener, calls.factory(), fastProfile());
        REQUIRE(session.create(password()));
        CHECK(calls.embedded == 1);
        auto applied = session.applyNetworkSettings(system);
        INFO((applied ? std::string() : applied.error().message));
        REQUIRE(applied);
        CHECK(calls.system == 1);
        CHECK(session.networkSettings().value() == system);
        session.shutdown();
    }
    {
        // A new session, as after a restart: the embedded Tor is not started.
        ProfileSession session(dir / "profile", {}, listener, calls.factory(), fastProfile());
        REQUIRE(session.unlock(password()));
        CHECK(calls.system == 2);
        CHECK(calls.embedded == 1);
        CHECK(session.tor() == nullptr);
        CHECK(whyNoMessenger(session) == "no messenger in this test");
        REQUIRE(session.lock());
    }
    // Locking closed our connection and left the system's Tor running.
    auto probe = chive::transport::SystemTor::connect(system.systemTor, listener);
    REQUIRE(probe);
    CHECK((*probe)->control().command("GETINFO version"));

    // Tor gone: unlocking still opens the profile, and says why there is no
    // messenger.
    probe->reset();
    systemTor.stop();
    ProfileSession session(dir / "profile", {}, listener, calls.factory(), fastProfile());
    REQUIRE(session.unlock(password()));
    CHECK_THAT(whyNoMessenger(session),
               ContainsSubstring("cannot reach Tor's control port at " + control.string()));
    CHECK(session.messenger() == nullptr);
    session.shutdown();
}
