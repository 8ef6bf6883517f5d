// Keys and addresses made by Chive, handed to a bare Debian tor: Tor must
// accept every format and derive the same addresses. Tor runs offline
// (DisableNetwork 1) in a temporary directory; each test case stops it.

#include "transport/ClientAuthKey.h"
#include "transport/OnionAddress.h"
#include "transport/OnionServiceKey.h"
#include "transport/TorKeyFile.h"

#include <catch2/catch_test_macros.hpp>
#include <fcntl.h>
#include <poll.h>

#include "tests/transport/OnionTestSupport.h"

using chive::testing::BareTor;
using chive::testing::readFile;
using chive::testing::TempDir;
using chive::testing::waitFor;
using chive::testing::writeFile;
using chive::transport::ClientAuthKey;
using chive::transport::OnionAddress;
using chive::transport::OnionServiceKey;
using chive::transport::TorKeyFile;
using namespace std::chrono_literals;

namespace {

std::string asText(const chive::core::SecureBuffer& buffer) {
    return {reinterpret_cast<const char*>(buffer.data()), buffer.size()};
}

void makePrivateDir(const std::filesystem::path& path) {
    std::filesystem::create_directories(path);
    std::filesystem::permissions(path, std::filesystem::perms::owner_all);
}

// Just enough of Tor's control protocol to send a command and collect the
// reply lines; Chive's real client lives in transport/Control*.
class TestControlClient {
public:
    explicit TestControlClient(const std::filesystem::path& socketPath) {
        m_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        REQUIRE(m_fd >= 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        const std::string path = socketPath.string();
        REQUIRE(path.size() < sizeof(address.sun_path));
        std::copy(path.begin(), path.end(), address.sun_path);
        REQUIRE(connect(m_fd, reinterpret_cast<const sockaddr*>(&address), sizeof(address)) == 0);
    }
    ~TestControlClient() { close(m_fd); }
    TestControlClient(const TestControlClient&) = delete;
    TestControlClient& operator=(const TestControlClient&) = delete;

    // Sends `command` and returns the reply's lines (without CRLF), up to and
    // including the final "NNN " line.
    std::vector<std::string> command(const std::string& command) {
        const std::string line = command + "\r\n";
        REQUIRE(send(m_fd, line.data(), line.size(), MSG_NOSIGNAL) ==
                static_cast<ssize_t>(line.size()));
        std::vector<std::string> lines;
        while (true) {
            const std::string reply = readLine();
            lines.push_back(reply);
            if (reply.size() >= 4 && reply[3] == ' ') {
                return lines;
            }
        }
    }

private:
    std::string readLine() {
        while (true) {
            const auto end = m_buffer.find("\r\n");
            if (end != std::string::npos) {
                std::string line = m_buffer.substr(0, end);
                m_buffer.erase(0, end + 2);
                return line;
            }
            pollfd pfd{m_fd, POLLIN, 0};
            REQUIRE(poll(&pfd, 1, 10000) == 1);
            char chunk[4096];
            const ssize_t got = recv(m_fd, chunk, sizeof(chunk), 0);
            REQUIRE(got > 0);
            m_buffer.append(chunk, static_cast<std::size_t>(got));
        }
    }

    int m_fd = -1;
    std::string m_buffer;
};

bool contains(const std::vector<std::string>& lines, const std::string& wanted) {
    return std::find(lines.begin(), lines.end(), wanted) != lines.end();
}

} // namespace

TEST_CASE("Tor accepts our expanded key file and derives our address", "[transport][onion][tor]") {
    if (!chive::testing::haveTor()) {
        SKIP("/usr/bin/tor is not installed");
    }
    TempDir dir;
    const auto key = OnionServiceKey::generate();
    const auto client = ClientAuthKey::generate();
    const auto hsDir = dir / "hs";
    makePrivateDir(hsDir);
    makePrivateDir(hsDir / "authorized_clients");
    writeFile(hsDir / "hs_ed25519_secret_key", TorKeyFile::encodeSecretKey(key).span());
    writeFile(hsDir / "authorized_clients" / "contact.auth",
              client.publicKey().authorizedClientsLine() + "\n");
    makePrivateDir(dir / "data");
    writeFile(dir / "torrc", "DisableNetwork 1\n"
                             "SocksPort 0\n"
                             "DataDirectory " +
                                 (dir / "data").string() +
                                 "\n"
                                 "HiddenServiceDir " +
                                 hsDir.string() +
                                 "\n"
                                 "HiddenServicePort 80 unix:" +
                                 (dir / "svc.sock").string() + "\n");

    BareTor tor(dir / "torrc", dir / "tor.log");
    const bool wroteHostname =
        waitFor([&] { return std::filesystem::exists(hsDir / "hostname"); }, 30s);
    const auto startLog = readFile(dir / "tor.log");
    INFO(std::string(startLog.begin(), startLog.end()));
    REQUIRE(wroteHostname);
    // Tor writes the hostname before it reads authorized_clients and exits
    // if a client file does not parse: give it time to get past that.
    REQUIRE(waitFor([&] { return !readFile(dir / "tor.log").empty(); }, 10s));
    std::this_thread::sleep_for(1s);
    const auto log = readFile(dir / "tor.log");
    const std::string logText(log.begin(), log.end());
    INFO(logText);
    CHECK(tor.running());
    CHECK(logText.find("Client authorization") == std::string::npos);

    const auto hostname = readFile(hsDir / "hostname");
    CHECK(std::string(hostname.begin(), hostname.end()) == key.address().toString() + "\n");
    CHECK(readFile(hsDir / "hs_ed25519_public_key") ==
          TorKeyFile::encodePublicKey(key.publicKey()));
    tor.stop();
}

TEST_CASE("Tor accepts our ADD_ONION and client-auth key blobs", "[transport][onion][tor]") {
    if (!chive::testing::haveTor()) {
        SKIP("/usr/bin/tor is not installed");
    }
    TempDir dir;
    const auto serviceKey = OnionServiceKey::generate();
    const auto authorized = ClientAuthKey::generate();
    const auto ourCredential = ClientAuthKey::generate();
    const auto onDiskCredential = ClientAuthKey::generate();
    const auto otherService = OnionServiceKey::generate().address();

    makePrivateDir(dir / "data");
    makePrivateDir(dir / "auth");
    writeFile(dir / "auth" / "contact.auth_private",
              asText(onDiskCredential.authPrivateFileLine(otherService)) + "\n");
    writeFile(dir / "torrc", "DisableNetwork 1\n"
                             "SocksPort 0\n"
                             "DataDirectory " +
                                 (dir / "data").string() +
                                 "\n"
                                 "ControlSocket " +
                                 (dir / "control").string() +
                                 "\n"
                                 "ClientOnionAuthDir " +
                                 (dir / "auth").string() + "\n");
    BareTor tor(dir / "torrc", dir / "tor.log");
    REQUIRE(waitFor([&] { return std::filesystem::exists(dir / "control"); }, 30s));
    TestControlClient control(dir / "control");
    REQUIRE(control.command("AUTHENTICATE") == std::vector<std::string>{"250 OK"});

    // ADD_ONION with our key blob and our ClientAuthV3 form: Tor's service id
    // must be our address.
    const auto added =
        control.command("ADD_ONION " + asText(serviceKey.addOnionKeyBlob()) +
                        " Flags=V3Auth,DiscardPK Port=80,unix:" + (dir / "svc.sock").string() +
                        " ClientAuthV3=" + authorized.publicKey().toBase32());
    INFO(added.front());
    // Tor echoes the client keys in its own base32: they must be ours.
    CHECK(added == std::vector<std::string>{"250-ServiceID=" + serviceKey.address().serviceId(),
                                            "250-ClientAuthV3=" + authorized.publicKey().toBase32(),
                                            "250 OK"});

    // ONION_CLIENT_AUTH_ADD with our blob; Tor shows back the same key.
    const std::string serviceId = serviceKey.address().serviceId();
    const std::string blob = asText(ourCredential.onionClientAuthAddBlob());
    REQUIRE(control.command("ONION_CLIENT_AUTH_ADD " + serviceId + " " + blob) ==
            std::vector<std::string>{"250 OK"});
    const auto viewed = control.command("ONION_CLIENT_AUTH_VIEW " + serviceId);
    CHECK(contains(viewed, "250-CLIENT " + serviceId + " " + blob));

    // The .auth_private file we wrote: Tor decoded the same private key.
    const auto fromDisk = control.command("ONION_CLIENT_AUTH_VIEW " + otherService.serviceId());
    CHECK(contains(fromDisk, "250-CLIENT " + otherService.serviceId() + " " +
                                 asText(onDiskCredential.onionClientAuthAddBlob()) +
                                 " Flags=Permanent"));
    tor.stop();
}
