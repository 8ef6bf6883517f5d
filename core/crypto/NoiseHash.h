#pragma once

// NoiseHash: the hash functions of the Noise Protocol Framework (revision 34,
// sections 4.3 and 5.2) on libsodium: HASH, HMAC-HASH (RFC 2104 over the
// plain hash, with the hash's own block length: 64 bytes for SHA256, 128 for
// BLAKE2b; never BLAKE2b's built-in keyed mode, which gives other outputs)
// and HKDF as Noise defines it.
//
// A small value type; copies are free. Thread-safe: it holds no state.
// Secrets: every intermediate value (padded keys, inner hashes, HKDF's
// temp_key, hash states) lives on the stack and is wiped with
// sodium_memzero before the function returns. Outputs go where the caller
// says, typically into a SecureBuffer.

#include "core/Result.h"

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string_view>

namespace chive::core {

class NoiseHash {
public:
    enum class Algorithm { Sha256, Blake2b };

    static constexpr std::size_t kMaxHashLength = 64;
    static constexpr std::size_t kMaxBlockLength = 128;

    explicit NoiseHash(Algorithm algorithm) noexcept
        : m_algorithm(algorithm) {}

    // "SHA256" or "BLAKE2b", as in Noise protocol names. Other hashes of the
    // spec (SHA512, BLAKE2s) are InvalidArgument: Chive does not use them.
    static Result<NoiseHash> fromName(std::string_view name);

    [[nodiscard]] Algorithm algorithm() const noexcept { return m_algorithm; }
    [[nodiscard]] std::string_view name() const noexcept;
    // HASHLEN: 32 or 64.
    [[nodiscard]] std::size_t hashLength() const noexcept;
    // BLOCKLEN: 64 or 128.
    [[nodiscard]] std::size_t blockLength() const noexcept;

    // HASH(parts[0] || parts[1] || ...). out.size() must be hashLength().
    void hash(std::initializer_list<std::span<const std::uint8_t>> parts,
              std::span<std::uint8_t> out) const;

    // HMAC-HASH(key, parts[0] || parts[1] || ...). Any key length (RFC 2104:
    // a key longer than the block is hashed first). out.size() must be
    // hashLength().
    void hmac(std::span<const std::uint8_t> key,
              std::initializer_list<std::span<const std::uint8_t>> parts,
              std::span<std::uint8_t> out) const;

    // HKDF(chainingKey, inputKeyMaterial, 2 or 3): writes the outputs to out1,
    // out2 and, if it is not empty, out3, each hashLength() bytes. The outputs
    // may alias chainingKey.
    void hkdf(std::span<const std::uint8_t> chainingKey,
              std::span<const std::uint8_t> inputKeyMaterial, std::span<std::uint8_t> out1,
              std::span<std::uint8_t> out2, std::span<std::uint8_t> out3 = {}) const;

private:
    Algorithm m_algorithm;
};

} // namespace chive::core
