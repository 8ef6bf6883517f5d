#pragma once

// LoopbackNetwork: the in-process "Tor network" that LoopbackTransports
// share, so that tests can run several people in one process without Tor. It
// is the directory of published services: which transport owns each service
// key and which client-auth public keys it admits. Connections are made by
// LoopbackTransport::connect through it (see there).
//
// Ownership: the test owns the network; it must outlive every transport
// attached to it (the destructor asserts that none is left). The network
// keeps plain pointers to the transports that publish; a transport withdraws
// all of its services in its destructor before it goes away.
//
// Threads: every method is thread-safe (one mutex). Lock order: the
// network's mutex before any transport's mutex. Calls into a transport made
// under the network's mutex never call back into the network or a listener.

#include "core/Result.h"
#include "core/crypto/PublicKeys.h"
#include "transport/UniqueFd.h"

#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <vector>

namespace chive::transport {

class LoopbackTransport;

class LoopbackNetwork {
public:
    LoopbackNetwork() = default;
    ~LoopbackNetwork();
    LoopbackNetwork(const LoopbackNetwork&) = delete;
    LoopbackNetwork& operator=(const LoopbackNetwork&) = delete;
    LoopbackNetwork(LoopbackNetwork&&) = delete;
    LoopbackNetwork& operator=(LoopbackNetwork&&) = delete;

    // For assertions in tests.
    [[nodiscard]] bool isPublished(const core::Ed25519PublicKey& service) const;
    [[nodiscard]] std::size_t publishedCount() const;

private:
    friend class LoopbackTransport;

    struct Service {
        LoopbackTransport* owner;
        std::vector<core::X25519PublicKey> authorizedClients;
    };

    void attach();
    // Withdraws every service `owner` publishes; after this returns, no
    // thread can route a stream to it.
    void detach(const LoopbackTransport& owner);

    // AlreadyExists if any transport on the network publishes `service`: two
    // publishers of one key are a bug in the test or the engine, and Tor
    // would pick one of them at random.
    core::Status add(const core::Ed25519PublicKey& service, LoopbackTransport& owner,
                     std::vector<core::X25519PublicKey> authorizedClients);
    // NotFound unless `owner` publishes `service`.
    core::Status remove(const core::Ed25519PublicKey& service, const LoopbackTransport& owner);
    [[nodiscard]] std::vector<core::Ed25519PublicKey>
    servicesOf(const LoopbackTransport& owner) const;

    // Hands `serverEnd` to the owner of `service` as an inbound stream, as
    // Tor's introduction and rendezvous would: NotFound if nobody publishes
    // it, Network if its owner is offline or has too many open streams,
    // Crypto if the service admits only some clients and `clientAuth` (the
    // public key of the caller's client-auth key for it) is not one of them.
    core::Status route(const core::Ed25519PublicKey& service,
                       const std::optional<core::X25519PublicKey>& clientAuth, UniqueFd serverEnd);

    mutable std::mutex m_mutex;
    std::map<core::Ed25519PublicKey, Service> m_services;
    std::size_t m_attached = 0;
};

} // namespace chive::transport
