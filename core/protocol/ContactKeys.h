#pragma once

// ContactKeys: our secret side of one contact relationship (doc/protocol.md,
// "Per-contact bundle"):
//
//   - the static X25519 key pair of every Noise session with this contact;
//   - the 32-byte ed25519 seed of our onion service for this contact (the
//     contact alone is authorized to reach it);
//   - the x25519 client-authorization key pair with which we reach the
//     contact's service (the contact's service authorizes its public half).
//
// All three are made fresh from libsodium's CSPRNG for each contact and never
// reused for another, so two contacts share no key. bundle() is the public
// half the contact receives.
//
// serialize() is the versioned blob that ContactRepository keeps as the
// contact's opaque secretKeys; parse() reads it back. Both work in
// SecureBuffers only; nothing secret passes through ordinary memory.
//
// Ownership: owns its secrets (guarded, wiped on destruction). Move-only;
// not thread-safe, one owner at a time; const methods may run concurrently.

#include "core/Result.h"
#include "core/SecureBuffer.h"
#include "core/crypto/PublicKeys.h"
#include "core/crypto/X25519KeyPair.h"
#include "core/protocol/ContactBundle.h"

#include <cstddef>
#include <cstdint>
#include <span>

namespace chive::core {

class ContactKeys {
public:
    static constexpr std::uint8_t kVersion = 1;
    static constexpr std::size_t kKeyLength = 32;
    // version || static secret || onion seed || client-auth secret
    static constexpr std::size_t kSerializedLength = 1 + 3 * kKeyLength;

    // Fresh keys for a new contact.
    static ContactKeys generate();

    // The keys in a blob made by serialize(). Errors: UnsupportedVersion (a
    // newer Chive wrote it), Corrupt (wrong length, version 0, or an all-zero
    // key: the stored blob is damaged).
    static Result<ContactKeys> parse(std::span<const std::uint8_t> serialized);

    // version (1 byte) || static secret || onion seed || client-auth secret.
    [[nodiscard]] SecureBuffer serialize() const;

    [[nodiscard]] const X25519KeyPair& staticKey() const noexcept { return m_static; }
    [[nodiscard]] std::span<const std::uint8_t> serviceSeed() const noexcept {
        return m_serviceSeed.span();
    }
    [[nodiscard]] const Ed25519PublicKey& servicePublicKey() const noexcept {
        return m_servicePublic;
    }
    [[nodiscard]] std::span<const std::uint8_t> clientAuthPrivateKey() const noexcept {
        return m_clientAuth.secretKey();
    }
    [[nodiscard]] const X25519PublicKey& clientAuthPublicKey() const noexcept {
        return m_clientAuth.publicKey();
    }

    // What the contact must know of us: our static key, our service's key,
    // the client-auth public key its service must authorize for us.
    [[nodiscard]] ContactBundle bundle() const;

private:
    ContactKeys(X25519KeyPair staticKey, SecureBuffer serviceSeed, X25519KeyPair clientAuth);

    X25519KeyPair m_static;
    SecureBuffer m_serviceSeed;
    Ed25519PublicKey m_servicePublic{};
    X25519KeyPair m_clientAuth;
};

} // namespace chive::core
