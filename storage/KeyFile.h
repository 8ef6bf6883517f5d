#pragma once

// KeyFile: the profile's database key, wrapped under the password.
//
// Format (version 1, 140 bytes, integers big-endian):
//   0  magic "CHIVEKEY"                     8
//   8  format version (1)                   2
//  10  KDF id (1 = Argon2id v1.3)           1
//  11  reserved, zero                       1
//  12  Argon2id opslimit                    4
//  16  Argon2id memlimit in KiB             4
//  20  salt                                16
//  36  XChaCha20-Poly1305 nonce            24
//  60  wrapped key: 32-byte DB key + tag   48
// 108  BLAKE2b-256 of bytes 0..107         32
// The AEAD's associated data is bytes 0..59, so the header and the KDF
// parameters cannot be changed without the unwrap failing. The trailing
// checksum tells a damaged file (Corrupt) from a wrong password
// (WrongPassword): the AEAD alone cannot tell them apart. It is not a MAC:
// someone who can write the file can make any password "wrong" anyway.
//
// A KeyFile is immutable after seal() or parse(); safe to share read-only.

#include "core/Result.h"
#include "core/SecureBuffer.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace chive::storage {

struct KdfParams {
    std::uint32_t opsLimit = 0;
    std::uint32_t memLimitKiB = 0;

    // What new profiles use: 128 MiB, 3 passes; about 0.2-0.3 s per unlock
    // on the project's 2-core build machines (see doc/design.md, Storage).
    static KdfParams defaults() noexcept { return {3, 128 * 1024}; }
    // libsodium's minimums: for tests that unlock many times, never for data.
    static KdfParams fastForTests() noexcept { return {1, 8}; }

    friend bool operator==(const KdfParams&, const KdfParams&) = default;
};

class KeyFile {
public:
    static constexpr std::size_t kSize = 140;
    static constexpr std::uint16_t kVersion = 1;
    static constexpr std::size_t kKeySize = 32;

    // Wraps `databaseKey` under `password` with a fresh salt and nonce.
    static core::Result<KeyFile> seal(const core::SecureBuffer& databaseKey,
                                      std::span<const std::uint8_t> password, KdfParams params);
    // Corrupt for anything damaged or truncated, UnsupportedVersion for a newer
    // format. Reads nothing outside `bytes`.
    static core::Result<KeyFile> parse(std::span<const std::uint8_t> bytes);

    // WrongPassword if `password` does not unwrap the key.
    [[nodiscard]] core::Result<core::SecureBuffer>
    unwrap(std::span<const std::uint8_t> password) const;
    [[nodiscard]] std::vector<std::uint8_t> serialize() const;
    [[nodiscard]] KdfParams params() const noexcept { return m_params; }

private:
    static constexpr std::size_t kSaltSize = 16;
    static constexpr std::size_t kNonceSize = 24;
    static constexpr std::size_t kWrappedSize = kKeySize + 16;
    static constexpr std::size_t kHeaderSize = 60;

    KeyFile() = default;
    [[nodiscard]] std::array<std::uint8_t, kHeaderSize> header() const;

    KdfParams m_params;
    std::array<std::uint8_t, kSaltSize> m_salt{};
    std::array<std::uint8_t, kNonceSize> m_nonce{};
    std::array<std::uint8_t, kWrappedSize> m_wrapped{};
};

} // namespace chive::storage
