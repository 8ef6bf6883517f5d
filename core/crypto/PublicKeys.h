#pragma once

// Fixed-size public keys shared by the protocol core and the transport.
// Plain values: public keys are not secret, so they live in ordinary memory
// and may be copied freely. Secret keys are never these types; they live in
// core::SecureBuffer.

#include <array>
#include <cstddef>
#include <cstdint>

namespace chive::core {

inline constexpr std::size_t kPublicKeyLength = 32;

// An ed25519 public key. An onion service is identified by one: its v3 onion
// address is this key plus a checksum (see transport::OnionAddress).
using Ed25519PublicKey = std::array<std::uint8_t, kPublicKeyLength>;

// An x25519 public key: Noise static and ephemeral keys, invitation handshake
// keys, Tor v3 client-authorization keys.
using X25519PublicKey = std::array<std::uint8_t, kPublicKeyLength>;

} // namespace chive::core
