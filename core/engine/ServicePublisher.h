#pragma once

// ServicePublisher: the one thread that hands the engine's onion services and
// client-authorization keys to the transport. Transport calls block (on Tor:
// one control-port round trip each), so they never run on the engine thread,
// and they run in order, so a later unpublish cannot overtake its publish.
//
//  - Client-auth keys and withdrawals run first, in the order asked. Keys
//    are local to Tor and go even before bootstrap.
//  - Publishes wait until setNetworkReady(true) (Tor bootstrapped) and then
//    follow ServicePublisherSchedule: a window of services waiting for their
//    first descriptor upload, in priority order, re-published when no upload
//    comes. The transport's upload events must be passed in
//    (onServiceReachable, onServiceUploadFailed).
//
// Cancelling: unpublish() of a service whose publish is still queued drops
// the publish and calls nothing; removeClientAuth() does the same for a
// queued addClientAuth().
//
// Ownership: owns the thread, the queued operations, and the seed of every
// service not yet uploaded (a re-publish needs it); secrets (seeds,
// client-auth private keys) are SecureBuffers, wiped when done or dropped.
// Does not own the transport, which must outlive it.
//
// Threads: every method from any thread (the upload events from the
// transport's: they only take a lock); `outcome` is called on the
// publisher's thread (it must hand the result to the engine thread and not
// call back in). stop() must not be called from `outcome`. stop() drops what
// is queued and waits for the call in progress.

#include "core/Result.h"
#include "core/SecureBuffer.h"
#include "core/crypto/PublicKeys.h"
#include "core/engine/ServicePublisherSchedule.h"
#include "core/net/Transport.h"

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

namespace chive::core {

class ServicePublisher {
public:
    enum class Operation { Publish, Unpublish, AddClientAuth, RemoveClientAuth };
    using Priority = ServicePublisherSchedule::Priority;
    using Limits = ServicePublisherSchedule::Limits;

    // One per transport call asked for; a re-publish reports Publish again.
    struct Outcome {
        Operation operation = Operation::Publish;
        Ed25519PublicKey service{};
        Status status;
    };
    using OutcomeHandler = std::function<void(const Outcome&)>;

    ServicePublisher(Transport& transport, Limits limits, OutcomeHandler outcome);
    ~ServicePublisher();
    ServicePublisher(const ServicePublisher&) = delete;
    ServicePublisher& operator=(const ServicePublisher&) = delete;
    ServicePublisher(ServicePublisher&&) = delete;
    ServicePublisher& operator=(ServicePublisher&&) = delete;

    // `service` is the public key the seed gives (the engine knows it); a
    // mismatch is reported as an Internal failure of the publish.
    void publish(const Ed25519PublicKey& service, SecureBuffer seed,
                 std::vector<X25519PublicKey> authorizedClients, Priority priority);
    void unpublish(const Ed25519PublicKey& service);
    void addClientAuth(const Ed25519PublicKey& service, SecureBuffer privateKey);
    void removeClientAuth(const Ed25519PublicKey& service);

    // The transport's events about our services (TransportListener).
    void onServiceReachable(const Ed25519PublicKey& service);
    void onServiceUploadFailed(const Ed25519PublicKey& service);

    void setNetworkReady(bool ready);
    // Operations and publishes queued, not counting the one in progress nor
    // services published and waiting for an upload or a retry.
    [[nodiscard]] std::size_t pending() const;
    // Services published and waiting for their first upload.
    [[nodiscard]] std::size_t waitingForUpload() const;
    // Drops the publishes (queued, waiting or retrying), runs the other
    // queued operations (withdrawing services and keys) for at most
    // `limit`, then stops.
    void finish(std::chrono::milliseconds limit);
    void stop();

private:
    using Clock = ServicePublisherSchedule::Clock;
    using Action = ServicePublisherSchedule::Action;

    struct Item {
        Operation operation = Operation::Publish;
        bool republish = false;
        Ed25519PublicKey service{};
        SecureBuffer secret;
        std::vector<X25519PublicKey> clients;
    };
    // What a publish needs, kept until the service is uploaded or withdrawn.
    struct Material {
        SecureBuffer seed;
        std::vector<X25519PublicKey> clients;
    };

    void enqueue(Item item);
    // Under m_mutex: drops a queued operation; true if there was one.
    bool dropQueued(Operation operation, const Ed25519PublicKey& service);
    // Under m_mutex: the next runnable item, if any, and otherwise until
    // when to wait (Clock::time_point::max() for "until woken").
    bool takeNext(Item& item, Clock::time_point& wakeAt);
    void execute(Item& item);
    void run();

    Transport& m_transport;
    OutcomeHandler m_outcome;

    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Item> m_operations; // client-auth keys and withdrawals
    ServicePublisherSchedule m_schedule;
    std::map<Ed25519PublicKey, Material> m_material; // services the schedule holds
    bool m_publishing = true;                        // false once finish() begins
    bool m_stopping = false;
    bool m_busy = false; // an operation is in progress
    std::condition_variable m_idle;
    std::thread m_thread; // last
};

} // namespace chive::core
