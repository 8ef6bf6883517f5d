#include "core/protocol/Rendezvous.h"

#include "core/Sodium.h"

#include <sodium.h>

#include <algorithm>
#include <initializer_list>
#include <string_view>
#include <utility>

namespace chive::core {

namespace {

constexpr std::string_view kRootLabel = "chive/rendezvous/v1";
constexpr std::string_view kSecretLabel = "chive/rendezvous/secret";
constexpr std::string_view kSeedLabel = "chive/rendezvous/onion-seed";
constexpr std::string_view kClientAuthLabel = "chive/rendezvous/client-auth";

std::span<const std::uint8_t> bytesOf(std::string_view text) {
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

// BLAKE2b-256 keyed with `key` over the concatenation of `parts`.
SecureBuffer keyedHash(std::span<const std::uint8_t> key,
                       std::initializer_list<std::span<const std::uint8_t>> parts) {
    crypto_generichash_state state;
    crypto_generichash_init(&state, key.data(), key.size(), Rendezvous::kKeyLength);
    for (const auto part : parts) {
        crypto_generichash_update(&state, part.data(), part.size());
    }
    SecureBuffer out(Rendezvous::kKeyLength);
    crypto_generichash_final(&state, out.data(), out.size());
    sodium_memzero(&state, sizeof state);
    return out;
}

} // namespace

Rendezvous::Rendezvous(RendezvousRole role, SecureBuffer secret, SecureBuffer serviceSeed,
                       SecureBuffer clientAuthPrivate, const X25519PublicKey& clientAuthPublic)
    : m_role(role)
    , m_secret(std::move(secret))
    , m_serviceSeed(std::move(serviceSeed))
    , m_clientAuthPrivate(std::move(clientAuthPrivate))
    , m_clientAuthPublic(clientAuthPublic) {}

Result<Rendezvous> Rendezvous::derive(std::span<const std::uint8_t> ownSecretKey,
                                      const X25519PublicKey& ownPublicKey,
                                      const X25519PublicKey& peerPublicKey) {
    ensureSodium();
    if (ownSecretKey.size() != crypto_scalarmult_SCALARBYTES) {
        return fail(ErrorCode::InvalidArgument, "a handshake secret key must have 32 bytes");
    }
    X25519PublicKey derivedPublic{};
    if (crypto_scalarmult_base(derivedPublic.data(), ownSecretKey.data()) != 0 ||
        derivedPublic != ownPublicKey) {
        return fail(ErrorCode::InvalidArgument,
                    "the handshake secret key does not belong to our link's public key");
    }
    if (ownPublicKey == peerPublicKey) {
        return fail(ErrorCode::InvalidArgument, "both links are the same: this is our own link");
    }

    SecureBuffer shared(crypto_scalarmult_BYTES);
    // libsodium fails when the result is all zeros: the peer's key is of
    // small order, and the "secret" would be known to everyone.
    if (crypto_scalarmult(shared.data(), ownSecretKey.data(), peerPublicKey.data()) != 0) {
        return fail(ErrorCode::Crypto,
                    "the contact's link holds a key that gives no shared secret (a small-order "
                    "point); it was not made by Chive");
    }

    const bool ownIsSmaller = std::lexicographical_compare(
        ownPublicKey.begin(), ownPublicKey.end(), peerPublicKey.begin(), peerPublicKey.end());
    const X25519PublicKey& low = ownIsSmaller ? ownPublicKey : peerPublicKey;
    const X25519PublicKey& high = ownIsSmaller ? peerPublicKey : ownPublicKey;

    const SecureBuffer root = keyedHash(shared.span(), {bytesOf(kRootLabel), low, high});
    SecureBuffer secret = keyedHash(root.span(), {bytesOf(kSecretLabel)});
    SecureBuffer seed = keyedHash(root.span(), {bytesOf(kSeedLabel)});
    SecureBuffer clientAuthPrivate = keyedHash(root.span(), {bytesOf(kClientAuthLabel)});

    X25519PublicKey clientAuthPublic{};
    if (crypto_scalarmult_base(clientAuthPublic.data(), clientAuthPrivate.data()) != 0) {
        return fail(ErrorCode::Crypto, "the derived client-authorization key is unusable");
    }
    return Rendezvous(ownIsSmaller ? RendezvousRole::Publisher : RendezvousRole::Connector,
                      std::move(secret), std::move(seed), std::move(clientAuthPrivate),
                      clientAuthPublic);
}

} // namespace chive::core
