// Socks5Client against an in-test SOCKS server on a unix socket, and against
// a bare offline tor for the one failure Tor reports without a network.

#include "transport/OnionAddress.h"
#include "transport/OnionServiceKey.h"
#include "transport/Socks5Client.h"

#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>
#include <fcntl.h>
#include <poll.h>

#include <functional>
#include <mutex>

#include "tests/transport/OnionTestSupport.h"

using Catch::Matchers::ContainsSubstring;
using chive::core::ErrorCode;
using chive::testing::fromHex;
using chive::testing::TempDir;
using chive::transport::OnionServiceKey;
using chive::transport::Socks5Client;
using namespace std::chrono_literals;

namespace {

// Reads exactly `count` bytes, or fewer if the peer closes or 5 s pass.
std::vector<std::uint8_t> readExactly(int fd, std::size_t count) {
    std::vector<std::uint8_t> bytes;
    while (bytes.size() < count) {
        pollfd pfd{fd, POLLIN, 0};
        if (poll(&pfd, 1, 5000) != 1) {
            break;
        }
        std::uint8_t chunk[512];
        const ssize_t got = recv(fd, chunk, std::min(sizeof(chunk), count - bytes.size()), 0);
        if (got <= 0) {
            break;
        }
        bytes.insert(bytes.end(), chunk, chunk + got);
    }
    return bytes;
}

void writeAll(int fd, std::span<const std::uint8_t> bytes) {
    while (!bytes.empty()) {
        const ssize_t sent = send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (sent <= 0) {
            return;
        }
        bytes = bytes.subspan(static_cast<std::size_t>(sent));
    }
}

// A SOCKS server for one connection, run by a script on its own thread. It
// records what the client sent; the test checks that after join(). The
// script must not use Catch2 assertions (they are not thread-safe).
class FakeSocksServer {
public:
    using Script = std::function<void(int fd, std::vector<std::uint8_t>& received)>;

