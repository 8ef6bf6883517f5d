#pragma once

// ServicePublisherSchedule: which onion service ServicePublisher publishes
// next, and what it does when a descriptor upload does not come. The policy
// was measured with bench_transport on the private Tor network
// (doc/design.md, "Many onion services"): publishing many services at once
// is limited by the publishing Tor's own CPU, and an upload that stalls is
// lost without any event, so the only signal is time.
//
//  - Window: at most `window` services wait for their first descriptor
//    upload at a time. An upload (or withdrawing the service) frees a slot
//    and the next service goes at once. Rendezvous services and a new
//    contact's service do not wait for a slot (a person is waiting for them,
//    and there are few), but they take one, so the bulk waits behind them.
//  - Order: rendezvous services, then new contacts, then contacts by last
//    activity, most recent first (none last), then in the order they came.
//  - Upload timeout: a service with no upload `uploadTimeout` after its
//    publish is re-published (withdrawn and published again from the same
//    seed: same address, new descriptors), at most `republishes` times in a
//    row. `failuresBeforeRepublish` upload failures before any upload end
//    the wait at once.
//  - Then it leaves the window, stays published, and is re-published after
//    `retryInitial`, doubling up to `retryMaximum`, with one timeout each
//    time, until an upload comes. A publish the transport refuses is retried
//    the same way.
//  - While the network is down nothing is published and no timeout runs;
//    when it is back, the services waiting for an upload get a whole timeout.
//
// Time is passed in, so the schedule is a plain value that tests drive with
// their own clock. It knows services by public key only: the seeds stay with
// ServicePublisher. Not thread-safe (ServicePublisher calls it under its
// mutex). Holds one entry per service that is queued or not yet uploaded,
// bounded by the services the engine publishes (contacts and invitations);
// a service is forgotten once it is uploaded or withdrawn.

#include "core/crypto/PublicKeys.h"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>

namespace chive::core {

class ServicePublisherSchedule {
public:
    using Clock = std::chrono::steady_clock;

    struct Priority {
        enum class Kind : std::uint8_t { Rendezvous, NewContact, Contact };
        Kind kind = Kind::Contact;
        // Contact only: the later the last activity, the sooner; 0 is none.
        std::int64_t lastActivityMs = 0;

        static Priority rendezvous() { return {Kind::Rendezvous, 0}; }
        static Priority newContact() { return {Kind::NewContact, 0}; }
        static Priority contact(std::int64_t lastActivityMs) {
            return {Kind::Contact, lastActivityMs};
        }
        // Rendezvous and new contacts do not wait for a slot in the window.
        [[nodiscard]] bool urgent() const { return kind != Kind::Contact; }
    };

    struct Limits {
        std::size_t window = 5;
        std::chrono::milliseconds uploadTimeout{45000};
        std::uint32_t republishes = 2;
        std::uint32_t failuresBeforeRepublish = 8;
        std::chrono::milliseconds retryInitial{600000};
        std::chrono::milliseconds retryMaximum{3600000};
    };

    enum class Action : std::uint8_t {
        Publish,   // the transport does not have the service
        Republish, // withdraw it, then publish it again from the same seed
    };
    struct Step {
        Action action = Action::Publish;
        Ed25519PublicKey service{};
    };

    explicit ServicePublisherSchedule(Limits limits);

    // Queues the service for publishing. A service already known keeps its
    // place and state and takes the new priority.
    void add(const Ed25519PublicKey& service, Priority priority);
    // Forgets the service. False if it was still queued and never handed to
    // the transport (nothing to withdraw); true otherwise, including for a
    // service that is not known (it may be published and uploaded).
    bool remove(const Ed25519PublicKey& service);
    // Its descriptor reached a directory: it is forgotten. True if it was
    // known.
    bool reachable(const Ed25519PublicKey& service);
    void uploadFailed(const Ed25519PublicKey& service, Clock::time_point now);
    // The transport refused to publish it (it does not have it).
    void publishFailed(const Ed25519PublicKey& service, Clock::time_point now);
    void setNetworkReady(bool ready, Clock::time_point now);
    // Forgets every service (shutdown).
    void clear() { m_entries.clear(); }

    // The publish or re-publish to run now, if any; the service waits for
    // its upload from `now`.
    std::optional<Step> next(Clock::time_point now);
    // When next() will have something without any other call: the earliest
    // upload timeout or retry; Clock::time_point::max() if none.
    [[nodiscard]] Clock::time_point wakeAt() const;

    [[nodiscard]] bool contains(const Ed25519PublicKey& service) const {
        return m_entries.contains(service);
    }
    // Services published and waiting for their first upload (the window).
    [[nodiscard]] std::size_t waiting() const;
    // Services waiting to be published (or re-published after a retry).
    [[nodiscard]] std::size_t queued() const;
    // Services waiting for their next retry.
    [[nodiscard]] std::size_t parked() const;

private:
    enum class State : std::uint8_t { Queued, Waiting, Parked };
    struct Entry {
        Priority priority;
        std::uint64_t sequence = 0;
        State state = State::Queued;
        bool published = false;     // the transport has it from our last publish
        bool retrying = false;      // back from Parked: one publish, then parked again
        std::uint32_t attempts = 0; // publishes in this stay in the window
        std::uint32_t failures = 0; // upload failures since the last publish
        Clock::time_point due{};    // Waiting: upload deadline; Parked: retry time
        Clock::duration retryDelay{};
    };

    void park(Entry& entry, Clock::time_point now) const;
    static bool before(const Entry& a, const Entry& b);
    [[nodiscard]] std::size_t count(State state) const;

    Limits m_limits;
    std::map<Ed25519PublicKey, Entry> m_entries;
    std::uint64_t m_nextSequence = 0;
    bool m_ready = false;
};

} // namespace chive::core
