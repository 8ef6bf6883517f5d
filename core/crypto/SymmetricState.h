#pragma once

// SymmetricState: a Noise SymmetricState (revision 34, section 5.2): the
// chaining key ck, the handshake hash h and the handshake's CipherState.
//
// Ownership: ck and h live in SecureBuffers of HASHLEN bytes, allocated once
// at construction; split() and wipe() zero ck and the handshake key in place
// (h stays: it is the handshake hash, used after the handshake for channel
// binding, and reveals no key). Move-only.
//
// Threads: none of its own; one thread at a time.

#include "core/Result.h"
#include "core/SecureBuffer.h"
#include "core/crypto/CipherState.h"
#include "core/crypto/NoiseHash.h"

#include <cstdint>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

namespace chive::core {

class SymmetricState {
public:
    // InitializeSymmetric(protocolName).
    SymmetricState(NoiseHash hash, std::string_view protocolName);

    void mixKey(std::span<const std::uint8_t> inputKeyMaterial);
    void mixHash(std::span<const std::uint8_t> data);

    [[nodiscard]] bool hasKey() const noexcept { return m_cipher.hasKey(); }
    // Bytes EncryptAndHash adds to a plaintext (16 with a key, else 0).
    [[nodiscard]] std::size_t overhead() const noexcept { return m_cipher.ciphertextLength(0); }

    // EncryptAndHash: appends the ciphertext of `plaintext` to `out`.
    Status encryptAndHash(std::span<const std::uint8_t> plaintext, std::vector<std::uint8_t>& out);
    // DecryptAndHash: appends the plaintext of `ciphertext` to `out`.
    Status decryptAndHash(std::span<const std::uint8_t> ciphertext, std::vector<std::uint8_t>& out);

    // GetHandshakeHash(): h.
    [[nodiscard]] std::span<const std::uint8_t> handshakeHash() const noexcept {
        return m_h.span();
    }

    // Split(): the pair (c1, c2); then wipes ck and the handshake key.
    std::pair<CipherState, CipherState> split();

    // Zeroes ck and the handshake key (after a failed handshake).
    void wipe() noexcept;

    // Tests only (the wipe test): ck's buffer and the handshake key's buffer.
    [[nodiscard]] std::vector<std::span<const std::uint8_t>> secretBuffersForTest() const;

private:
    NoiseHash m_hash;
    SecureBuffer m_ck;
    SecureBuffer m_h;
    CipherState m_cipher;
};

} // namespace chive::core
