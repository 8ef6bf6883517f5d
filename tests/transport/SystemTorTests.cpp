// SystemTor without a Tor: the SAFECOOKIE arithmetic against a vector
// computed independently, the refusal of any control or SOCKS endpoint that
// is not on this computer, the words of a connection that fails, and a fake
// control port that does not know the cookie. The real exchange with a Debian
// tor is in tests/transport/network/SystemTorNetworkTests.cpp.

#include "transport/LocalEndpoint.h"
#include "transport/SafeCookie.h"
#include "transport/SystemTor.h"
#include "transport/UniqueFd.h"

#include <catch2/catch_test_macros.hpp>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <array>
#include <string>
#include <thread>
#include <vector>

#include "tests/transport/OnionTestSupport.h"

using chive::core::ErrorCode;
using chive::transport::LocalEndpoint;
using chive::transport::SafeCookie;
using chive::transport::SystemTor;
using chive::transport::UniqueFd;

namespace {

std::string hex(std::span<const std::uint8_t> bytes) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    for (const auto b : bytes) {
        out += kDigits[b >> 4U];
        out += kDigits[b & 0xFU];
    }
    return out;
}

class NullListener : public chive::core::TorEventListener {
public:
    void onBootstrapStatus(const chive::core::BootstrapStatus&) override {}
    void onTorStopped(const std::string&) override {}
};

// Answers one connection on a unix socket with scripted replies, one per
// line received, and records the lines.
class FakeControlPort {
public:
    FakeControlPort(const std::filesystem::path& path, std::vector<std::string> replies)
        : m_replies(std::move(replies)) {
        m_fd = UniqueFd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        const std::string text = path.string();
        std::copy(text.begin(), text.end(), address.sun_path);
        REQUIRE(::bind(m_fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof(address)) ==
                0);
        REQUIRE(::listen(m_fd.get(), 1) == 0);
        m_thread = std::thread([this] { run(); });
    }
    ~FakeControlPort() { m_thread.join(); }
    FakeControlPort(const FakeControlPort&) = delete;
    FakeControlPort& operator=(const FakeControlPort&) = delete;
    [[nodiscard]] const std::vector<std::string>& received() const { return m_received; }

private:
    void run() {
        pollfd pfd{m_fd.get(), POLLIN, 0};
        if (::poll(&pfd, 1, 10000) != 1) {
            return;
        }
        UniqueFd client(::accept4(m_fd.get(), nullptr, nullptr, SOCK_CLOEXEC));
        std::string pending;
        std::size_t next = 0;
        std::array<char, 512> buffer{};
        while (next < m_replies.size()) {
            pollfd in{client.get(), POLLIN, 0};
            if (::poll(&in, 1, 10000) != 1) {
                return;
            }
            const ssize_t n = ::recv(client.get(), buffer.data(), buffer.size(), 0);
            if (n <= 0) {
                return;
            }
            pending.append(buffer.data(), static_cast<std::size_t>(n));
            for (auto end = pending.find("\r\n"); end != std::string::npos;
                 end = pending.find("\r\n")) {
                m_received.push_back(pending.substr(0, end));
                pending.erase(0, end + 2);
                const std::string& reply = m_replies[next++];
                (void)::send(client.get(), reply.data(), reply.size(), MSG_NOSIGNAL);
            }
        }
    }

    std::vector<std::string> m_replies;
    std::vector<std::string> m_received;
    UniqueFd m_fd;
    std::thread m_thread;
};

} // namespace

TEST_CASE("SAFECOOKIE hashes match HMAC-SHA256 computed independently", "[transport][systemtor]") {
    // Expected values from Python's hmac module:
    //   cookie = bytes(range(32)); cn = bytes(0xA0 + i % 16 for i in range(32))
    //   sn = bytes(0xFF - i for i in range(32))
    //   hmac.new(b"Tor safe cookie authentication server-to-controller hash",
    //            cookie + cn + sn, hashlib.sha256).hexdigest()   (and
    //   "controller-to-server" for the client's hash)
    std::array<std::uint8_t, 32> cookie{};
    std::array<std::uint8_t, 32> clientNonce{};
    std::array<std::uint8_t, 32> serverNonce{};
    for (std::size_t i = 0; i < 32; ++i) {
        cookie[i] = static_cast<std::uint8_t>(i);
        clientNonce[i] = static_cast<std::uint8_t>(0xA0 + i % 16);
        serverNonce[i] = static_cast<std::uint8_t>(0xFF - i);
    }
    const auto server = SafeCookie::serverHash(cookie, clientNonce, serverNonce);
    const auto client = SafeCookie::clientHash(cookie, clientNonce, serverNonce);
    CHECK(hex(server) == "4fe3f1415e1f4cce5c491b25b9526db597472aa37d624273361bab83120e39af");
    CHECK(hex(client) == "15ef4a4ed5917547f40746a5836c825c70cad7ad3d9503f554322b13ae300b87");
    CHECK(SafeCookie::verifyServerHash(cookie, clientNonce, serverNonce, server));
    auto wrong = server;
    wrong[31] ^= 1U;
    CHECK_FALSE(SafeCookie::verifyServerHash(cookie, clientNonce, serverNonce, wrong));
    CHECK_FALSE(SafeCookie::verifyServerHash(cookie, clientNonce, serverNonce, client));
}

