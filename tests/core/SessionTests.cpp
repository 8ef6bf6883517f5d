// Session over in-memory streams (tests/core/SessionTestSupport.h): the
// handshake with right and wrong keys, hostile first messages, silence,
// keep-alive and idle timeout, close, application record types, replayed /
// reordered / dropped / altered frames through a relay, and concurrent
// senders.

#include "core/session/Session.h"
#include "core/session/SessionCipher.h"
#include "core/session/SessionHandshake.h"

#include <catch2/catch_test_macros.hpp>

#include <future>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "tests/core/SessionTestSupport.h"

using chive::core::CloseReason;
using chive::core::ErrorCode;
using chive::core::FramedStream;
using chive::core::HandshakeRole;
using chive::core::Record;
using chive::core::RecordType;
using chive::core::Result;
using chive::core::Session;
using chive::core::SessionCipher;
using chive::core::SessionHandshake;
using chive::core::SessionOptions;
using chive::core::X25519KeyPair;
using chive::testing::Connection;
using chive::testing::FrameRelay;
using chive::testing::fromHexString;
using namespace std::chrono_literals;
using Bytes = std::vector<std::uint8_t>;

namespace {

struct Keys {
    X25519KeyPair alice = X25519KeyPair::generate();
    X25519KeyPair bob = X25519KeyPair::generate();
};

SessionOptions fastOptions() {
    SessionOptions options;
    options.handshakeTimeout = 2000ms;
    options.pingInterval = 5000ms;
    options.idleTimeout = 10000ms;
    options.writeTimeout = 2000ms;
    return options;
}

struct Established {
    Result<std::unique_ptr<Session>> a;
    Result<std::unique_ptr<Session>> b;
};

// Alice opens, Bob accepts, each with the keys it believes in.
Established establish(Connection& connection, const X25519KeyPair& alice,
                      const chive::core::X25519PublicKey& aliceExpects, const X25519KeyPair& bob,
                      const chive::core::X25519PublicKey& bobExpects,
                      const SessionOptions& options = fastOptions()) {
    auto accepted = std::async(std::launch::async, [&] {
        return Session::accept(std::move(connection.b), bob, bobExpects, options);
    });
    auto opened = Session::initiate(std::move(connection.a), alice, aliceExpects, options);
    return {std::move(opened), accepted.get()};
}

Established establish(Connection& connection, const Keys& keys,
                      const SessionOptions& options = fastOptions()) {
    return establish(connection, keys.alice, keys.bob.publicKey(), keys.bob, keys.alice.publicKey(),
                     options);
}

Bytes text(const std::string& s) {
    return {s.begin(), s.end()};
}

// receive() on its own thread. The result is built straight on the heap:
// GCC 12 reports a false -Wfree-nonheap-object for a Result<Record>
// temporary destroyed inside a thread's callable (and std::async's).
class BackgroundReceive {
public:
    explicit BackgroundReceive(Session& session)
        : m_thread([this, &session] {
            m_result = std::make_unique<Result<Record>>(session.receive());
        }) {}
    ~BackgroundReceive() {
        if (m_thread.joinable()) {
            m_thread.join();
        }
    }
    BackgroundReceive(const BackgroundReceive&) = delete;
    BackgroundReceive& operator=(const BackgroundReceive&) = delete;
    BackgroundReceive(BackgroundReceive&&) = delete;
    BackgroundReceive& operator=(BackgroundReceive&&) = delete;

    Result<Record> get() {
        m_thread.join();
        return std::move(*m_result);
    }

private:
    std::unique_ptr<Result<Record>> m_result;
    std::thread m_thread;
};

} // namespace

