#include "core/link/ContactLink.h"

#include <catch2/catch_test_macros.hpp>

#include <algorithm>
#include <atomic>
#include <memory>
#include <mutex>
#include <optional>

#include "EngineTestSupport.h"

using namespace chive;
using namespace chive::engine::test;

namespace {

// A stream that reads at most `allowance` bytes, then hangs up: the
// contact's last records are lost on the way, as when a circuit dies.
class CutAfterStream final : public core::ByteStream {
public:
    CutAfterStream(std::unique_ptr<core::ByteStream> inner, std::size_t allowance)
        : m_inner(std::move(inner))
        , m_left(allowance) {}

    core::Result<std::size_t> read(std::span<std::uint8_t> buffer,
                                   std::chrono::milliseconds timeout) override {
        if (m_left == 0) {
            m_inner->close();
            return std::size_t{0};
        }
        auto got = m_inner->read(buffer.first(std::min(buffer.size(), m_left)), timeout);
        if (got) {
            m_left -= *got;
        }
        return got;
    }
    core::Status write(std::span<const std::uint8_t> bytes,
                       std::chrono::milliseconds timeout) override {
        return m_inner->write(bytes, timeout);
    }
    void close() override { m_inner->close(); }

private:
    std::unique_ptr<core::ByteStream> m_inner;
    std::size_t m_left;
};

// Passes everything to the loopback transport; the first stream it opens is
// cut after `allowance` bytes.
class CuttingTransport final : public core::Transport {
public:
    CuttingTransport(core::Transport& inner, std::size_t allowance)
        : m_inner(inner)
        , m_allowance(allowance) {}

    core::Result<core::Ed25519PublicKey>
    publish(std::span<const std::uint8_t> seed,
            std::span<const core::X25519PublicKey> clients) override {
        return m_inner.publish(seed, clients);
    }
    core::Status unpublish(const core::Ed25519PublicKey& service) override {
        return m_inner.unpublish(service);
    }
    core::Status addClientAuth(const core::Ed25519PublicKey& service,
                               std::span<const std::uint8_t> key) override {
        return m_inner.addClientAuth(service, key);
    }
    core::Status removeClientAuth(const core::Ed25519PublicKey& service) override {
        return m_inner.removeClientAuth(service);
    }
    core::Result<std::unique_ptr<core::ByteStream>>
    connect(const core::Ed25519PublicKey& service, std::chrono::milliseconds timeout) override {
        {
            const std::lock_guard lock(m_mutex);
            if (refuseAll.load() || (onlyFirstService.load() && m_first && service != *m_first)) {
                return core::fail(core::ErrorCode::Network, "refused by the test");
            }
        }
        auto stream = m_inner.connect(service, timeout);
        const std::lock_guard lock(m_mutex);
        if (stream && !m_first) {
            m_first = service;
            return std::unique_ptr<core::ByteStream>(
                std::make_unique<CutAfterStream>(std::move(*stream), m_allowance));
        }
        return stream;
    }

    // Test controls: no connects at all; or none but to the first service
    // reached (the rendezvous), so no per-contact session can prove the
    // exchange.
    std::atomic<bool> refuseAll{false};
    std::atomic<bool> onlyFirstService{false};

private:
    core::Transport& m_inner;
    std::size_t m_allowance;
    std::mutex m_mutex;
    std::optional<core::Ed25519PublicKey> m_first; // the first service reached
};

// The connector reads the responder's handshake message (a 52-byte frame)
// and its BUNDLE (one 277-byte record frame), then loses the stream before
// the CONFIRM.
constexpr std::size_t kUpToPeerBundle = 52 + 277;

} // namespace

TEST_CASE("an exchange cut before the last CONFIRM still ends with both contacts Connected",
          "[engine][exchange]") {
    transport::LoopbackNetwork network;
    Person alice(network, "alice");
    Person bob(network, "bob");
    CuttingTransport aliceCut(alice.transport(), kUpToPeerBundle);
    CuttingTransport bobCut(bob.transport(), kUpToPeerBundle);
    alice.transportForEngine = &aliceCut;
    bob.transportForEngine = &bobCut;
    alice.start();
    bob.start();
    auto invitation = alice.engine().createInvitation("bob");
    REQUIRE(invitation);
    auto answer = bob.engine().addContactFromLink("alice", invitation->link);
    REQUIRE(answer);
    REQUIRE(alice.engine().enterPeerLink(invitation->id, answer->link));
    // The side with the larger handshake key connects to the rendezvous.
    const auto aliceKey = core::ContactLink::parse(invitation->link)->handshakeKey();
    const auto bobKey = core::ContactLink::parse(answer->link)->handshakeKey();
    const bool aliceConnects = bobKey < aliceKey;

    // The connector (whichever side it is) got the bundle but no CONFIRM:
    // its contact is first Pending, and the first session on the exchanged
    // keys proves the exchange and makes it Connected.
    REQUIRE(onlineWithOneContact(*alice.listener));
    REQUIRE(onlineWithOneContact(*bob.listener));
    Person& connector = aliceConnects ? alice : bob;
    const bool sawPending = connector.listener->read([&] {
        return std::any_of(
            connector.listener->contactChanges.begin(), connector.listener->contactChanges.end(),
            [](const auto& view) { return view.state == core::ContactState::Pending; });
    });
    CHECK(sawPending);
    CHECK(alice.engine().invitations()->empty());
    CHECK(bob.engine().invitations()->empty());
    CHECK(*alice.engine().safetyNumber(alice.onlyContact()) ==
          *bob.engine().safetyNumber(bob.onlyContact()));
    REQUIRE(eventually([&] { return network.publishedCount() == 2; }, 5s));

    // And it stays so after a restart (the state was stored).
    connector.restart();
    auto contacts = connector.engine().contacts();
    REQUIRE(contacts);
    REQUIRE(contacts->size() == 1);
    CHECK(contacts->front().state == core::ContactState::Connected);
    REQUIRE(alice.engine().sendMessage(alice.onlyContact(), "after all that"));
    REQUIRE(bob.listener->waitUntil([&] {
        return std::any_of(bob.listener->received.begin(), bob.listener->received.end(),
                           [](const auto& message) { return message.body == "after all that"; });
    }));
}

