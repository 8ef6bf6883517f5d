#pragma once

// TorKeyFile: Tor's tagged key files for onion services, as in a
// HiddenServiceDir (crypto_write_tagged_contents_to_file):
//
//   hs_ed25519_secret_key = "== ed25519v1-secret: type0 ==" NUL-padded to 32
//                           bytes, then the 64-byte expanded secret key
//   hs_ed25519_public_key = "== ed25519v1-public: type0 ==" NUL-padded to 32
//                           bytes, then the 32-byte public key
//
// Chive gives keys to Tor through ADD_ONION, never through files; this
// exists to check against Tor's own output and to run bare `tor` processes
// in tests. Stateless.

#include "core/Result.h"
#include "core/SecureBuffer.h"
#include "transport/OnionAddress.h"
#include "transport/OnionServiceKey.h"

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace chive::transport {

class TorKeyFile {
public:
    static constexpr std::size_t kHeaderLength = 32;

    static core::SecureBuffer encodeSecretKey(const OnionServiceKey& key);
    static std::vector<std::uint8_t> encodePublicKey(const Ed25519PublicKey& publicKey);

    // Malformed on a wrong size or header (a different key type or tag).
    static core::Result<OnionServiceKey> parseSecretKey(std::span<const std::uint8_t> file);
    static core::Result<Ed25519PublicKey> parsePublicKey(std::span<const std::uint8_t> file);
};

} // namespace chive::transport
