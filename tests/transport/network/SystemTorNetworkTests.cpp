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
using Clock = std::chrono::steady_clock;

namespace {

constexpr auto kLimit = 120s;
constexpr auto kAttemptTimeout = 45s;

std::string clientTorrc() {
    const char* dir = std::getenv("CHIVE_TOR_NETWORK_DIR");
    REQUIRE(dir != nullptr);
    std::ifstream in(std::filesystem::path(dir) / "client-torrc");
    REQUIRE(in);
    std::string text;
    for (std::string line; std::getline(in, line);) {
        if (!line.empty()) {
            text += line + "\n";
        }
    }
    return text;
}

void makePrivateDir(const std::filesystem::path& path) {
    std::filesystem::create_directories(path);
    std::filesystem::permissions(path, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::replace);
}

std::string logOf(const std::filesystem::path& log) {
    const auto bytes = chive::testing::readFile(log);
    return {bytes.begin(), bytes.end()};
}

// A Debian tor joined to the private network with `extra` torrc lines.
std::unique_ptr<BareTor> startTor(const TempDir& dir, const std::string& name,
                                  const std::string& extra) {
    makePrivateDir(dir / name);
    writeFile(dir / (name + ".torrc"),
              clientTorrc() + "DataDirectory " + (dir / name).string() + "\n" + extra);
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

std::vector<std::string> processesNaming(const std::filesystem::path& dir) {
    std::vector<std::string> found;
    const std::string self = std::to_string(::getpid());
    for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
        const std::string pid = entry.path().filename().string();
        if (pid.empty() || !std::isdigit(static_cast<unsigned char>(pid[0])) || pid == self) {
            continue;
        }
        const auto cmdline = chive::testing::readFile(entry.path() / "cmdline");
        std::string text(cmdline.begin(), cmdline.end());
        std::replace(text.begin(), text.end(), '\0', ' ');
        if (text.find(dir.string()) != std::string::npos) {
            found.push_back(pid + ": " + text);
        }
    }
    return found;
}

std::span<const std::uint8_t> bytesOf(std::string_view text) {
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

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
        const auto start = Clock::now();
        chive::core::Result<UniqueFd> fd = chive::core::fail(ErrorCode::Timeout, "not tried");
        while (Clock::now() - start < kLimit) {
            fd = socks.connect(address, 80, kAttemptTimeout);
            if (fd ||
                (fd.error().code != ErrorCode::NotFound && fd.error().code != ErrorCode::Network &&
                 fd.error().code != ErrorCode::Timeout)) {
                break;
            }
            std::cout << "[attempt] " << fd.error().message << "\n";
            std::this_thread::sleep_for(2s);
        }
        INFO(logOf(dir / "client.log"));
        REQUIRE(fd);
        std::cout << "[timing] client reached the service through the system Tor after "
                  << std::chrono::duration<double>(Clock::now() - start).count() << " s\n";

        const std::string hello = "hello through the system tor";
        REQUIRE(::send(fd->get(), hello.data(), hello.size(), MSG_NOSIGNAL) ==
                static_cast<ssize_t>(hello.size()));
        auto inbound = listener.takeStream(30s);
        REQUIRE(inbound);
        std::string got;
        while (got.size() < hello.size()) {
            std::array<std::uint8_t, 256> buffer{};
            auto n = inbound->read(buffer, 30s);
            REQUIRE(n);
            REQUIRE(*n > 0);
            got.append(reinterpret_cast<const char*>(buffer.data()), *n);
        }
        CHECK(got == hello);
        REQUIRE(inbound->write(bytesOf(got), 30s));
        std::string back(hello.size(), '\0');
        std::size_t have = 0;
        pollfd pfd{fd->get(), POLLIN, 0};
        while (have < back.size() && ::poll(&pfd, 1, 30000) == 1) {
            const ssize_t n = ::recv(fd->get(), back.data() + have, back.size() - have, 0);
            if (n <= 0) {
                break;
            }
            have += static_cast<std::size_t>(n);
        }
        CHECK(back == hello);

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