TEST_CASE("a Pending contact that no session confirms expires with its invitation",
          "[engine][exchange][expiry]") {
    transport::LoopbackNetwork network;
    Person alice(network, "alice");
    Person bob(network, "bob");
    CuttingTransport aliceCut(alice.transport(), kUpToPeerBundle);
    CuttingTransport bobCut(bob.transport(), kUpToPeerBundle);
    alice.transportForEngine = &aliceCut;
    bob.transportForEngine = &bobCut;
    alice.start();
    bob.start();
    auto invitation = alice.engine().createInvitation("bob");
    REQUIRE(invitation);
    auto bobInvitation = bob.engine().createInvitation("alice");
    REQUIRE(bobInvitation);
    const auto aliceKey = core::ContactLink::parse(invitation->link)->handshakeKey();
    const auto bobKey = core::ContactLink::parse(bobInvitation->link)->handshakeKey();
    const bool aliceConnects = bobKey < aliceKey;
    Person& connector = aliceConnects ? alice : bob;
    Person& publisher = aliceConnects ? bob : alice;
    (aliceConnects ? aliceCut : bobCut).onlyFirstService = true;
    (aliceConnects ? bobCut : aliceCut).refuseAll = true;
    REQUIRE(bob.engine().enterPeerLink(bobInvitation->id, invitation->link));
    REQUIRE(alice.engine().enterPeerLink(invitation->id, bobInvitation->link));

    REQUIRE(connector.listener->waitUntil([&] {
        return connector.listener->contacts.size() == 1 &&
               connector.listener->contacts.begin()->second.state == core::ContactState::Pending;
    }));
    REQUIRE(
        publisher.listener->waitUntil([&] { return publisher.listener->contacts.size() == 1; }));
    std::this_thread::sleep_for(300ms);
    auto pending = connector.engine().contacts();
    REQUIRE(pending);
    REQUIRE(pending->size() == 1);
    CHECK(pending->front().state == core::ContactState::Pending);
    CHECK(connector.engine().invitations()->size() == 1); // kept for a retry

    // It survives a restart as Pending, then expires with the invitation.
    connector.restart();
    REQUIRE(connector.engine().contacts()->size() == 1);
    CHECK(connector.engine().contacts()->front().state == core::ContactState::Pending);
    connector.clock.advance(std::chrono::hours(24 * 7) + std::chrono::minutes(1));
    REQUIRE(connector.listener->waitUntil(
        [&] { return connector.listener->removedContacts.size() == 1; }, 5s));
    CHECK(connector.engine().contacts()->empty());
    CHECK(connector.engine().invitations()->empty());
    connector.restart();
    CHECK(connector.engine().contacts()->empty());
}

namespace {

// Before its first real connect, opens a stream to the same service that
// never says anything, as the empty stream Tor sometimes delivers first.
class SilentFirstTransport final : public core::Transport {
public:
    explicit SilentFirstTransport(core::Transport& inner)
        : m_inner(inner) {}

    core::Result<core::Ed25519PublicKey>
    publish(std::span<const std::uint8_t> seed,
            std::span<const core::X25519PublicKey> clients) override {
        return m_inner.publish(seed, clients);
    }
    core::Status unpublish(const core::Ed25519PublicKey& service) override {
        return m_inner.unpublish(service);
    }
    core::Status addClientAuth(const core::Ed25519PublicKey& service,
                               std::span<const std::uint8_t> key) override {
        return m_inner.addClientAuth(service, key);
    }
    core::Status removeClientAuth(const core::Ed25519PublicKey& service) override {
        return m_inner.removeClientAuth(service);
    }
    core::Result<std::unique_ptr<core::ByteStream>>
    connect(const core::Ed25519PublicKey& service, std::chrono::milliseconds timeout) override {
        {
            const std::lock_guard lock(m_mutex);
            if (!m_silent) {
                auto silent = m_inner.connect(service, timeout);
                if (!silent) {
                    return silent;
                }
                m_silent = std::move(*silent);
            }
        }
        return m_inner.connect(service, timeout);
    }

private:
    core::Transport& m_inner;
    std::mutex m_mutex;
    std::unique_ptr<core::ByteStream> m_silent;
};

} // namespace

TEST_CASE("a silent stream to the rendezvous service does not hold up the exchange",
          "[engine][exchange]") {
    transport::LoopbackNetwork network;
    Person alice(network, "alice");
    Person bob(network, "bob");
    SilentFirstTransport aliceSilent(alice.transport());
    SilentFirstTransport bobSilent(bob.transport());
    alice.transportForEngine = &aliceSilent;
    bob.transportForEngine = &bobSilent;
    // A silent exchange holds its slot until this runs out; the real one
    // must not wait for it.
    alice.options.exchangeTimeout = 10s;
    bob.options.exchangeTimeout = 10s;
    alice.start();
    bob.start();
    const auto started = std::chrono::steady_clock::now();
    befriend(alice, bob);
    REQUIRE(onlineWithOneContact(*alice.listener));
    REQUIRE(onlineWithOneContact(*bob.listener));
    CHECK(std::chrono::steady_clock::now() - started < 5s);
}
