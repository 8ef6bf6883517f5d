// TorTransport on the private Tor network (ctest fixture "tor_network"):
// services with client authorization reached by bare tor clients that hold
// the key or do not, a service re-published from the same seed, and the
// other direction, TorTransport::connect to a bare tor's authorized service.
//
// Each test case runs in its own process with one embedded Tor; the bare tor
// processes are children (BareTor: killed by the destructor, and by the
// kernel if this process dies). Connects allow retries while the
// descriptor spreads and one after a timeout (doc/design.md, "Private Tor
// network for tests"). Timings are printed for the record.

#include "transport/ClientAuthKey.h"
#include "transport/EmbeddedTor.h"
#include "transport/OnionAddress.h"
#include "transport/OnionServiceKey.h"
#include "transport/SocketStream.h"
#include "transport/Socks5Client.h"
#include "transport/TorKeyFile.h"
#include "transport/TorTransport.h"

#include <catch2/catch_test_macros.hpp>
#include <dirent.h>
#include <poll.h>

#include <array>
#include <atomic>
#include <cctype>
#include <condition_variable>
#include <cstdlib>
#include <functional>
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
using chive::transport::EmbeddedTor;
using chive::transport::OnionAddress;
using chive::transport::OnionServiceKey;
using chive::transport::SocketStream;
using chive::transport::Socks5Client;
using chive::transport::TorKeyFile;
using chive::transport::TorOptions;
using chive::transport::TorTransport;
using chive::transport::UniqueFd;
using namespace std::chrono_literals;
using chive::testing::network::Attempts;
using chive::testing::network::bytesOf;
using chive::testing::network::clientTorrc;
using chive::testing::network::Clock;
using chive::testing::network::makePrivateDir;
using chive::testing::network::processesNaming;
using chive::testing::network::secondsSince;

namespace {

constexpr auto kBootstrapLimit = 120s;
constexpr auto kReachableLimit = 120s;
constexpr auto kConnectLimit = 120s;
constexpr auto kAttemptTimeout = 45s;

template <class T>
chive::core::Result<T> retry(const std::function<chive::core::Result<T>()>& attempt,
                             Attempts& attempts) {
    return chive::testing::network::retry<T>(attempt, attempts, kConnectLimit);
}

void exchange(int clientFd, RecordingTransportListener& listener) {
    chive::testing::network::exchange(clientFd, listener, "hello over tor",
                                      "and back through the rendezvous");
}

std::string asText(const chive::core::SecureBuffer& buffer) {
    return {reinterpret_cast<const char*>(buffer.data()), buffer.size()};
}

class BootstrapWaiter : public chive::core::TorEventListener {
public:
    void onBootstrapStatus(const chive::core::BootstrapStatus& status) override {
        std::lock_guard lock(m_mutex);
        m_done = m_done || status.done();
        m_changed.notify_all();
    }
    void onTorStopped(const std::string&) override {}
    bool waitDone(std::chrono::seconds limit) {
        std::unique_lock lock(m_mutex);
        return m_changed.wait_for(lock, limit, [&] { return m_done; });
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_changed;
    bool m_done = false;
};

// The embedded Tor, joined to the private network.
struct NetworkTor {
    BootstrapWaiter waiter;
    std::unique_ptr<EmbeddedTor> tor;

