#pragma once

// Transport: how the protocol core reaches contacts and is reached by them.
// The real implementation publishes Tor v3 onion services on the embedded Tor
// (transport::TorTransport); transport::LoopbackTransport connects processes'
// worth of transports inside one process for tests.
//
// Addressing: a service is identified by its ed25519 public key, from which
// the transport derives the onion address. Every Chive service listens on one
// virtual port, kServicePort; the core never chooses ports.
//
// Secrets: the service key (a 32-byte ed25519 seed) and client-auth private
// keys are passed as spans and copied into the transport's own secure memory;
// the caller keeps and wipes its copy. A transport never writes them to disk.
//
// Threads: every method may be called from any thread and may block for up to
// the time it documents. TransportListener callbacks arrive on the
// transport's own threads; see TransportListener.

#include "core/Result.h"
#include "core/crypto/PublicKeys.h"
#include "core/net/ByteStream.h"

#include <chrono>
#include <cstdint>
#include <memory>
#include <span>
#include <string>

namespace chive::core {

inline constexpr std::uint16_t kServicePort = 80;

// Receives what happens to published services. Called on a transport thread:
// implementations must return quickly and must not call back into the
// transport from the callback (hand the work to their own thread).
class TransportListener {
public:
    virtual ~TransportListener() = default;

    // The service's descriptor has reached at least one directory: clients
    // can now find it. Called again after every re-upload.
    virtual void onServiceReachable(const Ed25519PublicKey& service) = 0;
    // An upload of the service's descriptor failed; Tor keeps retrying.
    // `reason` is Tor's, for logs (it contains no secret).
    virtual void onServiceUploadFailed(const Ed25519PublicKey& service,
                                       const std::string& reason) = 0;
    // A client connected to `service`. The listener owns the stream.
    virtual void onInboundStream(const Ed25519PublicKey& service,
                                 std::unique_ptr<ByteStream> stream) = 0;

protected:
    TransportListener() = default;
    TransportListener(const TransportListener&) = default;
    TransportListener& operator=(const TransportListener&) = default;
    TransportListener(TransportListener&&) = default;
    TransportListener& operator=(TransportListener&&) = default;
};

class Transport {
public:
    virtual ~Transport() = default;

    // Publishes the service whose ed25519 key the 32-byte `serviceSeed`
    // determines, and returns its public key. When `authorizedClients` is not
    // empty, only clients holding the private key of one of them can find the
    // service (Tor v3 client authorization). Returns when the transport has
    // accepted the service, before its descriptor is uploaded (see
    // TransportListener::onServiceReachable). Publishing a service that is
    // already published fails with AlreadyExists.
    virtual Result<Ed25519PublicKey>
    publish(std::span<const std::uint8_t> serviceSeed,
            std::span<const X25519PublicKey> authorizedClients) = 0;

    // Stops accepting streams for the service and withdraws it. Streams
    // already accepted stay open. NotFound if it is not published.
    virtual Status unpublish(const Ed25519PublicKey& service) = 0;

    // Registers the client-auth private key (32 bytes, x25519) with which
    // this transport decrypts `service`'s descriptor. Replaces an earlier key
    // for the same service. Kept in memory only.
    virtual Status addClientAuth(const Ed25519PublicKey& service,
                                 std::span<const std::uint8_t> clientAuthPrivateKey) = 0;
    // Forgets it. NotFound if none is registered.
    virtual Status removeClientAuth(const Ed25519PublicKey& service) = 0;

    // Opens a stream to `service` on kServicePort, waiting up to `timeout`.
    // Errors say why, for the user and for retry policy: NotFound (the
    // service's descriptor cannot be found: offline, or not published yet),
    // Crypto (the client-auth key is missing or wrong), Network (introduction
    // or rendezvous failed, or the transport is not connected), Timeout.
    virtual Result<std::unique_ptr<ByteStream>> connect(const Ed25519PublicKey& service,
                                                        std::chrono::milliseconds timeout) = 0;

protected:
    Transport() = default;
    Transport(const Transport&) = default;
    Transport& operator=(const Transport&) = default;
    Transport(Transport&&) = default;
    Transport& operator=(Transport&&) = default;
};

} // namespace chive::core