TEST_CASE("Two sessions handshake and exchange records both ways", "[core][session]") {
    const Keys keys;
    Connection connection;
    auto [a, b] = establish(connection, keys);
    REQUIRE(a);
    REQUIRE(b);
    CHECK((*a)->role() == HandshakeRole::Initiator);
    CHECK((*b)->role() == HandshakeRole::Responder);
    CHECK((*a)->version() == 1);
    CHECK((*b)->peerStatic() == keys.alice.publicKey());
    CHECK(Bytes((*a)->handshakeHash().begin(), (*a)->handshakeHash().end()) ==
          Bytes((*b)->handshakeHash().begin(), (*b)->handshakeHash().end()));

    REQUIRE((*a)->send(RecordType::Message, text("hello bob")));
    REQUIRE((*a)->send(RecordType::Message, Bytes(20000, 0x33)));
    const auto first = (*b)->receive();
    REQUIRE(first);
    CHECK(first->type == RecordType::Message);
    CHECK(first->body == text("hello bob"));
    CHECK((*b)->receive().value().body == Bytes(20000, 0x33));
    REQUIRE((*b)->send(RecordType::Ack, text("ack")));
    CHECK((*a)->receive().value().body == text("ack"));
}

TEST_CASE("A wrong static key fails the handshake with Crypto", "[core][session]") {
    const Keys keys;
    const auto mallory = X25519KeyPair::generate();
    SECTION("Bob expects someone else") {
        Connection connection;
        auto [a, b] =
            establish(connection, keys.alice, keys.bob.publicKey(), keys.bob, mallory.publicKey());
        REQUIRE_FALSE(b);
        CHECK(b.error().code == ErrorCode::Crypto);
        // Alice learns only that Bob hung up.
        REQUIRE_FALSE(a);
        CHECK(a.error().code == ErrorCode::Closed);
        CHECK(a.error().message.find("does not accept our key") != std::string::npos);
    }
    SECTION("Alice talks to someone holding another key") {
        Connection connection;
        auto [a, b] = establish(connection, keys.alice, keys.bob.publicKey(), mallory,
                                keys.alice.publicKey());
        REQUIRE_FALSE(b);
        CHECK(b.error().code == ErrorCode::Crypto);
        REQUIRE_FALSE(a);
    }
}

TEST_CASE("A responder refuses hostile first messages with a clear reason", "[core][session]") {
    const Keys keys;
    auto acceptWith = [&](const Bytes& raw) {
        Connection connection;
        connection.aToB->put(raw);
        return Session::accept(std::move(connection.b), keys.bob, keys.alice.publicKey(),
                               fastOptions());
    };
    CHECK(acceptWith(fromHexString("000a0102030405060708090a")).error().code ==
          ErrorCode::Malformed);
    CHECK(acceptWith(fromHexString("0000")).error().code == ErrorCode::Malformed);
    // A length over the handshake's 1024-byte limit is refused from the
    // header: no body is awaited or allocated.
    const auto big = acceptWith(fromHexString("ffff"));
    CHECK(big.error().code == ErrorCode::TooLarge);
    Bytes garbage{0x00, 0x40};
    garbage.resize(2 + 64, 0xA5);
    CHECK(acceptWith(garbage).error().code == ErrorCode::Crypto);
    // A truncated frame, then the peer hangs up.
    Connection connection;
    connection.aToB->put(fromHexString("0032aabb"));
    connection.aToB->closeWriter();
    const auto truncated =
        Session::accept(std::move(connection.b), keys.bob, keys.alice.publicKey(), fastOptions());
    CHECK(truncated.error().code == ErrorCode::Closed);
    CHECK(truncated.error().message.find("inside a frame") != std::string::npos);
}

TEST_CASE("Silence during the handshake ends it with Timeout", "[core][session][timeout]") {
    const Keys keys;
    SessionOptions options = fastOptions();
    options.handshakeTimeout = 300ms;
    SECTION("the initiator never speaks") {
        Connection connection;
        const auto start = std::chrono::steady_clock::now();
        const auto b =
            Session::accept(std::move(connection.b), keys.bob, keys.alice.publicKey(), options);
        REQUIRE_FALSE(b);
        CHECK(b.error().code == ErrorCode::Timeout);
        CHECK(std::chrono::steady_clock::now() - start < 3s);
    }
    SECTION("the responder never answers") {
        Connection connection;
        const auto a =
            Session::initiate(std::move(connection.a), keys.alice, keys.bob.publicKey(), options);
        REQUIRE_FALSE(a);
        CHECK(a.error().code == ErrorCode::Timeout);
    }
}

