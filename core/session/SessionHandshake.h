#pragma once

// SessionHandshake: the session handshake of doc/protocol.md without I/O:
// Noise_KK_25519_ChaChaPoly_BLAKE2b between the two per-contact static keys,
// with the prologue "chive session v1" (or the caller's, for other uses of
// the same machinery) and a SessionHello in each message.
//
//   initiator: start() -> message 1 ... finish(message 2) -> complete()
//   responder: respond(message 1) -> message 2 ............ complete()
//
// Errors say whose fault it was: Crypto (a message does not authenticate:
// the peer holds other keys than we expect, or the bytes were altered),
// Malformed (a message or hello that does not parse), UnsupportedVersion (no
// common protocol version), TooLarge (a message over kMaxMessageLength).
// After an error the object is finished; every secret it held is wiped.
//
// Ownership: holds a HandshakeState (its own copy of the static secret key).
// Threads: none; one thread at a time.

#include "core/Result.h"
#include "core/crypto/HandshakeRole.h"
#include "core/crypto/HandshakeState.h"
#include "core/crypto/PublicKeys.h"
#include "core/crypto/TransportCiphers.h"
#include "core/crypto/X25519KeyPair.h"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace chive::core {

// What a completed handshake yields.
struct SessionKeys {
    TransportCiphers ciphers;
    std::uint16_t version = 0;
    // Noise's handshake hash h: equal on both sides, unique to this session.
    std::vector<std::uint8_t> handshakeHash;
};

class SessionHandshake {
public:
    static constexpr std::string_view kPrologue = "chive session v1";
    // Both messages are 32 + 2 + 16 = 50 bytes in version 1; the limit leaves
    // room for extensions.
    static constexpr std::size_t kMaxMessageLength = 1024;

    static Result<SessionHandshake> create(HandshakeRole role, const X25519KeyPair& ownStatic,
                                           const X25519PublicKey& peerStatic,
                                           std::string_view prologue = kPrologue);
    // As create(), with a fixed ephemeral key. Tests only (golden bytes).
    static Result<SessionHandshake>
    createWithFixedEphemeralForTest(HandshakeRole role, const X25519KeyPair& ownStatic,
                                    const X25519PublicKey& peerStatic, std::string_view prologue,
                                    X25519KeyPair ephemeral);

    [[nodiscard]] HandshakeRole role() const noexcept { return m_state.role(); }

    // Initiator: message 1.
    Result<std::vector<std::uint8_t>> start();
    // Initiator: reads message 2.
    Status finish(std::span<const std::uint8_t> message2);
    // Responder: reads message 1, returns message 2.
    Result<std::vector<std::uint8_t>> respond(std::span<const std::uint8_t> message1);

    // The decrypted payload of the peer's message, once finish() or
    // respond() read it (for SessionOptions::plaintextTap).
    [[nodiscard]] std::span<const std::uint8_t> peerPayload() const noexcept {
        return m_peerPayload;
    }

    // After finish() or respond(): the transport keys and what was agreed.
    Result<SessionKeys> complete();

private:
    explicit SessionHandshake(HandshakeState state)
        : m_state(std::move(state)) {}

    HandshakeState m_state;
    std::uint16_t m_version = 0;
    std::vector<std::uint8_t> m_peerPayload;
};

} // namespace chive::core
