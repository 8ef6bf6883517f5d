// core::Session over real sockets (transport::SocketStream on a
// socketpair), as it runs over a Tor stream: kernel buffering, partial reads
// and writes, both directions at once, a peer that vanishes.

#include "core/crypto/X25519KeyPair.h"
#include "core/session/Session.h"
#include "transport/SocketStream.h"

#include <catch2/catch_test_macros.hpp>
#include <sys/socket.h>

#include <array>
#include <future>
#include <memory>
#include <thread>
#include <vector>

using chive::core::ErrorCode;
using chive::core::Record;
using chive::core::RecordType;
using chive::core::Result;
using chive::core::Session;
using chive::core::SessionOptions;
using chive::core::X25519KeyPair;
using chive::transport::SocketStream;
using chive::transport::UniqueFd;
using namespace std::chrono_literals;
using Bytes = std::vector<std::uint8_t>;

namespace {

struct Sessions {
    std::unique_ptr<Session> alice;
    std::unique_ptr<Session> bob;
};

Sessions connect(const SessionOptions& options = {}) {
    std::array<int, 2> fds{-1, -1};
    REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds.data()) == 0);
    auto a = SocketStream::adopt(UniqueFd(fds[0]));
    auto b = SocketStream::adopt(UniqueFd(fds[1]));
    REQUIRE(a);
    REQUIRE(b);
    const auto aliceKey = X25519KeyPair::generate();
    const auto bobKey = X25519KeyPair::generate();
    auto accepted = std::async(std::launch::async, [&] {
        return Session::accept(std::move(*b), bobKey, aliceKey.publicKey(), options);
    });
    auto opened = Session::initiate(std::move(*a), aliceKey, bobKey.publicKey(), options);
    auto bob = accepted.get();
    REQUIRE(opened);
    REQUIRE(bob);
    return {std::move(*opened), std::move(*bob)};
}

Bytes bodyFor(std::size_t index) {
    // Sizes across every size class, contents tied to the index.
    static constexpr std::array<std::size_t, 6> kSizes{0, 100, 1000, 5000, 20000, 65516};
    Bytes body(kSizes[index % kSizes.size()]);
    for (std::size_t i = 0; i < body.size(); ++i) {
        body[i] = static_cast<std::uint8_t>(index * 31 + i);
    }
    return body;
}

// Reads `count` records and checks each against bodyFor(); false on any
// mismatch or error.
bool readAll(Session& session, std::size_t count) {
    for (std::size_t i = 0; i < count; ++i) {
        const auto record = session.receive();
        if (!record || record->type != RecordType::Message || record->body != bodyFor(i)) {
            return false;
        }
    }
    return true;
}

} // namespace

TEST_CASE("Sessions over a socketpair carry records of every size class both ways at once",
          "[transport][session]") {
    auto [alice, bob] = connect();
    constexpr std::size_t kCount = 300;
    // Both sides write and read at the same time, so neither may block the
    // other on full socket buffers.
    auto aliceSends = std::async(std::launch::async, [&] {
        for (std::size_t i = 0; i < kCount; ++i) {
            if (!alice->send(RecordType::Message, bodyFor(i))) {
                return false;
            }
        }
        return true;
    });
    auto bobSends = std::async(std::launch::async, [&] {
        for (std::size_t i = 0; i < kCount; ++i) {
            if (!bob->send(RecordType::Message, bodyFor(i))) {
                return false;
            }
        }
        return true;
    });
    auto aliceReads = std::async(std::launch::async, [&] { return readAll(*alice, kCount); });
    CHECK(readAll(*bob, kCount));
    CHECK(aliceReads.get());
    CHECK(aliceSends.get());
    CHECK(bobSends.get());
    CHECK(alice->sentRecords() == kCount);
    CHECK(bob->receivedRecords() == kCount);
}

TEST_CASE("A session over a socket ends cleanly when the peer closes or vanishes",
          "[transport][session]") {
    SECTION("the peer closes: its reason arrives") {
        auto [alice, bob] = connect();
        REQUIRE(alice->send(RecordType::Message, Bytes{1, 2, 3}));
        alice->close();
        CHECK(bob->receive().value().body == Bytes{1, 2, 3});
        const auto end = bob->receive();
        REQUIRE_FALSE(end);
        CHECK(end.error().code == ErrorCode::Closed);
        CHECK(end.error().message.find("closed normally") != std::string::npos);
    }
    SECTION("the peer's session is destroyed: it still says goodbye") {
        auto [alice, bob] = connect();
        alice.reset();
        const auto end = bob->receive();
        REQUIRE_FALSE(end);
        CHECK(end.error().code == ErrorCode::Closed);
        CHECK(end.error().message.find("closed normally") != std::string::npos);
        CHECK(bob->send(RecordType::Message, Bytes{1}).error().code == ErrorCode::Closed);
    }
    SECTION("sending into a socket whose peer is gone fails, and the reader reports the end") {
        auto [alice, bob] = connect();
        alice.reset();
        // Without reading first, Bob's writes hit the closed socket.
        Result<void> sent;
        for (int i = 0; i < 100 && sent; ++i) {
            sent = bob->send(RecordType::Message, Bytes(60000, 1));
        }
        REQUIRE_FALSE(sent);
        CHECK_FALSE(bob->isOpen());
        // The reader still finds Alice's CLOSE, already in Bob's buffer.
        const auto end = bob->receive();
        REQUIRE_FALSE(end);
        CHECK(end.error().code == ErrorCode::Closed);
        CHECK(end.error().message.find("closed normally") != std::string::npos);
    }
}
