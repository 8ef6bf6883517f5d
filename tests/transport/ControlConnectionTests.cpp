#include "transport/ControlConnection.h"

#include <catch2/catch_test_macros.hpp>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

using chive::core::ErrorCode;
using chive::transport::ControlConnection;
using chive::transport::ControlReply;

namespace {

// The far end of a socketpair, playing Tor: reads command lines, answers
// with canned bytes.
class FakeTor {
public:
    FakeTor() {
        int fds[2];
        REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds) == 0);
        m_clientFd = fds[0];
        m_fd = fds[1];
    }
    ~FakeTor() {
        if (m_fd >= 0) {
            ::close(m_fd);
        }
    }
    int takeClientFd() { return m_clientFd; }

    std::string readLine() {
        std::string line;
        char c = 0;
        while (::read(m_fd, &c, 1) == 1) {
            line.push_back(c);
            if (line.ends_with("\r\n")) {
                line.resize(line.size() - 2);
                return line;
            }
        }
        return line;
    }
    void send(const std::string& bytes) {
        REQUIRE(::write(m_fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size()));
    }
    void hangUp() {
        ::close(m_fd);
        m_fd = -1;
    }

private:
    int m_fd = -1;
    int m_clientFd = -1;
};

} // namespace

TEST_CASE("a command gets its reply and events go to the handler", "[transport][control]") {
    FakeTor tor;
    std::atomic<int> events{0};
    ControlConnection connection(tor.takeClientFd(), [&](const ControlReply& event) {
        CHECK(event.isAsync());
        ++events;
    });
    std::thread server([&] {
        CHECK(tor.readLine() == "GETINFO version");
        tor.send("650 STATUS_CLIENT NOTICE BOOTSTRAP PROGRESS=0\r\n"
                 "250-version=0.4.9.11\r\n250 OK\r\n");
    });
    auto reply = connection.command("GETINFO version");
    server.join();
    REQUIRE(reply);
    CHECK(reply->firstText() == "version=0.4.9.11");
    CHECK(events == 1);
}

TEST_CASE("concurrent commands are matched to replies in order", "[transport][control]") {
    FakeTor tor;
    ControlConnection connection(tor.takeClientFd(), {});
    constexpr int kCommands = 20;
    std::thread server([&] {
        for (int i = 0; i < kCommands; ++i) {
            const std::string line = tor.readLine();
            tor.send("250 echo " + line + "\r\n");
        }
    });
    std::vector<std::thread> clients;
    std::atomic<int> matched{0};
    for (int i = 0; i < kCommands; ++i) {
        clients.emplace_back([&, i] {
            auto reply = connection.command("ECHO " + std::to_string(i));
            if (reply && reply->firstText() == "echo ECHO " + std::to_string(i)) {
                ++matched;
            }
        });
    }
    for (auto& client : clients) {
        client.join();
    }
    server.join();
    CHECK(matched == kCommands);
}

TEST_CASE("an error status is reported as a Tor error", "[transport][control]") {
    FakeTor tor;
    ControlConnection connection(tor.takeClientFd(), {});
    std::thread server([&] {
        tor.readLine();
        tor.send("552 Unrecognized option\r\n");
    });
    auto reply = connection.command("SETCONF Nonsense=1");
    server.join();
    REQUIRE_FALSE(reply);
    CHECK(reply.error().code == ErrorCode::Tor);
    CHECK(reply.error().message.find("552 Unrecognized option") != std::string::npos);
}

TEST_CASE("command lines cannot smuggle a second command", "[transport][control]") {
    FakeTor tor;
    ControlConnection connection(tor.takeClientFd(), {});
    auto reply = connection.command("GETINFO version\r\nSIGNAL SHUTDOWN");
    REQUIRE_FALSE(reply);
    CHECK(reply.error().code == ErrorCode::InvalidArgument);
}

TEST_CASE("a silent Tor times out and a hang-up fails waiting commands", "[transport][control]") {
    FakeTor tor;
    std::string closedReason = "not called";
    ControlConnection connection(tor.takeClientFd(), {},
                                 [&](const std::string& reason) { closedReason = reason; });
    auto reply = connection.command("GETINFO version", std::chrono::milliseconds(100));
    REQUIRE_FALSE(reply);
    CHECK(reply.error().code == ErrorCode::Timeout);

    std::thread server([&] {
        tor.readLine();
        tor.hangUp();
    });
    reply = connection.command("GETINFO version");
    server.join();
    REQUIRE_FALSE(reply);
    CHECK(reply.error().code == ErrorCode::Closed);
    connection.close();
    CHECK(closedReason == "Tor closed the control connection");
    CHECK_FALSE(connection.isOpen());
}

TEST_CASE("malformed bytes from Tor close the connection with the reason", "[transport][control]") {
    FakeTor tor;
    std::string closedReason;
    ControlConnection connection(tor.takeClientFd(), {},
                                 [&](const std::string& reason) { closedReason = reason; });
    std::thread server([&] {
        tor.readLine();
        tor.send("garbage\n");
    });
    auto reply = connection.command("GETINFO version");
    server.join();
    REQUIRE_FALSE(reply);
    CHECK(reply.error().code == ErrorCode::Closed);
    connection.close();
    CHECK(closedReason.find("malformed") != std::string::npos);
}