    FakeSocksServer(const std::filesystem::path& path, Script script)
        : m_path(path.string()) {
        m_listener = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        REQUIRE(m_listener >= 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        REQUIRE(m_path.size() < sizeof(address.sun_path));
        std::copy(m_path.begin(), m_path.end(), address.sun_path);
        REQUIRE(bind(m_listener, reinterpret_cast<const sockaddr*>(&address), sizeof(address)) ==
                0);
        REQUIRE(listen(m_listener, 4) == 0);
        m_thread = std::thread([this, script = std::move(script)] {
            pollfd pfd{m_listener, POLLIN, 0};
            if (poll(&pfd, 1, 10000) != 1) {
                return;
            }
            const int client = accept4(m_listener, nullptr, nullptr, SOCK_CLOEXEC);
            if (client < 0) {
                return;
            }
            std::vector<std::uint8_t> received;
            script(client, received);
            close(client);
            std::lock_guard lock(m_mutex);
            m_received = std::move(received);
        });
    }
    ~FakeSocksServer() {
        join();
        close(m_listener);
    }
    FakeSocksServer(const FakeSocksServer&) = delete;
    FakeSocksServer& operator=(const FakeSocksServer&) = delete;

    void join() {
        if (m_thread.joinable()) {
            m_thread.join();
        }
    }
    std::vector<std::uint8_t> received() {
        join();
        std::lock_guard lock(m_mutex);
        return m_received;
    }

private:
    std::string m_path;
    int m_listener = -1;
    std::thread m_thread;
    std::mutex m_mutex;
    std::vector<std::uint8_t> m_received;
};

// The usual first half: greeting in, "no authentication" out, request in.
void acceptHandshake(int fd, std::vector<std::uint8_t>& received, std::size_t requestLength) {
    auto greeting = readExactly(fd, 3);
    received.insert(received.end(), greeting.begin(), greeting.end());
    writeAll(fd, fromHex("0500"));
    auto request = readExactly(fd, requestLength);
    received.insert(received.end(), request.begin(), request.end());
}

void append(std::vector<std::uint8_t>& bytes, std::string_view text) {
    bytes.insert(bytes.end(), text.begin(), text.end());
}

// Waits until the client hangs up.
void waitForHangUp(int fd) {
    std::uint8_t byte = 0;
    pollfd pfd{fd, POLLIN, 0};
    while (poll(&pfd, 1, 10000) == 1 && recv(fd, &byte, 1, 0) > 0) {
    }
}

} // namespace

TEST_CASE("SOCKS CONNECT to an onion address succeeds and leaves stream data unread",
          "[transport][socks]") {
    TempDir dir;
    const auto onion = OnionServiceKey::generate().address();
    const std::string host = onion.toString();
    const std::size_t requestLength = 5 + host.size() + 2;
    FakeSocksServer server(dir / "socks", [&](int fd, std::vector<std::uint8_t>& received) {
        acceptHandshake(fd, received, requestLength);
        // Success and the destination's first bytes in one write.
        auto reply = fromHex("05000001000000000000");
        append(reply, "hello");
        writeAll(fd, reply);
        waitForHangUp(fd);
    });

    const Socks5Client client((dir / "socks").string());
    auto stream = client.connect(onion, 9878, 5s);
    REQUIRE(stream);
    CHECK((fcntl(stream->get(), F_GETFL) & O_NONBLOCK) == 0);
    const auto data = readExactly(stream->get(), 5);
    CHECK(std::string(data.begin(), data.end()) == "hello");
    stream->reset();

    CHECK(host.size() == 62);
    std::vector<std::uint8_t> expected = fromHex("050100"       // greeting: one method, none
                                                 "050100033e"); // CONNECT, 62-byte domain
    append(expected, host);
    expected.push_back(0x26); // port 9878
    expected.push_back(0x96);
    CHECK(server.received() == expected);
}

TEST_CASE("SOCKS CONNECT reports each Tor extended error", "[transport][socks]") {
    struct Expected {
        std::uint8_t code;
        ErrorCode error;
        const char* says;
    };
    const auto expected = GENERATE(
        Expected{0xF0, ErrorCode::NotFound, "contact's onion service could not be found"},
        Expected{0xF1, ErrorCode::Tor, "invalid descriptor"},
        Expected{0xF2, ErrorCode::Network, "introduction to the contact's onion service failed"},
        Expected{0xF3, ErrorCode::Network, "rendezvous with the contact's onion service failed"},
        Expected{0xF4, ErrorCode::Crypto, "requires client authorization"},
        Expected{0xF5, ErrorCode::Crypto, "bad client authorization"},
        Expected{0xF6, ErrorCode::InvalidArgument, "rejected the onion address"},
        Expected{0xF7, ErrorCode::Timeout, "timed out"});
    TempDir dir;
    const auto onion = OnionServiceKey::generate().address();
    FakeSocksServer server(dir / "socks", [&](int fd, std::vector<std::uint8_t>& received) {
        acceptHandshake(fd, received, 5 + 62 + 2);
        // As Tor sends it: the code with an all-zero IPv6 bound address.
        auto reply = fromHex("05000004000000000000000000000000000000000000");
        reply[1] = expected.code;
        writeAll(fd, reply);
    });
    const auto stream = Socks5Client((dir / "socks").string()).connect(onion, 80, 5s);
    REQUIRE_FALSE(stream);
    CHECK(stream.error().code == expected.error);
    CHECK_THAT(stream.error().message, ContainsSubstring(expected.says));
}

TEST_CASE("SOCKS CONNECT fails cleanly when the server hangs up early", "[transport][socks]") {
    const auto when = GENERATE(as<std::string>{}, "at once", "after the method reply",
                               "in the middle of the reply");
    TempDir dir;
    FakeSocksServer server(dir / "socks", [&](int fd, std::vector<std::uint8_t>& received) {
        if (when == "at once") {
            return;
        }
        if (when == "after the method reply") {
            readExactly(fd, 3);
            writeAll(fd, fromHex("0500"));
            return;
        }
        acceptHandshake(fd, received, 5 + 11 + 2);
        writeAll(fd, fromHex("050000030b6578616d"));
    });
    const auto stream = Socks5Client((dir / "socks").string()).connect("example.com", 80, 5s);
    INFO("server hangs up " << when);
    REQUIRE_FALSE(stream);
    CHECK(stream.error().code == ErrorCode::Closed);
    CHECK_THAT(stream.error().message, ContainsSubstring("closed the connection"));
}

TEST_CASE("SOCKS CONNECT reports a failure code cut short by a hang-up", "[transport][socks]") {
    TempDir dir;
    FakeSocksServer server(dir / "socks", [&](int fd, std::vector<std::uint8_t>& received) {
        acceptHandshake(fd, received, 5 + 11 + 2);
        writeAll(fd, fromHex("05f4"));
    });
    const auto stream = Socks5Client((dir / "socks").string()).connect("example.com", 80, 5s);
    REQUIRE_FALSE(stream);
    CHECK(stream.error().code == ErrorCode::Crypto);
    CHECK_THAT(stream.error().message, ContainsSubstring("requires client authorization"));
}

TEST_CASE("SOCKS CONNECT times out when the server never answers", "[transport][socks]") {
    const auto silentAfter = GENERATE(as<std::string>{}, "greeting", "request");
    TempDir dir;
    FakeSocksServer server(dir / "socks", [&](int fd, std::vector<std::uint8_t>& received) {
        if (silentAfter == "request") {
            acceptHandshake(fd, received, 5 + 11 + 2);
        }
        waitForHangUp(fd);
    });
    const auto started = std::chrono::steady_clock::now();
    const auto stream = Socks5Client((dir / "socks").string()).connect("example.com", 80, 300ms);
    const auto elapsed = std::chrono::steady_clock::now() - started;
    INFO("server silent after the " << silentAfter);
    REQUIRE_FALSE(stream);
    CHECK(stream.error().code == ErrorCode::Timeout);
    CHECK_THAT(stream.error().message, ContainsSubstring("300 ms"));
    CHECK(elapsed >= 300ms);
    CHECK(elapsed < 3s);
}

TEST_CASE("SOCKS CONNECT refuses servers that are not SOCKS5 without auth", "[transport][socks]") {
    const auto reply = GENERATE(as<std::string>{}, "05ff", "0502", "485454502f312e31");
    TempDir dir;
    FakeSocksServer server(dir / "socks", [&](int fd, std::vector<std::uint8_t>&) {
        readExactly(fd, 3);
        writeAll(fd, fromHex(reply));
        waitForHangUp(fd);
    });
    const auto stream = Socks5Client((dir / "socks").string()).connect("example.com", 80, 5s);
    INFO("server replies " << reply);
    REQUIRE_FALSE(stream);
    CHECK(stream.error().code == (reply == "05ff" ? ErrorCode::Tor : ErrorCode::Malformed));
}

TEST_CASE("SOCKS CONNECT without a server or with bad arguments", "[transport][socks]") {
    TempDir dir;
    const Socks5Client client((dir / "socks").string());
    const auto missing = client.connect("example.com", 80, 1s);
    REQUIRE_FALSE(missing);
    CHECK(missing.error().code == ErrorCode::Closed);
    CHECK_THAT(missing.error().message, ContainsSubstring("is Tor running"));

    CHECK(client.connect("", 80, 1s).error().code == ErrorCode::InvalidArgument);
    CHECK(client.connect(std::string(256, 'a'), 80, 1s).error().code == ErrorCode::InvalidArgument);
    CHECK(
        Socks5Client("/tmp/" + std::string(120, 'x')).connect("example.com", 80, 1s).error().code ==
        ErrorCode::InvalidArgument);
}

TEST_CASE("SOCKS CONNECT through a real tor maps its extended error", "[transport][socks][tor]") {
    if (!chive::testing::haveTor()) {
        SKIP("/usr/bin/tor is not installed");
    }
    // Tor checks an onion address before it needs the network, so an
    // address with a bad checksum gets 0xF6 even offline. The only relay Tor
    // knows is a bridge on a closed local port: nothing leaves the machine.
    TempDir dir;
    std::filesystem::create_directories(dir / "data");
    std::filesystem::permissions(dir / "data", std::filesystem::perms::owner_all);
    chive::testing::writeFile(dir / "torrc", "SocksPort unix:" + (dir / "socks").string() +
                                                 " ExtendedErrors\n" + "DataDirectory " +
                                                 (dir / "data").string() + "\n" +
                                                 "UseBridges 1\nBridge 127.0.0.1:9\n");
    chive::testing::BareTor tor(dir / "torrc", dir / "tor.log");
    REQUIRE(chive::testing::waitFor([&] { return std::filesystem::exists(dir / "socks"); }, 30s));

    std::string badChecksum = OnionServiceKey::generate().address().toString();
    badChecksum[50] = badChecksum[50] == 'a' ? 'b' : 'a';
    const auto stream = Socks5Client((dir / "socks").string()).connect(badChecksum, 80, 20s);
    REQUIRE_FALSE(stream);
    CHECK(stream.error().code == ErrorCode::InvalidArgument);
    CHECK_THAT(stream.error().message, ContainsSubstring("0xF6"));
    tor.stop();
}
