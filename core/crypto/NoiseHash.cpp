#include "core/crypto/NoiseHash.h"

#include "core/Sodium.h"
#include "core/crypto/WipedArray.h"

#include <sodium.h>

#include <array>
#include <cassert>
#include <cstring>

namespace chive::core {

namespace {

// One incremental hash computation of either algorithm. The state is wiped
// on destruction: after a keyed use it holds key-derived bytes.
class Hasher {
public:
    explicit Hasher(NoiseHash::Algorithm algorithm)
        : m_algorithm(algorithm) {
        if (m_algorithm == NoiseHash::Algorithm::Sha256) {
            crypto_hash_sha256_init(&m_sha256);
        } else {
            crypto_generichash_blake2b_init(&m_blake2b, nullptr, 0,
                                            crypto_generichash_blake2b_BYTES_MAX);
        }
    }
    ~Hasher() {
        sodium_memzero(&m_sha256, sizeof(m_sha256));
        sodium_memzero(&m_blake2b, sizeof(m_blake2b));
    }
    Hasher(const Hasher&) = delete;
    Hasher& operator=(const Hasher&) = delete;
    Hasher(Hasher&&) = delete;
    Hasher& operator=(Hasher&&) = delete;

    void update(std::span<const std::uint8_t> bytes) {
        if (bytes.empty()) {
            return;
        }
        if (m_algorithm == NoiseHash::Algorithm::Sha256) {
            crypto_hash_sha256_update(&m_sha256, bytes.data(), bytes.size());
        } else {
            crypto_generichash_blake2b_update(&m_blake2b, bytes.data(), bytes.size());
        }
    }

    void finish(std::span<std::uint8_t> out) {
        if (m_algorithm == NoiseHash::Algorithm::Sha256) {
            crypto_hash_sha256_final(&m_sha256, out.data());
        } else {
            crypto_generichash_blake2b_final(&m_blake2b, out.data(), out.size());
        }
    }

private:
    NoiseHash::Algorithm m_algorithm;
    crypto_hash_sha256_state m_sha256{};
    crypto_generichash_blake2b_state m_blake2b{};
};

} // namespace

Result<NoiseHash> NoiseHash::fromName(std::string_view name) {
    if (name == "SHA256") {
        return NoiseHash(Algorithm::Sha256);
    }
    if (name == "BLAKE2b") {
        return NoiseHash(Algorithm::Blake2b);
    }
    return fail(ErrorCode::InvalidArgument, "unsupported Noise hash function");
}

std::string_view NoiseHash::name() const noexcept {
    return m_algorithm == Algorithm::Sha256 ? "SHA256" : "BLAKE2b";
}

std::size_t NoiseHash::hashLength() const noexcept {
    return m_algorithm == Algorithm::Sha256 ? crypto_hash_sha256_BYTES
                                            : crypto_generichash_blake2b_BYTES_MAX;
}

std::size_t NoiseHash::blockLength() const noexcept {
    return m_algorithm == Algorithm::Sha256 ? 64 : 128;
}

void NoiseHash::hash(std::initializer_list<std::span<const std::uint8_t>> parts,
                     std::span<std::uint8_t> out) const {
    assert(out.size() == hashLength());
    ensureSodium();
    Hasher hasher(m_algorithm);
    for (const auto part : parts) {
        hasher.update(part);
    }
    hasher.finish(out);
}

void NoiseHash::hmac(std::span<const std::uint8_t> key,
                     std::initializer_list<std::span<const std::uint8_t>> parts,
                     std::span<std::uint8_t> out) const {
    assert(out.size() == hashLength());
    ensureSodium();
    const std::size_t block = blockLength();
    const std::size_t length = hashLength();

    // K0: the key, hashed if longer than a block, zero-padded to a block.
    WipedArray<kMaxBlockLength> keyBlock;
    if (key.size() > block) {
        hash({key}, keyBlock.first(length));
    } else if (!key.empty()) {
        std::memcpy(keyBlock.data(), key.data(), key.size());
    }

    WipedArray<kMaxBlockLength> pad;
    for (std::size_t i = 0; i < block; ++i) {
        pad[i] = static_cast<std::uint8_t>(keyBlock[i] ^ 0x36U);
    }
    WipedArray<kMaxHashLength> inner;
    {
        Hasher hasher(m_algorithm);
        hasher.update(pad.first(block));
        for (const auto part : parts) {
            hasher.update(part);
        }
        hasher.finish(inner.first(length));
    }
    for (std::size_t i = 0; i < block; ++i) {
        pad[i] = static_cast<std::uint8_t>(keyBlock[i] ^ 0x5cU);
    }
    Hasher hasher(m_algorithm);
    hasher.update(pad.first(block));
    hasher.update(inner.first(length));
    hasher.finish(out);
}

void NoiseHash::hkdf(std::span<const std::uint8_t> chainingKey,
                     std::span<const std::uint8_t> inputKeyMaterial, std::span<std::uint8_t> out1,
                     std::span<std::uint8_t> out2, std::span<std::uint8_t> out3) const {
    const std::size_t length = hashLength();
    assert(out1.size() == length && out2.size() == length);
    assert(out3.empty() || out3.size() == length);

    WipedArray<kMaxHashLength> tempKey;
    const auto key = tempKey.first(length);
    hmac(chainingKey, {inputKeyMaterial}, key);

    static constexpr std::array<std::uint8_t, 1> kOne{0x01};
    static constexpr std::array<std::uint8_t, 1> kTwo{0x02};
    static constexpr std::array<std::uint8_t, 1> kThree{0x03};
    hmac(key, {kOne}, out1);
    hmac(key, {out1, kTwo}, out2);
    if (!out3.empty()) {
        hmac(key, {out2, kThree}, out3);
    }
}

} // namespace chive::core
