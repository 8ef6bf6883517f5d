#pragma once

// HandshakeState: a Noise HandshakeState (revision 34, section 5.3) for the
// patterns of HandshakePattern with DH 25519: writes and reads handshake
// messages in the pattern's order and, once the last message has passed,
// splits into the two transport CipherStates.
//
// Ownership: holds its own secure copies of the local static and ephemeral
// secret keys; ck, h and the handshake key live in its SymmetricState. When
// the handshake completes (split()) or fails, ck, the handshake key and both
// secret keys are zeroed in place; the buffers are freed (and wiped again by
// libsodium) on destruction. h stays readable: handshakeHash() is the
// transcript hash the caller may bind to. Move-only.
//
// Threads: none of its own; one thread at a time.
//
// Limits: messages are at most kMaxMessageLength (65535) bytes both ways;
// writing a longer one is TooLarge, reading one is TooLarge before any
// processing. Any failure (Malformed, Crypto) ends the handshake: every later
// call fails.
//
// Ephemeral keys are generated inside. The only way to fix them is
// createWithFixedEphemeralForTest(), for published test vectors and golden
// tests; production code must never call it (a known ephemeral key destroys
// forward secrecy, and reusing one breaks much more). tests/noise checks
// that nothing outside tests/ calls it.

#include "core/Result.h"
#include "core/crypto/HandshakeRole.h"
#include "core/crypto/NoiseProtocol.h"
#include "core/crypto/PublicKeys.h"
#include "core/crypto/SymmetricState.h"
#include "core/crypto/TransportCiphers.h"
#include "core/crypto/X25519KeyPair.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace chive::core {

class HandshakeState {
public:
    static constexpr std::size_t kMaxMessageLength = 65535;

    // Initialize(): `localStatic` is copied (the caller keeps its own);
    // `remoteStatic` is the peer's key where the pattern has it as a
    // pre-message. InvalidArgument if the pattern needs a key that is
    // missing.
    static Result<HandshakeState> create(const NoiseProtocol& protocol, HandshakeRole role,
                                         std::span<const std::uint8_t> prologue,
                                         const X25519KeyPair* localStatic,
                                         std::optional<X25519PublicKey> remoteStatic);

    // As create(), with the ephemeral key fixed. Tests only: see above.
    static Result<HandshakeState> createWithFixedEphemeralForTest(
        const NoiseProtocol& protocol, HandshakeRole role, std::span<const std::uint8_t> prologue,
        const X25519KeyPair* localStatic, std::optional<X25519PublicKey> remoteStatic,
        X25519KeyPair ephemeral);

    [[nodiscard]] HandshakeRole role() const noexcept { return m_role; }
    // All handshake messages have been written or read.
    [[nodiscard]] bool isComplete() const noexcept;
    // The next handshake message is ours to write.
    [[nodiscard]] bool isMyTurn() const noexcept;

    // WriteMessage(payload): the next handshake message.
    Result<std::vector<std::uint8_t>> writeMessage(std::span<const std::uint8_t> payload);
    // ReadMessage(message): the payload of the peer's next handshake message.
    Result<std::vector<std::uint8_t>> readMessage(std::span<const std::uint8_t> message);

    // Split(), seen from this party's role; then wipes every secret above.
    // InvalidArgument before the handshake is complete, or a second time.
    Result<TransportCiphers> split();

    // h: after the handshake, the same on both sides exactly when they saw
    // the same transcript.
    [[nodiscard]] std::span<const std::uint8_t> handshakeHash() const noexcept {
        return m_symmetric.handshakeHash();
    }
    // rs: given at creation, or learned from the peer's S token.
    [[nodiscard]] const std::optional<X25519PublicKey>& remoteStatic() const noexcept {
        return m_remoteStatic;
    }

    // Ends the handshake (every later call fails) and wipes its secrets; for
    // callers that reject a message after it decrypted (a bad payload).
    void abort() noexcept;

    // Tests only (the wipe test): every buffer that holds or held a secret
    // (ck, the handshake key, the static and ephemeral secret keys).
    [[nodiscard]] std::vector<std::span<const std::uint8_t>> secretBuffersForTest() const;

private:
    HandshakeState(const NoiseProtocol& protocol, HandshakeRole role);
    static Result<HandshakeState> build(const NoiseProtocol& protocol, HandshakeRole role,
                                        std::span<const std::uint8_t> prologue,
                                        const X25519KeyPair* localStatic,
                                        std::optional<X25519PublicKey> remoteStatic,
                                        std::optional<X25519KeyPair> ephemeral);

    Status mixDh(const std::optional<X25519KeyPair>& local,
                 const std::optional<X25519PublicKey>& remote);
    Status processDhToken(NoiseToken token);
    Result<std::vector<std::uint8_t>> abortWith(Error error);
    void wipeSecrets() noexcept;

    HandshakePattern m_pattern;
    HandshakeRole m_role;
    SymmetricState m_symmetric;
    std::optional<X25519KeyPair> m_localStatic;
    std::optional<X25519KeyPair> m_localEphemeral;
    std::optional<X25519PublicKey> m_remoteStatic;
    std::optional<X25519PublicKey> m_remoteEphemeral;
    std::size_t m_nextMessage = 0;
    bool m_failed = false;
    bool m_split = false;
};

} // namespace chive::core
