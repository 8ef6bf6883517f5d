#pragma once

// InvitationRuntime: one of our invitations while the engine runs: what the
// store holds (alias, our link, the peer's link once entered, expiry) and,
// its secrets (handshake key, the ContactKeys we offer in the exchange,
// stored with it), once the peer's link is entered the rendezvous derived
// from the two links, the exchange attempt in flight and its retry
// schedule.
//
// Ownership: owned by InvitationManager; the secrets are in SecureBuffers
// inside InvitationSecrets and Rendezvous. Engine thread
// only. `serial` plays the same role as in ContactRuntime.

#include "core/StrongId.h"
#include "core/crypto/PublicKeys.h"
#include "core/engine/Backoff.h"
#include "core/engine/EngineLoop.h"
#include "core/engine/InvitationSecrets.h"
#include "core/engine/MessengerEvents.h"
#include "core/protocol/Rendezvous.h"
#include "core/store/Timestamp.h"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace chive::core {

struct InvitationRuntime {
    InvitationRuntime(std::uint64_t serialNumber, InvitationId invitationId, Backoff retryBackoff)
        : serial(serialNumber)
        , id(invitationId)
        , backoff(retryBackoff) {}

    std::uint64_t serial;
    InvitationId id;
    std::string alias;
    std::string ownLink;
    X25519PublicKey ownKey{};
    std::optional<X25519PublicKey> peerKey;
    Timestamp expiresAt;

    // Our handshake key pair and the keys we offer (read from the store when
    // first needed).
    std::optional<InvitationSecrets> secrets;
    // Once the peer's link is entered.
    std::optional<Rendezvous> rendezvous;
    Ed25519PublicKey rendezvousService{};
    bool clientAuthRegistered = false; // connector: the rendezvous key is with the transport
    bool connectWanted = false;
    std::optional<ContactId> pendingContact;

    // Connector: set while an exchange is queued or running; storing true
    // cancels it.
    std::shared_ptr<std::atomic<bool>> attempt;
    // Publisher: exchanges running on inbound streams, and their shared
    // cancel flag.
    std::size_t inboundExchanges = 0;
    std::shared_ptr<std::atomic<bool>> inboundToken;
    Backoff backoff;
    std::optional<EngineLoop::TimerId> retryTimer;

    [[nodiscard]] InvitationView view() const {
        InvitationView out;
        out.id = id;
        out.alias = alias;
        out.link = ownLink;
        out.peerLinkEntered = peerKey.has_value();
        out.expiresAt = expiresAt;
        return out;
    }
};

} // namespace chive::core