TEST_CASE("a control or SOCKS endpoint off this computer is refused", "[transport][systemtor]") {
    for (const char* text : {"192.168.1.10:9051", "10.0.0.1:9050", "example.org:9051",
                             "[2001:db8::1]:9051", "0.0.0.0:9051"}) {
        auto parsed = LocalEndpoint::parse(text);
        INFO(text);
        REQUIRE_FALSE(parsed);
        CHECK(parsed.error().code == ErrorCode::InvalidArgument);
    }
    CHECK_FALSE(LocalEndpoint::loopback("192.168.1.10", 9051));
    CHECK_FALSE(LocalEndpoint::parse("127.0.0.1:0"));
    CHECK_FALSE(LocalEndpoint::parse("unix:relative/control"));
    CHECK(LocalEndpoint::parse("127.0.0.1:9050")->describe() == "127.0.0.1:9050");
    CHECK(LocalEndpoint::parse("[::1]:9050")->describe() == "[::1]:9050");
    CHECK(LocalEndpoint::parse("unix:\"/run/tor/socks\"")->path() == "/run/tor/socks");

    // Tor lists its SOCKS listeners; the first one on this computer is used.
    auto socks = SystemTor::parseSocksListeners("\"192.168.1.2:9050\" \"127.0.0.1:9150\"");
    REQUIRE(socks);
    CHECK(socks->describe() == "127.0.0.1:9150");
    auto none = SystemTor::parseSocksListeners("\"192.168.1.2:9050\"");
    REQUIRE_FALSE(none);
    CHECK(none.error().code == ErrorCode::NotFound);
    CHECK_FALSE(SystemTor::parseSocksListeners("\"127.0.0.1:9050"));
}

TEST_CASE("a control port where nothing listens is reported in words", "[transport][systemtor]") {
    chive::testing::TempDir dir;
    NullListener listener;
    chive::core::SystemTorSettings settings;
    settings.controlSocket = (dir / "control").string();
    auto tor = SystemTor::connect(settings, listener);
    REQUIRE_FALSE(tor);
    CHECK(tor.error().code == ErrorCode::Network);
    CHECK(tor.error().message.starts_with("cannot reach Tor's control port at " +
                                          (dir / "control").string()));
}

TEST_CASE("a control port that does not know the cookie gets no hash from us",
          "[transport][systemtor]") {
    chive::testing::TempDir dir;
    std::array<std::uint8_t, 32> cookie{};
    cookie.fill(0x42);
    chive::testing::writeFile(dir / "cookie",
                              std::string(reinterpret_cast<const char*>(cookie.data()), 32));
    const std::string nonce(64, 'a');
    FakeControlPort fake(dir / "control",
                         {"250-PROTOCOLINFO 1\r\n250-AUTH METHODS=COOKIE,SAFECOOKIE COOKIEFILE=\"" +
                              (dir / "cookie").string() +
                              "\"\r\n250-VERSION Tor=\"0.4.8.10\"\r\n250 OK\r\n",
                          "250 AUTHCHALLENGE SERVERHASH=" + std::string(64, '0') +
                              " SERVERNONCE=" + nonce + "\r\n"});
    NullListener listener;
    chive::core::SystemTorSettings settings;
    settings.controlSocket = (dir / "control").string();
    auto tor = SystemTor::connect(settings, listener);
    REQUIRE_FALSE(tor);
    CHECK(tor.error().code == ErrorCode::Crypto);
    CHECK(tor.error().message.starts_with("authentication failed"));
    REQUIRE(fake.received().size() == 2);
    CHECK(fake.received()[0] == "PROTOCOLINFO 1");
    CHECK(fake.received()[1].starts_with("AUTHCHALLENGE SAFECOOKIE "));
}