TEST_CASE("Keep-alive pings keep an idle session open", "[core][session][keepalive]") {
    const Keys keys;
    SessionOptions options = fastOptions();
    options.pingInterval = 50ms;
    options.idleTimeout = 400ms;
    Connection connection;
    auto [a, b] = establish(connection, keys, options);
    REQUIRE(a);
    REQUIRE(b);
    Session& alice = **a;
    Session& bob = **b;
    // Both read; no application record is sent for 1.2 s, three idle
    // timeouts' worth.
    BackgroundReceive aliceReads(alice);
    BackgroundReceive bobReads(bob);
    std::this_thread::sleep_for(1200ms);
    CHECK(alice.isOpen());
    CHECK(bob.isOpen());
    // PINGs and PONGs went both ways.
    CHECK(alice.sentRecords() >= 5);
    CHECK(bob.receivedRecords() >= 5);
    // A real record still gets through, then close() ends both readers.
    REQUIRE(alice.send(RecordType::Message, text("still here")));
    const auto got = bobReads.get();
    REQUIRE(got);
    CHECK(got->body == text("still here"));
    alice.close();
    const auto aliceResult = aliceReads.get();
    REQUIRE_FALSE(aliceResult);
    CHECK(aliceResult.error().code == ErrorCode::Closed);
    const auto bobResult = bob.receive();
    REQUIRE_FALSE(bobResult);
    CHECK(bobResult.error().code == ErrorCode::Closed);
    CHECK(bobResult.error().message.find("closed normally") != std::string::npos);
}

TEST_CASE("A peer that goes silent is cut off with Timeout after the idle timeout",
          "[core][session][keepalive]") {
    const Keys keys;
    SessionOptions options = fastOptions();
    options.pingInterval = 50ms;
    options.idleTimeout = 300ms;
    Connection connection;
    auto [a, b] = establish(connection, keys, options);
    REQUIRE(a);
    REQUIRE(b);
    // Bob never reads, so never answers Alice's PING.
    const auto start = std::chrono::steady_clock::now();
    const auto result = (*a)->receive();
    const auto elapsed = std::chrono::steady_clock::now() - start;
    REQUIRE_FALSE(result);
    CHECK(result.error().code == ErrorCode::Timeout);
    CHECK(elapsed >= 250ms);
    CHECK(elapsed < 3s);
    CHECK_FALSE((*a)->isOpen());
    CHECK((*a)->send(RecordType::Message, text("late")).error().code == ErrorCode::Closed);
    // Bob finds Alice's PING, then her CLOSE(IdleTimeout).
    const auto bobResult = (*b)->receive();
    REQUIRE_FALSE(bobResult);
    CHECK(bobResult.error().code == ErrorCode::Closed);
    CHECK(bobResult.error().message.find("nothing arrived in time") != std::string::npos);
}

TEST_CASE("Only application record types may be sent, and oversized bodies are refused",
          "[core][session]") {
    const Keys keys;
    Connection connection;
    auto [a, b] = establish(connection, keys);
    REQUIRE(a);
    REQUIRE(b);
    for (const std::uint8_t type :
         std::vector<std::uint8_t>{0x00, 0x01, 0x02, 0x03, 0x0F, 0x80, 0x8F}) {
        CAPTURE(type);
        CHECK((*a)->send(static_cast<RecordType>(type), {}).error().code ==
              ErrorCode::InvalidArgument);
    }
    CHECK((*a)->send(RecordType::Message, Bytes(Record::kMaxBodyLength + 1)).error().code ==
          ErrorCode::TooLarge);
    // The session is still fine; unknown application types reach the caller,
    // which applies the optional/mandatory rule itself.
    REQUIRE((*a)->send(static_cast<RecordType>(0x20), text("new mandatory")));
    REQUIRE((*a)->send(static_cast<RecordType>(0x90), text("new optional")));
    REQUIRE((*a)->send(RecordType::Message, Bytes(Record::kMaxBodyLength, 7)));
    CHECK((*b)->receive().value().type == static_cast<RecordType>(0x20));
    CHECK((*b)->receive().value().type == static_cast<RecordType>(0x90));
    CHECK((*b)->receive().value().body.size() == Record::kMaxBodyLength);
}

