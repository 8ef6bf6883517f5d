// SystemTor on the private Tor network (ctest fixture "tor_network"): a
// separate Debian tor stands in for the system's Tor (Tails, a tor
// service), with its control port on a unix socket, cookie authentication
// and SOCKS on a 127.0.0.1 port Tor picks. Chive's TorTransport publishes a
// service with client authorization through it (the service's target is a
// TCP port on 127.0.0.1), and another bare client holding the key reaches
// it and echoes bytes.
//
// Both tors are children (BareTor: killed by the destructor, and by the
// kernel if this process dies); the test checks none survives.

#include "transport/ClientAuthKey.h"
#include "transport/OnionServiceKey.h"
#include "transport/Socks5Client.h"
#include "transport/SystemTor.h"
#include "transport/TorTransport.h"

#include <catch2/catch_test_macros.hpp>
#include <poll.h>

#include <array>
#include <cctype>
#include <condition_variable>
#include <cstdlib>
#include <fstream>
#include <iostream>

#include "tests/transport/OnionTestSupport.h"
#include "tests/transport/TransportTestSupport.h"
#include "tests/transport/network/NetworkTestSupport.h"

using chive::core::ErrorCode;
using chive::core::X25519PublicKey;
using chive::testing::BareTor;
using chive::testing::RecordingTransportListener;
using chive::testing::TempDir;
using chive::testing::waitFor;
using chive::testing::writeFile;
using chive::transport::ClientAuthKey;
using chive::transport::OnionServiceKey;
using chive::transport::Socks5Client;
using chive::transport::SystemTor;
using chive::transport::TorTransport;
using chive::transport::UniqueFd;
using namespace std::chrono_literals;
using chive::testing::network::Attempts;
using chive::testing::network::clientTorrc;
using chive::testing::network::Clock;
using chive::testing::network::makePrivateDir;
using chive::testing::network::processesNaming;
using chive::testing::network::retry;

namespace {

constexpr auto kLimit = 120s;
constexpr auto kAttemptTimeout = 45s;

std::string logOf(const std::filesystem::path& log) {
    const auto bytes = chive::testing::readFile(log);
    return {bytes.begin(), bytes.end()};
}

// A Debian tor joined to the private network with `extra` torrc lines.
std::unique_ptr<BareTor> startTor(const TempDir& dir, const std::string& name,
                                  const std::string& extra) {
    makePrivateDir(dir / name);
    std::string torrc;
    for (const auto& line : clientTorrc()) {
        torrc += line + "\n";
    }
    writeFile(dir / (name + ".torrc"),
              torrc + "DataDirectory " + (dir / name).string() + "\n" + extra);
    return std::make_unique<BareTor>(dir / (name + ".torrc"), dir / (name + ".log"));
}

void waitBootstrapped(const std::filesystem::path& log) {
    const bool done =
        waitFor([&] { return logOf(log).find("Bootstrapped 100%") != std::string::npos; }, kLimit);
    INFO(logOf(log));
    REQUIRE(done);
}

class BootstrapWaiter : public chive::core::TorEventListener {
public:
    void onBootstrapStatus(const chive::core::BootstrapStatus& status) override {
        std::lock_guard lock(m_mutex);
        m_done = m_done || status.done();
    }
    void onTorStopped(const std::string&) override {}

private:
    std::mutex m_mutex;
    bool m_done = false;
};

} // namespace

TEST_CASE("a service published through a system Tor's control port is reached by an "
          "authorized client",
          "[transport][systemtor][network]") {
    TempDir dir;
    const auto authorized = ClientAuthKey::generate();
    const auto seed = chive::core::SecureBuffer::random(OnionServiceKey::kSeedLength);
    const auto address = OnionServiceKey::fromSeed(seed.span())->address();
    {
        makePrivateDir(dir / "auth");
        const auto line = authorized.authPrivateFileLine(address);
        writeFile(dir / "auth" / "contact.auth_private",
                  std::string(reinterpret_cast<const char*>(line.data()), line.size()) + "\n");
        const auto clientSocks = dir / "client.socks";
        auto client =
            startTor(dir, "client",
                     "SocksPort unix:\"" + clientSocks.string() +
                         "\" ExtendedErrors\nClientOnionAuthDir " + (dir / "auth").string() + "\n");
        auto system = startTor(dir, "system",
                               "ControlPort unix:\"" + (dir / "control").string() +
                                   "\"\nCookieAuthentication 1\nSocksPort auto\n");
        waitBootstrapped(dir / "system.log");

        BootstrapWaiter waiter;
        chive::core::SystemTorSettings settings;
        settings.controlSocket = (dir / "control").string();
        settings.auth = chive::core::ControlAuth::Cookie;
        auto tor = SystemTor::connect(settings, waiter);
        INFO(logOf(dir / "system.log"));
        REQUIRE(tor);
        auto systemSocks = (*tor)->socksEndpoint();
        REQUIRE(systemSocks);
        CHECK_FALSE(systemSocks->isUnix()); // SocksPort auto: 127.0.0.1:<port>
        CHECK((*tor)->bootstrapStatus().done());

        RecordingTransportListener listener;
        auto transport = TorTransport::create(**tor, listener);
        REQUIRE(transport);
        const std::vector<X25519PublicKey> clients = {authorized.publicKey().bytes()};
        auto service = (*transport)->publish(seed.span(), clients);
        REQUIRE(service);
        CHECK((*transport)->socketPath(*service).empty());
        CHECK((*transport)->targetPort(*service) != 0);
        REQUIRE(listener.waitReachable(*service, kLimit));

        waitBootstrapped(dir / "client.log");
        const Socks5Client socks(clientSocks.string());
        Attempts attempts;
        auto fd = retry<UniqueFd>([&] { return socks.connect(address, 80, kAttemptTimeout); },
                                  attempts, kLimit);
        INFO(logOf(dir / "client.log"));
        REQUIRE(fd);
        std::cout << "[timing] client reached the service through the system Tor: "
                  << attempts.lastAttempt << " s (attempt " << attempts.count << ", "
                  << attempts.total << " s after the first)\n";
        chive::testing::network::exchange(fd->get(), listener, "hello through the system tor",
                                          "and back through it");

        // Withdrawing: the transport removes its service from the system Tor,
        // which keeps running.
        transport->reset();
        auto listed = (*tor)->control().command("GETINFO onions/current");
        REQUIRE(listed);
        CHECK(listed->firstText().find(address.serviceId()) == std::string::npos);
        tor->reset();
        client->stop();
        system->stop();
    }
    INFO("still running");
    CHECK(processesNaming(dir.path()).empty());
}