    explicit NetworkTor(const std::filesystem::path& dataDirectory) {
        TorOptions options;
        options.dataDirectory = dataDirectory;
        options.extraTorrcLines = clientTorrc();
        auto started = EmbeddedTor::start(options, waiter);
        REQUIRE(started);
        tor = std::move(*started);
    }
    void waitBootstrapped() {
        const auto start = Clock::now();
        REQUIRE(waiter.waitDone(kBootstrapLimit));
        std::cout << "[timing] embedded Tor bootstrapped in " << secondsSince(start) << " s\n";
    }
};

// A bare Debian tor joined to the private network, SOCKS on a unix socket
// with extended errors. `torrcExtra` adds service or client-auth lines.
class BareNetworkTor {
public:
    BareNetworkTor(const TempDir& dir, const std::string& name,
                   const std::vector<std::string>& torrcExtra = {})
        : m_socks(dir / (name + ".socks"))
        , m_log(dir / (name + ".log")) {
        makePrivateDir(dir / name);
        std::string torrc;
        for (const auto& line : clientTorrc()) {
            torrc += line + "\n";
        }
        torrc += "DataDirectory " + (dir / name).string() + "\n";
        torrc += "SocksPort unix:\"" + m_socks.string() + "\" ExtendedErrors\n";
        for (const auto& line : torrcExtra) {
            torrc += line + "\n";
        }
        writeFile(dir / (name + ".torrc"), torrc);
        m_tor = std::make_unique<BareTor>(dir / (name + ".torrc"), m_log);
    }

    void waitBootstrapped() {
        const bool done = waitFor(
            [&] {
                const auto log = chive::testing::readFile(m_log);
                return std::string(log.begin(), log.end()).find("Bootstrapped 100%") !=
                       std::string::npos;
            },
            kBootstrapLimit);
        INFO(logText());
        REQUIRE(done);
        REQUIRE(m_tor->running());
    }
    [[nodiscard]] Socks5Client socks() const { return Socks5Client(m_socks.string()); }
    [[nodiscard]] std::string logText() const {
        const auto log = chive::testing::readFile(m_log);
        return {log.begin(), log.end()};
    }
    void stop() { m_tor->stop(); }

private:
    std::filesystem::path m_socks;
    std::filesystem::path m_log;
    std::unique_ptr<BareTor> m_tor;
};

// Accepts on a unix socket and echoes every byte back, on its own thread.
class UnixEchoServer {
public:
    explicit UnixEchoServer(const std::filesystem::path& path) {
        m_fd = UniqueFd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
        REQUIRE(m_fd);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        const std::string text = path.string();
        REQUIRE(text.size() < sizeof(address.sun_path));
        std::copy(text.begin(), text.end(), address.sun_path);
        REQUIRE(::bind(m_fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof(address)) ==
                0);
        REQUIRE(::listen(m_fd.get(), 8) == 0);
        m_thread = std::thread([this] { run(); });
    }
    ~UnixEchoServer() {
        m_stop = true;
        m_thread.join();
    }
    UnixEchoServer(const UnixEchoServer&) = delete;
    UnixEchoServer& operator=(const UnixEchoServer&) = delete;

private:
    void run() {
        while (!m_stop) {
            pollfd pfd{m_fd.get(), POLLIN, 0};
            if (::poll(&pfd, 1, 100) != 1) {
                continue;
            }
            UniqueFd client(::accept4(m_fd.get(), nullptr, nullptr, SOCK_CLOEXEC));
            std::array<char, 512> buffer{};
            while (!m_stop && client) {
                pollfd in{client.get(), POLLIN, 0};
                if (::poll(&in, 1, 100) != 1) {
                    continue;
                }
                const ssize_t n = ::recv(client.get(), buffer.data(), buffer.size(), 0);
                if (n <= 0 || ::send(client.get(), buffer.data(), static_cast<std::size_t>(n),
                                     MSG_NOSIGNAL) != n) {
                    break;
                }
            }
        }
    }

