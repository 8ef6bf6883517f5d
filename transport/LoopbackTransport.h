#pragma once

// LoopbackTransport: core::Transport inside one process, for unit tests of
// the protocol core and the engine with several people and no Tor. Each
// simulated person gets one LoopbackTransport with its own listener; all of
// them share one LoopbackNetwork. A connection is a socketpair(AF_UNIX,
// SOCK_STREAM): the caller gets one end, the service's owner the other.
//
// Behaves like the Tor transport where callers can tell:
// - the service key is ed25519 from the 32-byte seed (crypto_sign_seed_
//   keypair; Tor derives the same public key, see OnionServiceKey);
// - connect fails with NotFound for a service nobody publishes (never
//   published, or unpublished), Crypto if it needs client authorization and
//   this transport holds no key, or a key whose x25519 public key
//   (crypto_scalarmult_base) the service does not admit, Network if either
//   side is offline or at its stream limit, Timeout if the connect delay
//   exceeds the timeout;
// - onServiceReachable follows publish, asynchronously; a service published
//   while offline gets onServiceUploadFailed instead, and every service gets
//   onServiceReachable again when the transport comes back online.
// Unlike Tor, a service can be reached as soon as publish returns.
//
// Test controls (failure injection): setOnline(false) makes this
// transport's services unreachable and its own connects fail (open streams
// stay open; cutStreams() drops them, as a crash or network loss would);
// setConnectDelay() slows its connects down; counters() counts what it did.
//
// Ownership: the LoopbackNetwork and the listener must outlive the
// transport. Secrets (client-auth private keys) are kept in SecureBuffers;
// the service seed is used once and not kept. Streams handed out are owned
// by the receiver and may outlive the transport, but the destructor cuts
// them, as stopping Tor would. The destructor also unpublishes every service
// and joins the listener thread; events still queued are dropped (queued
// inbound streams are closed).
//
// Threads: every method may be called from any thread. Listener callbacks
// arrive on one thread owned by the transport, in order, never on a caller's
// stack; no lock is held while they run. connect() blocks for the connect
// delay, at most `timeout`.
//
// Limits: at most maxOpenStreams open streams per transport, counting both
// the streams it opened and those it accepted; more fail with Network.

#include "core/SecureBuffer.h"
#include "core/net/Transport.h"
#include "transport/LoopbackStream.h"

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace chive::transport {

class LoopbackNetwork;

class LoopbackTransport final : public core::Transport {
public:
    static constexpr std::size_t kDefaultMaxOpenStreams = 256;

    struct Counters {
        std::size_t connectAttempts = 0; // every call to connect()
        std::size_t connects = 0;        // connects that returned a stream
        std::size_t publishes = 0;       // successful publish() calls
        std::size_t inboundStreams = 0;  // streams accepted for own services
    };

    LoopbackTransport(LoopbackNetwork& network, core::TransportListener& listener,
                      std::size_t maxOpenStreams = kDefaultMaxOpenStreams);
    ~LoopbackTransport() override;
    LoopbackTransport(const LoopbackTransport&) = delete;
    LoopbackTransport& operator=(const LoopbackTransport&) = delete;
    LoopbackTransport(LoopbackTransport&&) = delete;
    LoopbackTransport& operator=(LoopbackTransport&&) = delete;

    core::Result<core::Ed25519PublicKey>
    publish(std::span<const std::uint8_t> serviceSeed,
            std::span<const core::X25519PublicKey> authorizedClients) override;
    core::Status unpublish(const core::Ed25519PublicKey& service) override;
    core::Status addClientAuth(const core::Ed25519PublicKey& service,
                               std::span<const std::uint8_t> clientAuthPrivateKey) override;
    core::Status removeClientAuth(const core::Ed25519PublicKey& service) override;
    core::Result<std::unique_ptr<core::ByteStream>>
    connect(const core::Ed25519PublicKey& service, std::chrono::milliseconds timeout) override;

    // Test controls, see the class comment.
    void setOnline(bool online);
    [[nodiscard]] bool isOnline() const noexcept { return m_online.load(); }
    void setConnectDelay(std::chrono::milliseconds delay) noexcept { m_connectDelay.store(delay); }
    // Cuts every open stream this transport opened or accepted; returns how
    // many. Both ends then read end of stream and fail to write (Network).
    std::size_t cutStreams();
    [[nodiscard]] std::size_t openStreamCount() const;
    [[nodiscard]] Counters counters() const noexcept;

private:
    friend class LoopbackNetwork;

    struct Event {
        enum class Kind { Reachable, UploadFailed, Inbound };
        Kind kind = Kind::Reachable;
        core::Ed25519PublicKey service{};
        std::string reason;
        std::unique_ptr<core::ByteStream> stream;
    };

    struct ClientAuth {
        core::SecureBuffer privateKey;
        core::X25519PublicKey publicKey;
    };

    // Registers a stream about to be made, or returns null at the limit.
    std::shared_ptr<LoopbackStream::Link> reserveLink();
    // Called by LoopbackNetwork::route under its mutex.
    core::Status acceptInbound(const core::Ed25519PublicKey& service, UniqueFd serverEnd);
    void post(Event event);
    void run();

    LoopbackNetwork& m_network;
    core::TransportListener& m_listener;
    const std::size_t m_maxOpenStreams;

    std::atomic<bool> m_online{true};
    std::atomic<std::chrono::milliseconds> m_connectDelay{std::chrono::milliseconds{0}};
    std::atomic<std::size_t> m_connectAttempts{0};
    std::atomic<std::size_t> m_connects{0};
    std::atomic<std::size_t> m_publishes{0};
    std::atomic<std::size_t> m_inboundStreams{0};

    mutable std::mutex m_mutex; // guards m_clientAuth and m_links
    std::map<core::Ed25519PublicKey, ClientAuth> m_clientAuth;
    std::vector<std::weak_ptr<LoopbackStream::Link>> m_links;

    std::mutex m_queueMutex; // guards m_queue and m_stopping
    std::condition_variable m_queueChanged;
    std::deque<Event> m_queue;
    bool m_stopping = false;
    std::thread m_thread; // last: starts after everything it uses exists
};

} // namespace chive::transport
