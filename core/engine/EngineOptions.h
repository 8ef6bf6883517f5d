#pragma once

// EngineOptions: the messenger engine's timings and limits. The defaults are
// for Tor; tests shorten the timings and give a clock they control.

#include "core/StrongId.h"
#include "core/engine/ServicePublisherSchedule.h"
#include "core/protocol/DeliveryStep.h"
#include "core/session/PlaintextTap.h"
#include "core/session/SessionOptions.h"
#include "core/store/Timestamp.h"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>

namespace chive::core {

// What EngineOptions::plaintextTap sees: bytes one peer sent, decrypted,
// and which relationship they belong to.
struct TappedPlaintext {
    enum class Channel {
        Exchange, // the contact exchange over an invitation's rendezvous
        Session,  // a session with a contact
    };
    Channel channel = Channel::Session;
    InvitationId invitation; // for Exchange
    ContactId contact;       // for Session
    TapPart part = TapPart::Record;
    std::span<const std::uint8_t> bytes; // valid only during the call
};

struct EngineOptions {
    // One connect through Tor (descriptor fetch, introduction, rendezvous).
    std::chrono::milliseconds connectTimeout{60000};
    // Sessions and the contact exchange (handshake, keep-alive, idle, write).
    SessionOptions session;

    // Retrying a contact (and a rendezvous peer) that could not be reached:
    // first wait, doubling up to the maximum, spread by +/- jitter.
    std::chrono::milliseconds retryInitial{5000};
    std::chrono::milliseconds retryMaximum{600000};
    std::uint32_t retryJitterPercent = 20;
    // Retrying a rendezvous: the peer may enter our link at any moment, so
    // the wait stays short (the invitation expires after 7 days anyway).
    std::chrono::milliseconds rendezvousRetryMaximum{60000};
    // The whole contact exchange over a rendezvous stream.
    std::chrono::milliseconds exchangeTimeout{60000};

    // Bounds.
    std::size_t taskQueueCapacity = 1024;    // tasks waiting for the engine thread
    std::size_t maxConcurrentConnects = 4;   // outgoing connects + handshakes at once
    std::size_t inboundHandshakeThreads = 2; // inbound handshakes at once
    std::size_t maxPendingInbound = 16;      // inbound streams waiting or in handshake
    std::size_t maxActiveInvitations = 64;   // invitations not yet completed or expired
    std::size_t maxContacts = 1000;          // contacts in one profile

    // Publishing onion services: the window of services waiting for their
    // first upload, the upload timeout, re-publishing and retries (see
    // ServicePublisherSchedule; the defaults are the ones measured in
    // doc/design.md, "Many onion services").
    ServicePublisherSchedule::Limits publishing;

    // How often expired invitations are looked for.
    std::chrono::milliseconds expirySweepInterval{60000};

    // Wall clock for timestamps and expiry (tests move it forward).
    std::function<Timestamp()> clock = nowTimestamp;
    // Tests only: stops the delivery layer at a step, as a crash would.
    DeliveryFaultHook deliveryFaultHook;
    // Tests only, never set by the app: sees every byte each peer sent in
    // the contact exchange and in sessions, once decrypted and before it is
    // parsed. It exists so that the unlinkability test can compare what two
    // contacts received; it must never log, store or send what it sees (key
    // material and message text). Called on worker and session threads.
    std::function<void(const TappedPlaintext&)> plaintextTap;
};

} // namespace chive::core
