#include "core/crypto/Ed25519Seed.h"

#include "core/Sodium.h"
#include "core/crypto/WipedArray.h"

#include <sodium.h>

namespace chive::core {

Result<Ed25519PublicKey> ed25519PublicKeyFromSeed(std::span<const std::uint8_t> seed) {
    if (seed.size() != crypto_sign_SEEDBYTES) {
        return fail(ErrorCode::InvalidArgument, "an ed25519 seed has 32 bytes");
    }
    ensureSodium();
    Ed25519PublicKey publicKey{};
    WipedArray<crypto_sign_SECRETKEYBYTES> expanded;
    crypto_sign_seed_keypair(publicKey.data(), expanded.data(), seed.data());
    return publicKey;
}

} // namespace chive::core
