#pragma once

// CipherState: a Noise CipherState (revision 34, section 5.1) with the
// ChaChaPoly cipher functions (section 12.3): libsodium's
// crypto_aead_chacha20poly1305_ietf with the 96-bit nonce
// 32 zero bits || the 64-bit counter n, little-endian.
//
// Ownership: the key k lives in its own SecureBuffer (guarded, wiped on
// destruction and by wipe()); the buffer is allocated once, on the first
// initializeKey(), and reused by later keys and by rekey(), so records never
// allocate secure memory. Move-only.
//
// Threads: none of its own; one thread at a time.
//
// Limits: nonce 2^64-1 is reserved by Noise; a CipherState whose counter
// reaches it refuses to encrypt or decrypt (Crypto). A failed decryption does
// not advance the counter (section 5.1), so the caller must treat it as the
// end of the channel, as Chive's session layer does.

#include "core/Result.h"
#include "core/SecureBuffer.h"

#include <cstddef>
#include <cstdint>
#include <span>

namespace chive::core {

class CipherState {
public:
    static constexpr std::size_t kKeyLength = 32;
    static constexpr std::size_t kTagLength = 16;
    static constexpr std::uint64_t kReservedNonce = UINT64_MAX;

    // Without a key: encryption and decryption pass bytes through (Noise's
    // "empty k"), as the handshake needs before its first MixKey.
    CipherState() = default;

    // Sets k (exactly kKeyLength bytes) and n = 0.
    void initializeKey(std::span<const std::uint8_t> key);
    [[nodiscard]] bool hasKey() const noexcept { return m_hasKey; }

    [[nodiscard]] std::uint64_t nonce() const noexcept { return m_nonce; }
    void setNonce(std::uint64_t nonce) noexcept { m_nonce = nonce; }

    // With a key, the output is plaintext.size() + kTagLength bytes; without,
    // plaintext.size(). `out` must be exactly that long, and either not
    // overlap `plaintext` or start at the same address (in place).
    [[nodiscard]] std::size_t ciphertextLength(std::size_t plaintextLength) const noexcept {
        return m_hasKey ? plaintextLength + kTagLength : plaintextLength;
    }
    Status encryptWithAd(std::span<const std::uint8_t> ad, std::span<const std::uint8_t> plaintext,
                         std::span<std::uint8_t> out);

    // The reverse: `out` is ciphertext.size() - kTagLength bytes (with a
    // key). Crypto when authentication fails; Malformed when the ciphertext
    // is shorter than a tag. On failure `out` holds nothing of use.
    Status decryptWithAd(std::span<const std::uint8_t> ad, std::span<const std::uint8_t> ciphertext,
                         std::span<std::uint8_t> out);

    // Noise's Rekey(): k = the first 32 bytes of ENCRYPT(k, 2^64-1, empty,
    // 32 zero bytes). The nonce is unchanged.
    Status rekey();

    // Zeroes k (keeping its buffer) and forgets it: hasKey() is false after.
    void wipe() noexcept;

    // Tests only (the wipe test): the bytes of k's buffer, key or not.
    [[nodiscard]] std::span<const std::uint8_t> keyBufferForTest() const noexcept {
        return m_key.span();
    }

private:
    SecureBuffer m_key;
    std::uint64_t m_nonce = 0;
    bool m_hasKey = false;
};

} // namespace chive::core
