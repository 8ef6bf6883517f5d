#pragma once

// What the tests on the private Tor network share: the client torrc lines
// the network printed, private directories, the retry rule for connects
// while a descriptor spreads, the echo exchange through a fresh rendezvous,
// and the check that no Tor process a test started outlived it.

#include "core/Result.h"
#include "core/net/ByteStream.h"

#include <catch2/catch_test_macros.hpp>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "tests/transport/OnionTestSupport.h"
#include "tests/transport/TransportTestSupport.h"

namespace chive::testing::network {

using Clock = std::chrono::steady_clock;

inline double secondsSince(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// The private network's directory (ctest fixture "tor_network").
inline std::filesystem::path networkDir() {
    const char* dir = std::getenv("CHIVE_TOR_NETWORK_DIR");
    REQUIRE(dir != nullptr);
    return dir;
}

// The torrc lines a client needs to join the private network, without
// empty lines.
inline std::vector<std::string> clientTorrc() {
    std::ifstream in(networkDir() / "client-torrc");
    REQUIRE(in);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) {
        if (!line.empty()) {
            lines.push_back(line);
        }
    }
    return lines;
}

inline void makePrivateDir(const std::filesystem::path& path) {
    std::filesystem::create_directories(path);
    std::filesystem::permissions(path, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::replace);
}

inline std::span<const std::uint8_t> bytesOf(std::string_view text) {
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

struct Attempts {
    int count = 0;
    double total = 0;       // seconds from the first attempt to the last result
    double lastAttempt = 0; // seconds the last attempt took
};

// Tries `attempt` until it succeeds, or fails with an error other than the
// ones a spreading descriptor or a lost circuit give (NotFound, Network,
// Timeout), or `limit` passes. Prints every failed attempt; returns the last
// result.
template <class T>
core::Result<T> retry(const std::function<core::Result<T>()>& attempt, Attempts& attempts,
                      std::chrono::seconds limit) {
    using namespace std::chrono_literals;
    const auto start = Clock::now();
    while (true) {
        const auto tried = Clock::now();
        auto result = attempt();
        ++attempts.count;
        attempts.lastAttempt = secondsSince(tried);
        attempts.total = secondsSince(start);
        if (result) {
            return result;
        }
        const auto code = result.error().code;
        const bool transient = code == core::ErrorCode::NotFound ||
                               code == core::ErrorCode::Network || code == core::ErrorCode::Timeout;
        std::cout << "[attempt] " << attempts.count << " after " << secondsSince(start)
                  << " s: " << result.error().message << "\n";
        if (!transient || Clock::now() - start > limit) {
            return result;
        }
        std::this_thread::sleep_for(2s);
    }
}

// Sends `hello` from the client socket, reads it on the inbound stream the
// listener got, answers with `answer`, reads the answer back. On a fresh
// network Tor has delivered, after a "descriptor not found", a stream to
// the service that ended before any data while the client's own stream
// arrived next: streams that end empty are skipped, at most two, and
// reported.
inline void exchange(int clientFd, RecordingTransportListener& listener, const std::string& hello,
                     const std::string& answer) {
    using namespace std::chrono_literals;
    REQUIRE(::send(clientFd, hello.data(), hello.size(), MSG_NOSIGNAL) ==
            static_cast<ssize_t>(hello.size()));
    std::unique_ptr<core::ByteStream> serverSide;
    std::string got;
    for (int skipped = 0; got.empty(); ++skipped) {
        REQUIRE(skipped <= 2);
        serverSide = listener.takeStream(30s);
        REQUIRE(serverSide);
        std::array<std::uint8_t, 256> buffer{};
        auto n = serverSide->read(buffer, 30s);
        REQUIRE(n);
        if (*n == 0) {
            std::cout << "[note] an inbound stream ended before any data; taking the next\n";
            continue;
        }
        got.append(reinterpret_cast<const char*>(buffer.data()), *n);
    }
    while (got.size() < hello.size()) {
        std::array<std::uint8_t, 256> buffer{};
        auto n = serverSide->read(buffer, 30s);
        REQUIRE(n);
        REQUIRE(*n > 0);
        got.append(reinterpret_cast<const char*>(buffer.data()), *n);
    }
    CHECK(got == hello);
    REQUIRE(serverSide->write(bytesOf(answer), 30s));
    std::string back(answer.size(), '\0');
    pollfd pfd{clientFd, POLLIN, 0};
    std::size_t have = 0;
    while (have < back.size() && ::poll(&pfd, 1, 30000) == 1) {
        const ssize_t n = ::recv(clientFd, back.data() + have, back.size() - have, 0);
        if (n <= 0) {
            break;
        }
        have += static_cast<std::size_t>(n);
    }
    CHECK(back == answer);
}

// Processes other than this one whose command line names `dir`: the bare
// tors a test started, if any survived.
inline std::vector<std::string> processesNaming(const std::filesystem::path& dir) {
    std::vector<std::string> found;
    const std::string self = std::to_string(::getpid());
    for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
        const std::string pid = entry.path().filename().string();
        if (pid.empty() || !std::isdigit(static_cast<unsigned char>(pid[0])) || pid == self) {
            continue;
        }
        const auto cmdline = readFile(entry.path() / "cmdline");
        std::string text(cmdline.begin(), cmdline.end());
        std::replace(text.begin(), text.end(), '\0', ' ');
        if (text.find(dir.string()) != std::string::npos) {
            found.push_back(pid + ": " + text);
        }
    }
    return found;
}

} // namespace chive::testing::network