    UniqueFd m_fd;
    std::atomic<bool> m_stop{false};
    std::thread m_thread;
};

} // namespace

TEST_CASE("a bare client holding the key reaches our authorized service; one without is refused",
          "[transport][tortransport][network]") {
    TempDir dir;
    const auto authorized = ClientAuthKey::generate();
    const auto seed = chive::core::SecureBuffer::random(OnionServiceKey::kSeedLength);
    const auto address = OnionServiceKey::fromSeed(seed.span())->address();
    {
        makePrivateDir(dir / "auth");
        writeFile(dir / "auth" / "contact.auth_private",
                  asText(authorized.authPrivateFileLine(address)) + "\n");
        // Bare clients start first: they bootstrap while the embedded Tor does.
        BareNetworkTor withKey(dir, "with-key", {"ClientOnionAuthDir " + (dir / "auth").string()});
        BareNetworkTor withoutKey(dir, "without-key");
        NetworkTor network(dir / "tor");
        network.waitBootstrapped();

        RecordingTransportListener listener;
        auto transport = TorTransport::create(*network.tor, listener);
        REQUIRE(transport);
        const std::vector<X25519PublicKey> clients = {authorized.publicKey().bytes()};
        const auto published = Clock::now();
        auto service = (*transport)->publish(seed.span(), clients);
        REQUIRE(service);
        REQUIRE(*service == address.publicKey());
        REQUIRE(listener.waitReachable(*service, kReachableLimit));
        std::cout << "[timing] publish to onServiceReachable: " << secondsSince(published)
                  << " s\n";

        withKey.waitBootstrapped();
        Attempts attempts;
        auto fd = retry<UniqueFd>(
            [&] { return withKey.socks().connect(address, 80, kAttemptTimeout); }, attempts);
        INFO(withKey.logText());
        REQUIRE(fd);
        std::cout << "[timing] first connect from a bare client with the key: "
                  << attempts.lastAttempt << " s (attempt " << attempts.count << ", "
                  << attempts.total << " s after the first)\n";
        exchange(fd->get(), listener);

        // Without the key: Tor fetches the descriptor, cannot decrypt it and
        // says so (0xF4); 0xF5 would mean a key it has was refused.
        const auto streamsBefore = listener.streamCount();
        withoutKey.waitBootstrapped();
        Attempts refused;
        auto denied = retry<UniqueFd>(
            [&] { return withoutKey.socks().connect(address, 80, kAttemptTimeout); }, refused);
        REQUIRE_FALSE(denied);
        INFO(denied.error().message);
        CHECK(denied.error().code == ErrorCode::Crypto);
        CHECK(denied.error().message.find("(SOCKS reply 0xF4)") != std::string::npos);
        CHECK(listener.streamCount() == streamsBefore); // nothing reached the service
        std::cout << "[timing] unauthorized client refused after " << refused.total << " s, "
                  << refused.count << " attempt(s)\n";

        withKey.stop();
        withoutKey.stop();
    }
    INFO("still running");
    CHECK(processesNaming(dir.path()).empty());
}

TEST_CASE("a service unpublished and published again from its seed keeps its address and is "
          "reachable again",
          "[transport][tortransport][network]") {
    TempDir dir;
    const auto authorized = ClientAuthKey::generate();
    const auto seed = chive::core::SecureBuffer::random(OnionServiceKey::kSeedLength);
    const auto address = OnionServiceKey::fromSeed(seed.span())->address();
    {
        makePrivateDir(dir / "auth");
        writeFile(dir / "auth" / "contact.auth_private",
                  asText(authorized.authPrivateFileLine(address)) + "\n");
        BareNetworkTor client(dir, "client", {"ClientOnionAuthDir " + (dir / "auth").string()});
        NetworkTor network(dir / "tor");
        network.waitBootstrapped();
        RecordingTransportListener listener;
        auto transport = TorTransport::create(*network.tor, listener);
        REQUIRE(transport);
        const std::vector<X25519PublicKey> clients = {authorized.publicKey().bytes()};

        auto first = (*transport)->publish(seed.span(), clients);
        REQUIRE(first);
        REQUIRE(listener.waitReachable(*first, kReachableLimit));
        client.waitBootstrapped();
        Attempts before;
        auto fd = retry<UniqueFd>(
            [&] { return client.socks().connect(address, 80, kAttemptTimeout); }, before);
        REQUIRE(fd);
        exchange(fd->get(), listener);
        fd->reset();

        REQUIRE((*transport)->unpublish(*first));
        const auto reachableBefore = listener.reachableCount();
        const auto republished = Clock::now();
        auto second = (*transport)->publish(seed.span(), clients);
        REQUIRE(second);
        CHECK(*second == *first);
        CHECK(OnionAddress::fromPublicKey(*second) == address);
        REQUIRE(
            waitFor([&] { return listener.reachableCount() > reachableBefore; }, kReachableLimit));
        std::cout << "[timing] re-publish to onServiceReachable: " << secondsSince(republished)
                  << " s\n";

        // The client may still hold the old descriptor with introduction
        // points the new service does not have: Tor refetches on failure.
        Attempts after;
        auto again = retry<UniqueFd>(
            [&] { return client.socks().connect(address, 80, kAttemptTimeout); }, after);
        INFO(client.logText());
        REQUIRE(again);
        exchange(again->get(), listener);
        std::cout << "[timing] connect after re-publish: " << after.total << " s, " << after.count
                  << " attempt(s)\n";
        client.stop();
    }
    CHECK(processesNaming(dir.path()).empty());
}

TEST_CASE("connect to a bare tor's authorized service fails with Crypto until the key is added",
          "[transport][tortransport][network]") {
    TempDir dir;
    const auto serviceKey = OnionServiceKey::generate();
    const auto credential = ClientAuthKey::generate();
    {
        const auto hsDir = dir / "hs";
        makePrivateDir(hsDir);
        makePrivateDir(hsDir / "authorized_clients");
        writeFile(hsDir / "hs_ed25519_secret_key", TorKeyFile::encodeSecretKey(serviceKey).span());
        writeFile(hsDir / "authorized_clients" / "chive.auth",
                  credential.publicKey().authorizedClientsLine() + "\n");
        UnixEchoServer echo(dir / "echo.sock");
        BareNetworkTor service(dir, "service",
                               {"HiddenServiceDir " + hsDir.string(),
                                "HiddenServicePort 80 unix:" + (dir / "echo.sock").string()});
        NetworkTor network(dir / "tor");
        RecordingTransportListener listener;
        auto transport = TorTransport::create(*network.tor, listener);
        REQUIRE(transport);
        network.waitBootstrapped();
        service.waitBootstrapped();

        // Before the key: once the descriptor is found, Tor cannot decrypt
        // it (retries cover the time until the bare service has uploaded).
        Attempts withoutKey;
        auto denied = retry<std::unique_ptr<chive::core::ByteStream>>(
            [&] { return (*transport)->connect(serviceKey.publicKey(), kAttemptTimeout); },
            withoutKey);
        INFO(service.logText());
        REQUIRE_FALSE(denied);
        INFO(denied.error().message);
        CHECK(denied.error().code == ErrorCode::Crypto);
        CHECK(denied.error().message.find("(SOCKS reply 0xF4)") != std::string::npos);

        REQUIRE((*transport)->addClientAuth(serviceKey.publicKey(), credential.privateKey()));
        Attempts withKey;
        auto stream = retry<std::unique_ptr<chive::core::ByteStream>>(
            [&] { return (*transport)->connect(serviceKey.publicKey(), kAttemptTimeout); },
            withKey);
        REQUIRE(stream);
        std::cout << "[timing] TorTransport::connect after addClientAuth: " << withKey.lastAttempt
                  << " s (attempt " << withKey.count << ")\n";
        const std::string ping = "ping through the bare service";
        REQUIRE((*stream)->write(bytesOf(ping), 30s));
        std::string got;
        while (got.size() < ping.size()) {
            std::array<std::uint8_t, 128> buffer{};
            auto n = (*stream)->read(buffer, 30s);
            REQUIRE(n);
            REQUIRE(*n > 0);
            got.append(reinterpret_cast<const char*>(buffer.data()), *n);
        }
        CHECK(got == ping);
        (*stream)->close();
        service.stop();
    }
    CHECK(processesNaming(dir.path()).empty());
}
