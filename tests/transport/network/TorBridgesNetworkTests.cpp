// Bridges on the private Tor network (ctest fixture "tor_network"): a relay
// of the network used as a plain bridge ("Bridge 127.0.0.1:ORPORT
// FINGERPRINT"). The embedded Tor is started with the same relay at a port
// where nothing listens, must not finish bootstrapping, and then gets the
// live bridge with one SETCONF (TorBridges::apply) while running: it must
// bootstrap to 100% through it, and its circuits must start at the bridge.
//
// One embedded Tor per process (ctest runs each case alone).

#include "core/net/NetworkSettings.h"
#include "transport/EmbeddedTor.h"
#include "transport/TorBridges.h"
#include "transport/UniqueFd.h"

#include <catch2/catch_test_macros.hpp>
#include <netinet/in.h>
#include <sys/socket.h>

#include <condition_variable>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <mutex>
#include <sstream>

#include "tests/transport/OnionTestSupport.h"
#include "tests/transport/network/NetworkTestSupport.h"

using chive::core::BridgeLine;
using chive::core::BridgeMode;
using chive::core::NetworkSettings;
using chive::testing::TempDir;
using chive::testing::waitFor;
using chive::testing::network::clientTorrc;
using chive::testing::network::Clock;
using chive::testing::network::networkDir;
using chive::transport::EmbeddedTor;
using chive::transport::TorBridges;
using chive::transport::TorOptions;
using chive::transport::UniqueFd;
using namespace std::chrono_literals;

namespace {

constexpr auto kBootstrapLimit = 120s;
// How long Tor is given to (wrongly) bootstrap through a dead bridge.
constexpr auto kDeadBridgeWait = 10s;

struct Relay {
    std::string fingerprint;
    int orPort = 0;
};

// relay1's ORPort (from DIR/layout) and fingerprint (DIR/nodes/relay1).
Relay relay(const std::string& name) {
    Relay found;
    std::ifstream layout(networkDir() / "layout");
    for (std::string line; std::getline(layout, line);) {
        std::istringstream words(line);
        std::string node;
        std::string kind;
        std::string orport;
        words >> node >> kind >> orport;
        if (node == name && orport.starts_with("orport=")) {
            found.orPort = std::stoi(orport.substr(7));
        }
    }
    std::ifstream print(networkDir() / "nodes" / name / "fingerprint");
    std::string nickname;
    print >> nickname >> found.fingerprint;
    REQUIRE(found.orPort > 0);
    REQUIRE(found.fingerprint.size() == 40);
    return found;
}

// A 127.0.0.1 port that is bound but not listening: connections to it are
// refused for as long as the returned socket lives.
std::pair<UniqueFd, int> deadPort() {
    UniqueFd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    REQUIRE(fd);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof(address)) == 0);
    socklen_t length = sizeof(address);
    REQUIRE(::getsockname(fd.get(), reinterpret_cast<sockaddr*>(&address), &length) == 0);
    return {std::move(fd), ntohs(address.sin_port)};
}

TorBridges plainBridge(const std::string& line) {
    auto parsed = BridgeLine::parse(line);
    REQUIRE(parsed);
    NetworkSettings settings;
    settings.bridges = BridgeMode::Plain;
    settings.bridgeLines = {*parsed};
    auto bridges = TorBridges::from(settings);
    REQUIRE(bridges);
    return *bridges;
}

class ProgressWatcher : public chive::core::TorEventListener {
public:
    void onBootstrapStatus(const chive::core::BootstrapStatus& status) override {
        std::lock_guard lock(m_mutex);
        m_highest = std::max(m_highest, status.progress);
        m_changed.notify_all();
    }
    void onTorStopped(const std::string&) override {}
    int highest() {
        std::lock_guard lock(m_mutex);
        return m_highest;
    }
    bool waitDone(std::chrono::seconds limit) {
        std::unique_lock lock(m_mutex);
        return m_changed.wait_for(lock, limit, [&] { return m_highest >= 100; });
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_changed;
    int m_highest = 0;
};

// First hops ("$FINGERPRINT~nick" up to the first comma) of BUILT circuits.
std::vector<std::string> firstHopsOfBuiltCircuits(chive::transport::ControlConnection& control) {
    auto reply = control.command("GETINFO circuit-status");
    REQUIRE(reply);
    std::vector<std::string> hops;
    for (const auto& line : reply->lines) {
        std::istringstream text(line.data.value_or(line.text));
        for (std::string circuit; std::getline(text, circuit);) {
            std::istringstream words(circuit);
            std::string id;
            std::string state;
            std::string path;
            words >> id >> state >> path;
            if (state == "BUILT" && !path.empty()) {
                hops.push_back(path.substr(0, path.find(',')));
            }
        }
    }
    return hops;
}

} // namespace

TEST_CASE("a bridge set with SETCONF on a running Tor is used at once",
          "[transport][tor-network][bridges]") {
    TempDir dir;
    const Relay bridgeRelay = relay("relay1");
    auto [deadSocket, port] = deadPort();

    TorOptions options;
    options.dataDirectory = dir / "tor";
    options.extraTorrcLines = clientTorrc();
    plainBridge("127.0.0.1:" + std::to_string(port) + " " + bridgeRelay.fingerprint).addTo(options);
    ProgressWatcher watcher;
    auto started = EmbeddedTor::start(options, watcher);
    REQUIRE(started);
    auto& tor = **started;

    // Through a bridge nobody answers on, Tor cannot finish: this is what
    // shows that it uses the bridge and not the relays it knows.
    std::this_thread::sleep_for(kDeadBridgeWait);
    const int stuckAt = watcher.highest();
    std::cout << "[bridges] with a dead bridge, bootstrap stayed at " << stuckAt << "% for "
              << kDeadBridgeWait.count() << " s\n";
    REQUIRE(stuckAt < 100);

    const auto applied = Clock::now();
    const std::string live =
        "127.0.0.1:" + std::to_string(bridgeRelay.orPort) + " " + bridgeRelay.fingerprint;
    REQUIRE(plainBridge(live).apply(tor.control()));
    REQUIRE(watcher.waitDone(kBootstrapLimit));
    std::cout << "[timing] bootstrapped through the live bridge "
              << std::chrono::duration<double>(Clock::now() - applied).count()
              << " s after SETCONF\n";

    // Every circuit starts at the bridge (Tor builds internal circuits by
    // itself once bootstrapped; the network has no exits to ask for more).
    std::vector<std::string> hops;
    REQUIRE(waitFor(
        [&] {
            hops = firstHopsOfBuiltCircuits(tor.control());
            return !hops.empty();
        },
        60s));
    for (const auto& hop : hops) {
        INFO(hop);
        CHECK(hop.starts_with("$" + bridgeRelay.fingerprint));
    }
    std::cout << "[bridges] " << hops.size() << " built circuits, all through the bridge\n";
    tor.stop();
}
