#pragma once

// ServicePublisher: the one thread that hands the engine's onion services and
// client-authorization keys to the transport. Transport calls block (on Tor:
// one control-port round trip each), so they never run on the engine thread,
// and they run in order, so a later unpublish cannot overtake its publish.
//
// Two lanes:
//  - urgent: client-auth keys, unpublishing, a new contact's service, a
//    rendezvous service: run as soon as possible, in order;
//  - bulk: the contacts' services at start-up, paced: at most `batchSize`
//    publishes per `batchPause`, so that 200 services do not ask Tor for
//    hundreds of introduction circuits and descriptor uploads at once.
// Publishes (both lanes) wait until setNetworkReady(true) (Tor bootstrapped);
// client-auth keys are local to Tor and go at once.
//
// Cancelling: unpublish() of a service whose publish is still queued drops
// the publish and calls nothing; removeClientAuth() does the same for a
// queued addClientAuth().
//
// Ownership: owns the thread and the queued operations, whose secrets
// (seeds, client-auth private keys) are SecureBuffers, wiped when done or
// dropped. Does not own the transport, which must outlive it.
//
// Threads: every method from any thread; `outcome` is called on the
// publisher's thread (it must hand the result to the engine thread and not
// call back in). stop() must not be called from `outcome`. stop() drops what
// is queued and waits for the call in progress.

#include "core/Result.h"
#include "core/SecureBuffer.h"
#include "core/crypto/PublicKeys.h"
#include "core/net/Transport.h"

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace chive::core {

class ServicePublisher {
public:
    enum class Operation { Publish, Unpublish, AddClientAuth, RemoveClientAuth };
    enum class Lane { Urgent, Bulk };

    struct Outcome {
        Operation operation = Operation::Publish;
        Ed25519PublicKey service{};
        Status status;
    };
    using OutcomeHandler = std::function<void(const Outcome&)>;

    struct Pacing {
        std::size_t batchSize = 8;
        std::chrono::milliseconds batchPause{5000};
    };

    ServicePublisher(Transport& transport, Pacing pacing, OutcomeHandler outcome);
    ~ServicePublisher();
    ServicePublisher(const ServicePublisher&) = delete;
    ServicePublisher& operator=(const ServicePublisher&) = delete;
    ServicePublisher(ServicePublisher&&) = delete;
    ServicePublisher& operator=(ServicePublisher&&) = delete;

    // `service` is the public key the seed gives (the engine knows it); a
    // mismatch is reported as an Internal failure of the publish.
    void publish(const Ed25519PublicKey& service, SecureBuffer seed,
                 std::vector<X25519PublicKey> authorizedClients, Lane lane);
    void unpublish(const Ed25519PublicKey& service);
    void addClientAuth(const Ed25519PublicKey& service, SecureBuffer privateKey);
    void removeClientAuth(const Ed25519PublicKey& service);

    void setNetworkReady(bool ready);
    // Operations queued, not counting the one in progress.
    [[nodiscard]] std::size_t pending() const;
    // Drops the publishes still queued, runs the other queued operations
    // (withdrawing services and keys) for at most `limit`, then stops.
    void finish(std::chrono::milliseconds limit);
    void stop();

private:
    struct Item {
        Operation operation = Operation::Publish;
        Ed25519PublicKey service{};
        SecureBuffer secret;
        std::vector<X25519PublicKey> clients;
    };
    using Clock = std::chrono::steady_clock;

    void enqueue(Item item, Lane lane);
    // Drops a queued item of `operation` for `service`; true if one was.
    bool dropQueued(Operation operation, const Ed25519PublicKey& service);
    // Under m_mutex: the next runnable item, if any, and otherwise until
    // when to wait (Clock::time_point::max() for "until woken").
    bool takeNext(Item& item, Clock::time_point& wakeAt);
    void execute(Item& item);
    void run();

    Transport& m_transport;
    const Pacing m_pacing;
    OutcomeHandler m_outcome;

    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Item> m_urgent;
    std::deque<Item> m_bulk;
    bool m_ready = false;
    bool m_stopping = false;
    bool m_busy = false; // an operation is in progress
    std::condition_variable m_idle;
    Clock::time_point m_batchStart{};
    std::size_t m_batchCount = 0;
    std::thread m_thread; // last
};

} // namespace chive::core
