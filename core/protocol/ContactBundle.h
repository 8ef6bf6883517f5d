#pragma once

// ContactBundle: the public keys one side of a contact relationship gives
// the other in the contact exchange (doc/protocol.md, "Per-contact bundle"):
//
//   - its per-contact static X25519 key (the Noise KK key of every session);
//   - the ed25519 public key of its per-contact onion service (the onion
//     address is derived from it);
//   - the x25519 client-authorization PUBLIC key that the receiver's own
//     per-contact service must authorize, so that the sender can reach it.
//
// Only public keys cross the wire: each side keeps the private half of the
// client-auth key it uses itself (see ContactKeys).
//
// Encoding: a version byte, then fields of tag (1 byte), length (2 bytes,
// big-endian) and value, in strictly increasing tag order. Unknown tags are
// skipped (a newer Chive may add fields); an incompatible change takes a new
// version. The engine stores the peer's encoded bundle as Contact::peerData.
//
// parse() treats its input as hostile: every length is checked before it is
// used, the whole input is bounded by kMaxEncodedLength, and each key is
// checked to be a usable point. A value; thread-safe to share.

#include "core/Result.h"
#include "core/crypto/PublicKeys.h"

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace chive::core {

struct ContactBundle {
    static constexpr std::uint8_t kVersion = 1;
    static constexpr std::uint8_t kTagStaticKey = 0x01;
    static constexpr std::uint8_t kTagServiceKey = 0x02;
    static constexpr std::uint8_t kTagClientAuthKey = 0x03;
    static constexpr std::size_t kFieldHeaderLength = 3;
    // Version 1 encodes to 1 + 3 * (3 + 32) = 106 bytes; the rest is room
    // for fields a newer Chive may add.
    static constexpr std::size_t kMaxEncodedLength = 4096;

    X25519PublicKey staticKey{};
    Ed25519PublicKey serviceKey{};
    X25519PublicKey clientAuthKey{};

    [[nodiscard]] std::vector<std::uint8_t> encode() const;

    // Errors: TooLarge (over kMaxEncodedLength), UnsupportedVersion (a
    // version above 1), Malformed (empty, version 0, a truncated field, tags
    // out of order or repeated, a known field of the wrong length, a missing
    // field), Crypto (a key that is not a usable point: a small-order X25519
    // key, an ed25519 key that is not a valid point of the main subgroup).
    // Each message names the field.
    static Result<ContactBundle> parse(std::span<const std::uint8_t> bytes);

    friend bool operator==(const ContactBundle&, const ContactBundle&) = default;
};

} // namespace chive::core
