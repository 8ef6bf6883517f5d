#pragma once

// TorTransport: core::Transport on a running Tor (the embedded one, or a
// system Tor: RunningTor). Each published service is a Tor v3 onion service
// added with ADD_ONION (key and client authorization passed over the control
// connection, never written to disk) whose virtual port kServicePort
// forwards to a listening socket of its own: a unix socket in the Tor's
// serviceSocketDirectory(), or, for a Tor that has none, a TCP port on
// 127.0.0.1 (bound to loopback only; the Noise handshake, not the socket,
// authenticates whoever connects). Streams to contacts go through Tor's
// SOCKS5 endpoint.
//
// Ownership: does not own the RunningTor or the TransportListener; both must
// outlive this object (the app wires them). Owns the services it published,
// their listening sockets (mode 0700 directory for unix sockets; one socket
// per service, so the service a stream arrived on is known), the
// client-auth keys it registered, and one acceptor thread. Streams it hands
// out are owned by whoever receives them and may outlive the transport.
//
// Threads: every public method may be called from any thread except the
// transport's own (the control reader thread and the acceptor, on which the
// listener is called). publish, unpublish and the client-auth methods block
// for one control-port round trip (at most ControlConnection's default
// timeout, 30 s); connect blocks for at most its timeout. Listener callbacks:
// onServiceReachable (once per upload round: the first HSDir that took the
// descriptor) and onServiceUploadFailed (per HSDir that failed) on
// the Tor's control reader thread, onInboundStream on the acceptor
// thread. A stream accepted
// just as unpublish is called may still be delivered; none is delivered once
// the destructor has returned.
//
// Destruction: stops the acceptor, stops listening for HS_DESC, removes every
// service (DEL_ONION) and client-auth key (ONION_CLIENT_AUTH_REMOVE) if Tor
// still runs, and unlinks the sockets. Accepted streams stay open.
//
// Limits against floods (see Limits; doc/design.md "Tor transport"): Tor
// closes a rendezvous circuit that opens more than maxStreamsPerCircuit
// concurrent streams; each service accepts at most acceptBurst streams at
// once and acceptsPerSecond on average, and has at most
// maxOutstandingPerService streams alive; all services together at most
// maxOutstandingTotal. A stream over a bound is accepted and closed at once,
// so it costs no descriptor and the backlog never fills.

#include "core/Result.h"
#include "core/net/Transport.h"
#include "transport/ControlEventSink.h"
#include "transport/HsDescEvent.h"
#include "transport/RunningTor.h"
#include "transport/Socks5Client.h"
#include "transport/UniqueFd.h"

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <span>
#include <thread>
#include <vector>

namespace chive::transport {

class TorTransport final : public core::Transport, private ControlEventSink {
public:
    struct Limits {
        // ADD_ONION MaxStreams= with Flags=MaxStreamsCloseCircuit. Chive
        // needs one stream per session; a few more cover reconnects while an
        // old stream is still closing. 0 disables the bound.
        std::uint16_t maxStreamsPerCircuit = 4;
        // Token bucket on accepted streams, per service.
        std::uint32_t acceptBurst = 16;
        std::uint32_t acceptsPerSecond = 4;
        // Inbound streams alive (handed to the listener, not yet destroyed).
        std::size_t maxOutstandingPerService = 16;
        std::size_t maxOutstandingTotal = 256;
    };

    // Directory, under Tor's data directory, of the services' sockets.
    static constexpr std::string_view kSocketDirectoryName = "svc";
    // Bound on ClientAuthV3 keys per service (Chive uses one: the contact).
    static constexpr std::size_t kMaxAuthorizedClients = 32;
    // Backlog of each service's listening socket.
    static constexpr int kListenBacklog = 16;

    // Prepares the socket directory if the Tor has one (removing sockets a
    // crashed run left), subscribes to HS_DESC events and starts the
    // acceptor. InvalidArgument if the socket directory's path is too long
    // for the services' unix sockets (sun_path holds 107 bytes) or has
    // characters Tor's ADD_ONION cannot take (space, quote, backslash,
    // control characters).
    static core::Result<std::unique_ptr<TorTransport>>
    create(RunningTor& tor, core::TransportListener& listener, Limits limits);
    static core::Result<std::unique_ptr<TorTransport>> create(RunningTor& tor,
                                                              core::TransportListener& listener) {
        return create(tor, listener, Limits{});
    }

