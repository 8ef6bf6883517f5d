// SocketStream over a socketpair: the behaviour the protocol core relies on
// for every Tor stream (data both ways, end of stream, timeouts, close from
// another thread, a vanished peer).

#include "transport/SocketStream.h"

#include <catch2/catch_test_macros.hpp>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <future>
#include <string>
#include <thread>
#include <vector>

using chive::core::ErrorCode;
using chive::transport::SocketStream;
using chive::transport::UniqueFd;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

struct Pair {
    std::unique_ptr<SocketStream> a;
    std::unique_ptr<SocketStream> b;
};

Pair makePair() {
    std::array<int, 2> fds{-1, -1};
    REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds.data()) == 0);
    auto a = SocketStream::adopt(UniqueFd(fds[0]));
    auto b = SocketStream::adopt(UniqueFd(fds[1]));
    REQUIRE(a);
    REQUIRE(b);
    return {std::move(*a), std::move(*b)};
}

std::span<const std::uint8_t> bytesOf(const std::string& text) {
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

std::string readExactly(SocketStream& stream, std::size_t size) {
    std::string out;
    std::array<std::uint8_t, 4096> buffer{};
    while (out.size() < size) {
        auto n =
            stream.read(std::span(buffer).first(std::min(buffer.size(), size - out.size())), 5s);
        REQUIRE(n);
        REQUIRE(*n > 0);
        out.append(reinterpret_cast<const char*>(buffer.data()), *n);
    }
    return out;
}

} // namespace

TEST_CASE("bytes cross a socket stream both ways, large writes included",
          "[transport][socketstream]") {
    auto [a, b] = makePair();
    REQUIRE(a->write(bytesOf("ping"), 5s));
    CHECK(readExactly(*b, 4) == "ping");
    REQUIRE(b->write(bytesOf("pong"), 5s));
    CHECK(readExactly(*a, 4) == "pong");

    // More than the socket buffer: write() waits for the reader.
    std::string big(4 * 1024 * 1024, '\0');
    for (std::size_t i = 0; i < big.size(); ++i) {
        big[i] = static_cast<char>(i * 31 % 251);
    }
    auto reader =
        std::async(std::launch::async, [&, &b = b] { return readExactly(*b, big.size()); });
    REQUIRE(a->write(bytesOf(big), 10s));
    CHECK(reader.get() == big);
}

TEST_CASE("the peer closing its side reads as end of stream", "[transport][socketstream]") {
    auto [a, b] = makePair();
    REQUIRE(a->write(bytesOf("last"), 5s));
    a.reset();
    CHECK(readExactly(*b, 4) == "last");
    std::array<std::uint8_t, 16> buffer{};
    auto end = b->read(buffer, 5s);
    REQUIRE(end);
    CHECK(*end == 0);
}

TEST_CASE("a read with nothing to read times out and the stream stays usable",
          "[transport][socketstream]") {
    auto [a, b] = makePair();
    std::array<std::uint8_t, 16> buffer{};
    const auto start = Clock::now();
    auto nothing = b->read(buffer, 150ms);
    const auto waited = Clock::now() - start;
    REQUIRE_FALSE(nothing);
    CHECK(nothing.error().code == ErrorCode::Timeout);
    CHECK(waited >= 150ms);
    CHECK(waited < 3s);

    REQUIRE(a->write(bytesOf("late"), 5s));
    CHECK(readExactly(*b, 4) == "late");
}

TEST_CASE("close() from another thread wakes a blocked read with Closed",
          "[transport][socketstream]") {
    auto [a, b] = makePair();
    auto blocked = std::async(std::launch::async, [&, &b = b] {
        std::array<std::uint8_t, 16> buffer{};
        const auto start = Clock::now();
        auto result = b->read(buffer, 30s);
        return std::make_pair(result, Clock::now() - start);
    });
    std::this_thread::sleep_for(200ms);
    b->close();
    REQUIRE(blocked.wait_for(5s) == std::future_status::ready);
    auto [result, waited] = blocked.get();
    REQUIRE_FALSE(result);
    CHECK(result.error().code == ErrorCode::Closed);
    CHECK(waited < 5s);

    // Closed stays closed, for both directions; close is idempotent.
    b->close();
    std::array<std::uint8_t, 4> buffer{};
    CHECK(b->read(buffer, 1s).error().code == ErrorCode::Closed);
    CHECK(b->write(bytesOf("x"), 1s).error().code == ErrorCode::Closed);
    // The peer sees the stream end.
    auto end = a->read(buffer, 5s);
    REQUIRE(end);
    CHECK(*end == 0);
}

TEST_CASE("close() from another thread wakes a write blocked on a full buffer",
          "[transport][socketstream]") {
    auto [a, b] = makePair();
    const std::string big(8 * 1024 * 1024, 'x'); // far more than the socket buffers
    auto blocked =
        std::async(std::launch::async, [&, &a = a] { return a->write(bytesOf(big), 30s); });
    std::this_thread::sleep_for(200ms);
    a->close();
    REQUIRE(blocked.wait_for(5s) == std::future_status::ready);
    auto result = blocked.get();
    REQUIRE_FALSE(result);
    CHECK(result.error().code == ErrorCode::Closed);
}

TEST_CASE("writing to a peer that has gone is a Network error", "[transport][socketstream]") {
    auto [a, b] = makePair();
    b.reset();
    auto written = a->write(bytesOf("anyone there?"), 5s);
    REQUIRE_FALSE(written);
    CHECK(written.error().code == ErrorCode::Network);
}

TEST_CASE("a write that the peer does not take in time times out", "[transport][socketstream]") {
    auto [a, b] = makePair();
    const std::string big(8 * 1024 * 1024, 'x');
    const auto start = Clock::now();
    auto written = a->write(bytesOf(big), 200ms);
    REQUIRE_FALSE(written);
    CHECK(written.error().code == ErrorCode::Timeout);
    CHECK(Clock::now() - start < 3s);
}