namespace {

// A hand-driven initiator: the handshake through SessionHandshake on a
// FramedStream, then raw records of any type.
struct RawPeer {
    std::unique_ptr<FramedStream> stream;
    std::unique_ptr<SessionCipher> cipher;

    void send(std::uint8_t type, const Bytes& body) {
        Bytes frame;
        REQUIRE(cipher->seal(static_cast<RecordType>(type), body, frame));
        REQUIRE(stream->writeFramed(frame, 1s));
    }
};

std::pair<RawPeer, std::unique_ptr<Session>> rawPeerAndSession(const Keys& keys) {
    auto connection = std::make_shared<Connection>();
    auto accepted = std::async(std::launch::async, [&] {
        return Session::accept(std::move(connection->b), keys.bob, keys.alice.publicKey(),
                               fastOptions());
    });
    RawPeer peer;
    peer.stream = std::make_unique<FramedStream>(std::move(connection->a));
    auto handshake =
        SessionHandshake::create(HandshakeRole::Initiator, keys.alice, keys.bob.publicKey())
            .value();
    REQUIRE(peer.stream->writeFrame(handshake.start().value(), 1s));
    REQUIRE(handshake.finish(peer.stream->readFrame(2s).value()));
    peer.cipher = std::make_unique<SessionCipher>(std::move(handshake.complete().value().ciphers));
    auto session = accepted.get();
    REQUIRE(session);
    return {std::move(peer), std::move(*session)};
}

} // namespace

TEST_CASE("Unknown optional session types are skipped, unknown mandatory ones end the session",
          "[core][session]") {
    const Keys keys;
    auto [peer, session] = rawPeerAndSession(keys);
    peer.send(0x85, text("future optional session record"));
    peer.send(0x02, {}); // an unsolicited PONG is harmless
    peer.send(0x10, text("message"));
    const auto first = session->receive();
    REQUIRE(first);
    CHECK(first->body == text("message"));
    peer.send(0x05, {});
    const auto second = session->receive();
    REQUIRE_FALSE(second);
    CHECK(second.error().code == ErrorCode::Malformed);
    CHECK(second.error().message.find("unknown session record type 5") != std::string::npos);
    CHECK_FALSE(session->isOpen());
}

TEST_CASE("A PING is answered and a CLOSE without a reason is malformed", "[core][session]") {
    const Keys keys;
    auto [peer, session] = rawPeerAndSession(keys);
    peer.send(0x01, {});
    peer.send(0x03, {});
    const auto result = session->receive();
    REQUIRE_FALSE(result);
    CHECK(result.error().code == ErrorCode::Malformed);
    // The PONG came back first.
    auto pong = peer.stream->readFrame(1s);
    REQUIRE(pong);
    const auto view = peer.cipher->open(*pong);
    REQUIRE(view);
    CHECK(view->type == RecordType::Pong);
}

