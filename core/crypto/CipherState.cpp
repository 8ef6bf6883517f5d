#include "core/crypto/CipherState.h"

#include "core/Sodium.h"
#include "core/crypto/WipedArray.h"

#include <sodium.h>

#include <array>
#include <cassert>
#include <cstring>

namespace chive::core {

namespace {

using Nonce = std::array<std::uint8_t, crypto_aead_chacha20poly1305_ietf_NPUBBYTES>;

// ChaChaPoly's nonce: four zero bytes, then n as 64-bit little-endian.
Nonce chachaNonce(std::uint64_t counter) noexcept {
    Nonce nonce{};
    for (std::size_t i = 0; i < 8; ++i) {
        nonce[4 + i] = static_cast<std::uint8_t>(counter >> (8 * i));
    }
    return nonce;
}

static_assert(CipherState::kKeyLength == crypto_aead_chacha20poly1305_ietf_KEYBYTES);
static_assert(CipherState::kTagLength == crypto_aead_chacha20poly1305_ietf_ABYTES);

} // namespace

void CipherState::initializeKey(std::span<const std::uint8_t> key) {
    assert(key.size() == kKeyLength);
    if (m_key.empty()) {
        m_key = SecureBuffer(kKeyLength);
    }
    std::memcpy(m_key.data(), key.data(), kKeyLength);
    m_hasKey = true;
    m_nonce = 0;
}

Status CipherState::encryptWithAd(std::span<const std::uint8_t> ad,
                                  std::span<const std::uint8_t> plaintext,
                                  std::span<std::uint8_t> out) {
    assert(out.size() == ciphertextLength(plaintext.size()));
    if (!m_hasKey) {
        if (!plaintext.empty() && out.data() != plaintext.data()) {
            std::memmove(out.data(), plaintext.data(), plaintext.size());
        }
        return {};
    }
    if (m_nonce == kReservedNonce) {
        return fail(ErrorCode::Crypto, "the Noise nonce is exhausted");
    }
    const Nonce nonce = chachaNonce(m_nonce);
    unsigned long long written = 0;
    crypto_aead_chacha20poly1305_ietf_encrypt(out.data(), &written, plaintext.data(),
                                              plaintext.size(), ad.data(), ad.size(), nullptr,
                                              nonce.data(), m_key.data());
    ++m_nonce;
    return {};
}

Status CipherState::decryptWithAd(std::span<const std::uint8_t> ad,
                                  std::span<const std::uint8_t> ciphertext,
                                  std::span<std::uint8_t> out) {
    if (!m_hasKey) {
        assert(out.size() == ciphertext.size());
        if (!ciphertext.empty() && out.data() != ciphertext.data()) {
            std::memmove(out.data(), ciphertext.data(), ciphertext.size());
        }
        return {};
    }
    if (ciphertext.size() < kTagLength) {
        return fail(ErrorCode::Malformed, "a Noise ciphertext is shorter than its tag");
    }
    assert(out.size() == ciphertext.size() - kTagLength);
    if (m_nonce == kReservedNonce) {
        return fail(ErrorCode::Crypto, "the Noise nonce is exhausted");
    }
    const Nonce nonce = chachaNonce(m_nonce);
    unsigned long long written = 0;
    if (crypto_aead_chacha20poly1305_ietf_decrypt(out.data(), &written, nullptr, ciphertext.data(),
                                                  ciphertext.size(), ad.data(), ad.size(),
                                                  nonce.data(), m_key.data()) != 0) {
        return fail(ErrorCode::Crypto, "authentication failed");
    }
    ++m_nonce;
    return {};
}

Status CipherState::rekey() {
    if (!m_hasKey) {
        return fail(ErrorCode::InvalidArgument, "rekey without a key");
    }
    const Nonce nonce = chachaNonce(kReservedNonce);
    const std::array<std::uint8_t, kKeyLength> zeros{};
    WipedArray<kKeyLength + kTagLength> output;
    unsigned long long written = 0;
    crypto_aead_chacha20poly1305_ietf_encrypt(output.data(), &written, zeros.data(), zeros.size(),
                                              nullptr, 0, nullptr, nonce.data(), m_key.data());
    std::memcpy(m_key.data(), output.data(), kKeyLength);
    return {};
}

void CipherState::wipe() noexcept {
    if (!m_key.empty()) {
        sodium_memzero(m_key.data(), m_key.size());
    }
    m_hasKey = false;
    m_nonce = 0;
}

} // namespace chive::core