    ~TorTransport() override;
    TorTransport(const TorTransport&) = delete;
    TorTransport& operator=(const TorTransport&) = delete;
    TorTransport(TorTransport&&) = delete;
    TorTransport& operator=(TorTransport&&) = delete;

    // AlreadyExists if published (by this transport, or Tor already has the
    // address); InvalidArgument for a bad seed or client key, or more than
    // kMaxAuthorizedClients; Tor, Closed or Timeout from the control port.
    core::Result<core::Ed25519PublicKey>
    publish(std::span<const std::uint8_t> serviceSeed,
            std::span<const core::X25519PublicKey> authorizedClients) override;
    // The service is withdrawn here whatever Tor answers; an error (Tor,
    // Timeout) means Tor may keep it until Tor stops.
    core::Status unpublish(const core::Ed25519PublicKey& service) override;
    core::Status addClientAuth(const core::Ed25519PublicKey& service,
                               std::span<const std::uint8_t> clientAuthPrivateKey) override;
    core::Status removeClientAuth(const core::Ed25519PublicKey& service) override;
    // Errors as core::Transport, from Tor's SOCKS extended error codes
    // (doc/design.md "SOCKS5 streams"); a missing SOCKS socket is Network.
    core::Result<std::unique_ptr<core::ByteStream>>
    connect(const core::Ed25519PublicKey& service, std::chrono::milliseconds timeout) override;

    // Where the service's streams arrive (for tests and diagnostics): the
    // unix socket's path; empty if it is not published or listens on TCP.
    [[nodiscard]] std::filesystem::path socketPath(const core::Ed25519PublicKey& service) const;
    // The TCP port on 127.0.0.1 the service listens on; 0 if it is not
    // published or listens on a unix socket.
    [[nodiscard]] std::uint16_t targetPort(const core::Ed25519PublicKey& service) const;
    // Inbound streams closed at once because a flood bound was reached.
    [[nodiscard]] std::uint64_t refusedInboundStreams() const noexcept {
        return m_refusedInbound.load();
    }

private:
    struct Service;
    using ServiceMap = std::map<core::Ed25519PublicKey, std::shared_ptr<Service>>;

    TorTransport(RunningTor& tor, core::TransportListener& listener, Limits limits,
                 std::optional<std::filesystem::path> socketDirectory);

    void onControlEvent(const ControlReply& event) override;
    void onHsDescEvent(const HsDescEvent& event);

    static core::Result<UniqueFd> listenOn(const std::filesystem::path& path);
    // Listens on 127.0.0.1 at a port the kernel picks; sets `port`.
    static core::Result<UniqueFd> listenOnLoopback(std::uint16_t& port);
    core::Status listen(Service& service);
    core::Status addOnion(const Service& service, std::span<const std::uint8_t> keyBlob,
                          std::span<const core::X25519PublicKey> authorizedClients);
    core::Status delOnion(const std::string& serviceId, std::chrono::milliseconds timeout);

    void wakeAcceptor() const;
    void acceptLoop();
    void acceptOn(Service& service);

    RunningTor& m_tor;
    core::TransportListener& m_listener;
    const Limits m_limits;
    // nullopt: the services listen on TCP 127.0.0.1.
    const std::optional<std::filesystem::path> m_socketDirectory;

    mutable std::mutex m_mutex; // guards everything up to m_stopping
    ServiceMap m_services;      // published, or being published
    std::set<core::Ed25519PublicKey> m_clientAuth;
    std::uint32_t m_nextSocketNumber = 1;
    bool m_stopping = false;

    std::shared_ptr<std::atomic<std::size_t>> m_outstandingTotal;
    std::atomic<std::uint64_t> m_refusedInbound{0};
    UniqueFd m_wakeRead;
    UniqueFd m_wakeWrite;
    std::thread m_acceptor; // last: started once everything else exists
};

} // namespace chive::transport
