#include "core/crypto/SymmetricState.h"

#include "core/crypto/WipedArray.h"

#include <sodium.h>

#include <cstring>

namespace chive::core {

SymmetricState::SymmetricState(NoiseHash hash, std::string_view protocolName)
    : m_hash(hash)
    , m_ck(hash.hashLength())
    , m_h(hash.hashLength()) {
    // A name that fits in HASHLEN is used as h directly, zero-padded;
    // a longer one is hashed.
    const std::span name(reinterpret_cast<const std::uint8_t*>(protocolName.data()),
                         protocolName.size());
    if (name.size() <= m_h.size()) {
        std::memcpy(m_h.data(), name.data(), name.size());
    } else {
        m_hash.hash({name}, m_h.span());
    }
    std::memcpy(m_ck.data(), m_h.data(), m_h.size());
}

void SymmetricState::mixKey(std::span<const std::uint8_t> inputKeyMaterial) {
    WipedArray<NoiseHash::kMaxHashLength> tempK;
    const std::size_t length = m_hash.hashLength();
    m_hash.hkdf(m_ck.span(), inputKeyMaterial, m_ck.span(), tempK.first(length));
    // With a 64-byte hash, temp_k is truncated to the cipher's 32-byte key.
    m_cipher.initializeKey(tempK.first(CipherState::kKeyLength));
}

void SymmetricState::mixHash(std::span<const std::uint8_t> data) {
    WipedArray<NoiseHash::kMaxHashLength> next;
    const auto out = next.first(m_hash.hashLength());
    m_hash.hash({m_h.span(), data}, out);
    std::memcpy(m_h.data(), out.data(), out.size());
}

Status SymmetricState::encryptAndHash(std::span<const std::uint8_t> plaintext,
                                      std::vector<std::uint8_t>& out) {
    const std::size_t start = out.size();
    out.resize(start + m_cipher.ciphertextLength(plaintext.size()));
    const auto ciphertext = std::span(out).subspan(start);
    if (auto status = m_cipher.encryptWithAd(m_h.span(), plaintext, ciphertext); !status) {
        out.resize(start);
        return status;
    }
    mixHash(ciphertext);
    return {};
}

Status SymmetricState::decryptAndHash(std::span<const std::uint8_t> ciphertext,
                                      std::vector<std::uint8_t>& out) {
    const std::size_t start = out.size();
    if (ciphertext.size() < overhead()) {
        return fail(ErrorCode::Malformed, "a Noise handshake field is too short");
    }
    out.resize(start + ciphertext.size() - overhead());
    if (auto status = m_cipher.decryptWithAd(m_h.span(), ciphertext, std::span(out).subspan(start));
        !status) {
        out.resize(start);
        return status;
    }
    mixHash(ciphertext);
    return {};
}

std::pair<CipherState, CipherState> SymmetricState::split() {
    const std::size_t length = m_hash.hashLength();
    WipedArray<NoiseHash::kMaxHashLength> tempK1;
    WipedArray<NoiseHash::kMaxHashLength> tempK2;
    m_hash.hkdf(m_ck.span(), {}, tempK1.first(length), tempK2.first(length));
    std::pair<CipherState, CipherState> ciphers;
    ciphers.first.initializeKey(tempK1.first(CipherState::kKeyLength));
    ciphers.second.initializeKey(tempK2.first(CipherState::kKeyLength));
    wipe();
    return ciphers;
}

void SymmetricState::wipe() noexcept {
    sodium_memzero(m_ck.data(), m_ck.size());
    m_cipher.wipe();
}

std::vector<std::span<const std::uint8_t>> SymmetricState::secretBuffersForTest() const {
    return {m_ck.span(), m_cipher.keyBufferForTest()};
}

} // namespace chive::core
