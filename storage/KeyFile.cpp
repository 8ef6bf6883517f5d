#include "storage/KeyFile.h"

#include "core/Sodium.h"

#include <sodium.h>

#include <algorithm>
#include <cstring>

namespace chive::storage {
namespace {

using core::ErrorCode;

constexpr std::array<std::uint8_t, 8> kMagic = {'C', 'H', 'I', 'V', 'E', 'K', 'E', 'Y'};
constexpr std::uint8_t kKdfArgon2id13 = 1;
constexpr std::size_t kChecksumSize = 32;
// Parameters outside these bounds are damage, not a choice: the upper bounds
// stop a damaged file from asking for unbounded memory or time.
constexpr std::uint32_t kMaxOpsLimit = 64;
constexpr std::uint32_t kMinMemLimitKiB = 8;
constexpr std::uint32_t kMaxMemLimitKiB = 4U * 1024U * 1024U; // 4 GiB

void putU16(std::uint8_t* out, std::uint16_t value) {
    out[0] = static_cast<std::uint8_t>(value >> 8);
    out[1] = static_cast<std::uint8_t>(value);
}

void putU32(std::uint8_t* out, std::uint32_t value) {
    for (int i = 0; i < 4; ++i) {
        out[i] = static_cast<std::uint8_t>(value >> (24 - 8 * i));
    }
}

std::uint16_t getU16(const std::uint8_t* in) {
    return static_cast<std::uint16_t>((in[0] << 8) | in[1]);
}

std::uint32_t getU32(const std::uint8_t* in) {
    std::uint32_t value = 0;
    for (int i = 0; i < 4; ++i) {
        value = (value << 8) | in[i];
    }
    return value;
}

std::array<std::uint8_t, kChecksumSize> checksum(std::span<const std::uint8_t> bytes) {
    std::array<std::uint8_t, kChecksumSize> sum{};
    crypto_generichash(sum.data(), sum.size(), bytes.data(), bytes.size(), nullptr, 0);
    return sum;
}

core::Result<core::SecureBuffer> deriveWrapKey(std::span<const std::uint8_t> password,
                                               std::span<const std::uint8_t> salt,
                                               KdfParams params) {
    core::SecureBuffer wrapKey(crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
    const auto memLimit = static_cast<std::size_t>(params.memLimitKiB) * 1024U;
    // Argon2 rejects a null pointer even for an empty password.
    const char* text = password.empty() ? "" : reinterpret_cast<const char*>(password.data());
    if (crypto_pwhash(wrapKey.data(), wrapKey.size(), text, password.size(), salt.data(),
                      params.opsLimit, memLimit, crypto_pwhash_ALG_ARGON2ID13) != 0) {
        return core::fail(ErrorCode::Internal,
                          "not enough memory to derive the key from the password");
    }
    return wrapKey;
}

tl::unexpected<core::Error> damaged(const char* what) {
    return core::fail(ErrorCode::Corrupt, std::string("the key file is damaged: ") + what);
}

} // namespace

std::array<std::uint8_t, KeyFile::kHeaderSize> KeyFile::header() const {
    std::array<std::uint8_t, kHeaderSize> out{};
    std::copy(kMagic.begin(), kMagic.end(), out.begin());
    putU16(&out[8], kVersion);
    out[10] = kKdfArgon2id13;
    out[11] = 0;
    putU32(&out[12], m_params.opsLimit);
    putU32(&out[16], m_params.memLimitKiB);
    std::copy(m_salt.begin(), m_salt.end(), out.begin() + 20);
    std::copy(m_nonce.begin(), m_nonce.end(), out.begin() + 36);
    return out;
}

core::Result<KeyFile> KeyFile::seal(const core::SecureBuffer& databaseKey,
                                    std::span<const std::uint8_t> password, KdfParams params) {
    core::ensureSodium();
    if (databaseKey.size() != kKeySize) {
        return core::fail(ErrorCode::InvalidArgument, "the database key has the wrong size");
    }
    if (params.opsLimit < crypto_pwhash_OPSLIMIT_MIN || params.opsLimit > kMaxOpsLimit ||
        params.memLimitKiB < kMinMemLimitKiB || params.memLimitKiB > kMaxMemLimitKiB) {
        return core::fail(ErrorCode::InvalidArgument, "key derivation parameters out of range");
    }
    KeyFile file;
    file.m_params = params;
    randombytes_buf(file.m_salt.data(), file.m_salt.size());
    randombytes_buf(file.m_nonce.data(), file.m_nonce.size());
    auto wrapKey = deriveWrapKey(password, file.m_salt, params);
    if (!wrapKey) {
        return core::fail(wrapKey.error());
    }
    const auto aad = file.header();
    unsigned long long wrappedSize = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(
        file.m_wrapped.data(), &wrappedSize, databaseKey.data(), databaseKey.size(), aad.data(),
        aad.size(), nullptr, file.m_nonce.data(), wrapKey->data());
    return file;
}

core::Result<KeyFile> KeyFile::parse(std::span<const std::uint8_t> bytes) {
    core::ensureSodium();
    // Order matters: the version is read before the length is checked, because
    // a newer format may well have another length.
    if (bytes.size() < 10) {
        return damaged("it is truncated");
    }
    if (!std::equal(kMagic.begin(), kMagic.end(), bytes.begin())) {
        return damaged("it is not a Chive key file");
    }
    const std::uint16_t version = getU16(&bytes[8]);
    if (version == 0) {
        return damaged("invalid format version");
    }
    if (version > kVersion) {
        return core::fail(ErrorCode::UnsupportedVersion,
                          "the key file was written by a newer version of Chive (format " +
                              std::to_string(version) + ")");
    }
    if (bytes.size() < kSize) {
        return damaged("it is truncated");
    }
    if (bytes.size() > kSize) {
        return damaged("it has unexpected trailing data");
    }
    const auto body = bytes.first(kSize - kChecksumSize);
    const auto sum = checksum(body);
    if (sodium_memcmp(sum.data(), &bytes[kSize - kChecksumSize], kChecksumSize) != 0) {
        return damaged("its checksum does not match");
    }
    if (bytes[10] != kKdfArgon2id13 || bytes[11] != 0) {
        return damaged("unknown key derivation");
    }
    KeyFile file;
    file.m_params.opsLimit = getU32(&bytes[12]);
    file.m_params.memLimitKiB = getU32(&bytes[16]);
    if (file.m_params.opsLimit < crypto_pwhash_OPSLIMIT_MIN ||
        file.m_params.opsLimit > kMaxOpsLimit || file.m_params.memLimitKiB < kMinMemLimitKiB ||
        file.m_params.memLimitKiB > kMaxMemLimitKiB) {
        return damaged("key derivation parameters out of range");
    }
    std::copy_n(bytes.begin() + 20, kSaltSize, file.m_salt.begin());
    std::copy_n(bytes.begin() + 36, kNonceSize, file.m_nonce.begin());
    std::copy_n(bytes.begin() + kHeaderSize, kWrappedSize, file.m_wrapped.begin());
    return file;
}

core::Result<core::SecureBuffer> KeyFile::unwrap(std::span<const std::uint8_t> password) const {
    auto wrapKey = deriveWrapKey(password, m_salt, m_params);
    if (!wrapKey) {
        return core::fail(wrapKey.error());
    }
    const auto aad = header();
    core::SecureBuffer key(kKeySize);
    unsigned long long keySize = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(key.data(), &keySize, nullptr, m_wrapped.data(),
                                                   m_wrapped.size(), aad.data(), aad.size(),
                                                   m_nonce.data(), wrapKey->data()) != 0 ||
        keySize != kKeySize) {
        return core::fail(ErrorCode::WrongPassword, "wrong password");
    }
    return key;
}

std::vector<std::uint8_t> KeyFile::serialize() const {
    std::vector<std::uint8_t> out(kSize);
    const auto head = header();
    std::copy(head.begin(), head.end(), out.begin());
    std::copy(m_wrapped.begin(), m_wrapped.end(), out.begin() + kHeaderSize);
    const auto sum = checksum(std::span<const std::uint8_t>(out).first(kSize - kChecksumSize));
    std::copy(sum.begin(), sum.end(), out.begin() + (kSize - kChecksumSize));
    return out;
}

} // namespace chive::storage