TEST_CASE("Replayed, reordered, dropped and altered frames end the session with Crypto",
          "[core][session][replay]") {
    const Keys keys;
    using Frames = std::vector<Bytes>;
    // Frame 0 is the handshake's first message; records start at 1.
    const std::vector<std::pair<std::string, FrameRelay::Policy>> attacks{
        {"replay",
         [](std::size_t i, Bytes frame, Frames&) {
             return i == 2 ? Frames{frame, frame} : Frames{frame};
         }},
        {"reorder",
         [held = Bytes{}](std::size_t i, Bytes frame, Frames&) mutable {
             if (i == 2) {
                 held = std::move(frame);
                 return Frames{};
             }
             return i == 3 ? Frames{frame, held} : Frames{frame};
         }},
        {"drop",
         [](std::size_t i, Bytes frame, Frames&) {
             return i == 2 ? Frames{} : Frames{frame};
         }},
        {"alter",
         [](std::size_t i, Bytes frame, Frames&) {
             if (i == 2) {
                 frame[frame.size() / 2] ^= 0x04;
             }
             return Frames{frame};
         }},
        {"replay an older record later",
         [](std::size_t i, Bytes frame, Frames& history) {
             return i == 3 ? Frames{frame, history[1]} : Frames{frame};
         }},
    };
    for (const auto& [name, policy] : attacks) {
        SECTION(name) {
            Connection connection(true);
            FrameRelay relay(connection, policy);
            auto [a, b] = establish(connection, keys);
            REQUIRE(a);
            REQUIRE(b);
            for (std::uint8_t i = 1; i <= 3; ++i) {
                REQUIRE((*a)->send(RecordType::Message, Bytes{i}));
            }
            // Record 1 is intact in every attack.
            const auto first = (*b)->receive();
            REQUIRE(first);
            CHECK(first->body == Bytes{1});
            Result<Record> next = (*b)->receive();
            if (name == "replay" || name == "replay an older record later") {
                // The genuine record 2 (and 3 for the late replay) arrives
                // first; the copy after it fails.
                REQUIRE(next);
                CHECK(next->body == Bytes{2});
                if (name == "replay an older record later") {
                    next = (*b)->receive();
                    REQUIRE(next);
                    CHECK(next->body == Bytes{3});
                }
                next = (*b)->receive();
            }
            REQUIRE_FALSE(next);
            CHECK(next.error().code == ErrorCode::Crypto);
            CHECK_FALSE((*b)->isOpen());
            // Alice is told: Bob sent CLOSE(ProtocolError) before hanging up.
            const auto alice = (*a)->receive();
            REQUIRE_FALSE(alice);
            CHECK(alice.error().code == ErrorCode::Closed);
        }
    }
}

TEST_CASE("Concurrent senders each keep their order and nothing is lost",
          "[core][session][threads]") {
    const Keys keys;
    Connection connection;
    auto [a, b] = establish(connection, keys);
    REQUIRE(a);
    REQUIRE(b);
    constexpr int kThreads = 4;
    constexpr int kPerThread = 300;
    std::vector<std::thread> senders;
    for (int t = 0; t < kThreads; ++t) {
        senders.emplace_back([&, t] {
            for (int i = 0; i < kPerThread; ++i) {
                const Bytes body{static_cast<std::uint8_t>(t), static_cast<std::uint8_t>(i >> 8),
                                 static_cast<std::uint8_t>(i & 0xFF)};
                if (!(*a)->send(RecordType::Message, body)) {
                    return;
                }
            }
        });
    }
    std::vector<int> next(kThreads, 0);
    int received = 0;
    while (received < kThreads * kPerThread) {
        const auto record = (*b)->receive();
        REQUIRE(record);
        REQUIRE(record->body.size() == 3);
        const int t = record->body[0];
        const int i = (record->body[1] << 8) | record->body[2];
        REQUIRE(t < kThreads);
        CHECK(i == next[static_cast<std::size_t>(t)]);
        next[static_cast<std::size_t>(t)] = i + 1;
        ++received;
    }
    for (auto& sender : senders) {
        sender.join();
    }
    CHECK((*a)->sentRecords() == kThreads * kPerThread);
}

TEST_CASE("Closing wakes a blocked reader and is idempotent", "[core][session]") {
    const Keys keys;
    Connection connection;
    auto [a, b] = establish(connection, keys);
    REQUIRE(a);
    REQUIRE(b);
    BackgroundReceive reader(**b);
    std::this_thread::sleep_for(50ms);
    (*b)->close(CloseReason::Duplicate);
    (*b)->close();
    const auto result = reader.get();
    REQUIRE_FALSE(result);
    CHECK(result.error().code == ErrorCode::Closed);
    const auto alice = (*a)->receive();
    REQUIRE_FALSE(alice);
    CHECK(alice.error().message.find("duplicate") != std::string::npos);
}
