#pragma once

// The ed25519 public key of a 32-byte seed (RFC 8032 key generation,
// libsodium's crypto_sign_seed_keypair). An onion service published with
// core::Transport::publish(seed) has this key, which is what a client
// connects to: the rendezvous connector and a contact reaching our
// per-contact service both need it. The expanded secret key made on the
// way is wiped. Pure function; thread-safe.

#include "core/Result.h"
#include "core/crypto/PublicKeys.h"

#include <cstdint>
#include <span>

namespace chive::core {

// InvalidArgument unless the seed has 32 bytes.
Result<Ed25519PublicKey> ed25519PublicKeyFromSeed(std::span<const std::uint8_t> seed);

} // namespace chive::core
