#pragma once

// Contact: one pseudonymous contact as the profile stores it. The secret
// per-contact keys are not part of this struct: they are read on demand into
// a SecureBuffer (ContactRepository::secretKeys) so that listing contacts
// never copies key material into ordinary memory.

#include "core/StrongId.h"
#include "core/store/Timestamp.h"

#include <cstdint>
#include <string>
#include <vector>

namespace chive::core {

// Stored as integers: never renumber, only append.
enum class ContactState : std::uint8_t {
    Pending = 0,   // links exchanged, handshake not finished
    Connected = 1, // bundles exchanged; the contact is reachable
    Blocked = 2,   // kept for history, no connections accepted or made
};

enum class VerificationState : std::uint8_t {
    Unverified = 0,
    Verified = 1, // safety number compared or QR scanned in person
};

struct Contact {
    ContactId id;
    std::string alias; // local name, chosen by the user; never sent
    ContactState state = ContactState::Pending;
    VerificationState verification = VerificationState::Unverified;
    // The contact's public data: onion address, public keys, client-auth
    // public key. Opaque to storage; core defines the encoding.
    std::vector<std::uint8_t> peerData;
    Timestamp createdAt;
    Timestamp updatedAt;

    friend bool operator==(const Contact&, const Contact&) = default;
};

// What a caller supplies to add a contact; the repository assigns the id and
// timestamps.
struct NewContact {
    std::string alias;
    ContactState state = ContactState::Pending;
    std::vector<std::uint8_t> peerData;
};

} // namespace chive::core
