// Noise building blocks (core/crypto) beyond what the published vectors
// cover (tests/noise): the hash constructions against independent
// references, ChaChaPoly's nonce layout, Rekey, nonce exhaustion, the
// pattern table, and how a handshake fails on hostile input.

#include "core/crypto/CipherState.h"
#include "core/crypto/HandshakePattern.h"
#include "core/crypto/HandshakeState.h"
#include "core/crypto/NoiseHash.h"
#include "core/crypto/NoiseProtocol.h"
#include "core/crypto/X25519KeyPair.h"

#include <catch2/catch_test_macros.hpp>
#include <sodium.h>

#include <array>
#include <string>
#include <vector>

#include "tests/core/SessionTestSupport.h"

using chive::core::CipherState;
using chive::core::ErrorCode;
using chive::core::HandshakePattern;
using chive::core::HandshakeRole;
using chive::core::HandshakeState;
using chive::core::NoiseHash;
using chive::core::NoiseProtocol;
using chive::core::NoiseToken;
using chive::core::X25519KeyPair;
using chive::core::X25519PublicKey;
using chive::testing::fromHexString;
using chive::testing::toHexString;
using Bytes = std::vector<std::uint8_t>;

namespace {

Bytes bytesOf(const std::string& text) {
    return {text.begin(), text.end()};
}

Bytes hmacOf(const NoiseHash& hash, std::span<const std::uint8_t> key,
             std::span<const std::uint8_t> data) {
    Bytes out(hash.hashLength());
    hash.hmac(key, {data}, out);
    return out;
}

HandshakeState kkState(HandshakeRole role, const X25519KeyPair& own, const X25519PublicKey& peer,
                       const std::string& protocol = "Noise_KK_25519_ChaChaPoly_BLAKE2b") {
    const auto parsed = NoiseProtocol::parse(protocol).value();
    return HandshakeState::create(parsed, role, bytesOf("prologue"), &own, peer).value();
}

} // namespace

TEST_CASE("HMAC-SHA256 follows RFC 2104 for every key length", "[core][noise]") {
    const NoiseHash sha256(NoiseHash::Algorithm::Sha256);
    // RFC 4231, test case 2.
    CHECK(toHexString(hmacOf(sha256, bytesOf("Jefe"), bytesOf("what do ya want for nothing?"))) ==
          "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    // libsodium's own HMAC-SHA256 as the reference, around the 64-byte block
    // (a longer key is hashed first).
    const Bytes data = bytesOf("Chive session data");
    for (const std::size_t keyLength : {0U, 1U, 32U, 63U, 64U, 65U, 131U, 200U}) {
        Bytes key(keyLength);
        randombytes_buf(key.data(), key.size());
        std::array<std::uint8_t, crypto_auth_hmacsha256_BYTES> reference{};
        crypto_auth_hmacsha256_state state;
        crypto_auth_hmacsha256_init(&state, key.data(), key.size());
        crypto_auth_hmacsha256_update(&state, data.data(), data.size());
        crypto_auth_hmacsha256_final(&state, reference.data());
        CAPTURE(keyLength);
        CHECK(hmacOf(sha256, key, data) == Bytes(reference.begin(), reference.end()));
    }
}

TEST_CASE("HMAC-BLAKE2b is RFC 2104 over plain BLAKE2b with a 128-byte block", "[core][noise]") {
    const NoiseHash blake2b(NoiseHash::Algorithm::Blake2b);
    const Bytes data = bytesOf("Chive session data");
    Bytes key(64);
    randombytes_buf(key.data(), key.size());

    // The construction by hand: H((K ^ opad) || H((K ^ ipad) || m)), K
    // padded to 128 bytes.
    std::array<std::uint8_t, 128> ipad{};
    std::array<std::uint8_t, 128> opad{};
    for (std::size_t i = 0; i < 128; ++i) {
        const std::uint8_t k = i < key.size() ? key[i] : 0;
        ipad[i] = static_cast<std::uint8_t>(k ^ 0x36U);
        opad[i] = static_cast<std::uint8_t>(k ^ 0x5cU);
    }
    std::array<std::uint8_t, 64> inner{};
    crypto_generichash_blake2b_state state;
    crypto_generichash_blake2b_init(&state, nullptr, 0, 64);
    crypto_generichash_blake2b_update(&state, ipad.data(), ipad.size());
    crypto_generichash_blake2b_update(&state, data.data(), data.size());
    crypto_generichash_blake2b_final(&state, inner.data(), inner.size());
    std::array<std::uint8_t, 64> outer{};
    crypto_generichash_blake2b_init(&state, nullptr, 0, 64);
    crypto_generichash_blake2b_update(&state, opad.data(), opad.size());
    crypto_generichash_blake2b_update(&state, inner.data(), inner.size());
    crypto_generichash_blake2b_final(&state, outer.data(), outer.size());
    CHECK(hmacOf(blake2b, key, data) == Bytes(outer.begin(), outer.end()));

    // Not BLAKE2b's keyed mode, which would give another value.
    std::array<std::uint8_t, 64> keyed{};
    crypto_generichash_blake2b(keyed.data(), keyed.size(), data.data(), data.size(), key.data(),
                               key.size());
    CHECK(hmacOf(blake2b, key, data) != Bytes(keyed.begin(), keyed.end()));

    // A key longer than the block is replaced by its hash (RFC 2104).
    Bytes longKey(129);
    randombytes_buf(longKey.data(), longKey.size());
    Bytes hashedKey(64);
    blake2b.hash({longKey}, hashedKey);
    CHECK(hmacOf(blake2b, longKey, data) == hmacOf(blake2b, hashedKey, data));
}

TEST_CASE("HKDF chains HMAC outputs as the Noise spec defines", "[core][noise]") {
    for (const auto algorithm : {NoiseHash::Algorithm::Sha256, NoiseHash::Algorithm::Blake2b}) {
        const NoiseHash hash(algorithm);
        const std::size_t length = hash.hashLength();
        Bytes ck(length, 0x11);
        const Bytes ikm = bytesOf("input key material");
        Bytes out1(length);
        Bytes out2(length);
        Bytes out3(length);
        hash.hkdf(ck, ikm, out1, out2, out3);

        const Bytes tempKey = hmacOf(hash, ck, ikm);
        CHECK(out1 == hmacOf(hash, tempKey, Bytes{0x01}));
        Bytes second = out1;
        second.push_back(0x02);
        CHECK(out2 == hmacOf(hash, tempKey, second));
        Bytes third = out2;
        third.push_back(0x03);
        CHECK(out3 == hmacOf(hash, tempKey, third));

        // Outputs may overwrite the chaining key (MixKey does).
        hash.hkdf(ck, ikm, ck, out2);
        CHECK(ck == out1);
    }
}

TEST_CASE("ChaChaPoly puts the counter little-endian after four zero bytes", "[core][noise]") {
    Bytes key(32);
    randombytes_buf(key.data(), key.size());
    CipherState cipher;
    cipher.initializeKey(key);
    const std::uint64_t counter = 0x0102030405060708ULL;
    cipher.setNonce(counter);
    const Bytes plaintext = bytesOf("nonce layout");
    const Bytes ad = bytesOf("ad");
    Bytes ours(plaintext.size() + CipherState::kTagLength);
    REQUIRE(cipher.encryptWithAd(ad, plaintext, ours));
    CHECK(cipher.nonce() == counter + 1);

    const std::array<std::uint8_t, 12> nonce{0, 0, 0, 0, 8, 7, 6, 5, 4, 3, 2, 1};
    Bytes reference(plaintext.size() + CipherState::kTagLength);
    unsigned long long written = 0;
    crypto_aead_chacha20poly1305_ietf_encrypt(reference.data(), &written, plaintext.data(),
                                              plaintext.size(), ad.data(), ad.size(), nullptr,
                                              nonce.data(), key.data());
    CHECK(ours == reference);
}

TEST_CASE("A failed decryption does not advance the nonce; the reserved nonce is refused",
          "[core][noise]") {
    const Bytes key(32, 0x42);
    CipherState sender;
    CipherState receiver;
    sender.initializeKey(key);
    receiver.initializeKey(key);
    const Bytes plaintext = bytesOf("hello");
    Bytes ciphertext(plaintext.size() + CipherState::kTagLength);
    REQUIRE(sender.encryptWithAd({}, plaintext, ciphertext));

    Bytes tampered = ciphertext;
    tampered[0] ^= 0x01;
    Bytes out(plaintext.size());
    const auto bad = receiver.decryptWithAd({}, tampered, out);
    REQUIRE_FALSE(bad);
    CHECK(bad.error().code == ErrorCode::Crypto);
    CHECK(receiver.nonce() == 0);
    REQUIRE(receiver.decryptWithAd({}, ciphertext, out));
    CHECK(out == plaintext);
    CHECK(receiver.nonce() == 1);

    const Bytes tooShort(CipherState::kTagLength - 1);
    const auto shortResult = receiver.decryptWithAd({}, tooShort, out);
    REQUIRE_FALSE(shortResult);
    CHECK(shortResult.error().code == ErrorCode::Malformed);

    sender.setNonce(CipherState::kReservedNonce);
    const auto exhausted = sender.encryptWithAd({}, plaintext, ciphertext);
    REQUIRE_FALSE(exhausted);
    CHECK(exhausted.error().code == ErrorCode::Crypto);
}

TEST_CASE("Rekey replaces k by ENCRYPT(k, 2^64-1, empty, zeros)[0:32]", "[core][noise]") {
    Bytes key(32);
    randombytes_buf(key.data(), key.size());
    CipherState cipher;
    cipher.initializeKey(key);
    cipher.setNonce(7);
    REQUIRE(cipher.rekey());
    CHECK(cipher.nonce() == 7);

    const std::array<std::uint8_t, 12> maxNonce{0,    0,    0,    0,    0xff, 0xff,
                                                0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    const std::array<std::uint8_t, 32> zeros{};
    std::array<std::uint8_t, 48> expected{};
    unsigned long long written = 0;
    crypto_aead_chacha20poly1305_ietf_encrypt(expected.data(), &written, zeros.data(), 32, nullptr,
                                              0, nullptr, maxNonce.data(), key.data());
    const auto k = cipher.keyBufferForTest();
    CHECK(Bytes(k.begin(), k.end()) == Bytes(expected.begin(), expected.begin() + 32));
}

TEST_CASE("The pattern table parses the spec's notation", "[core][noise]") {
    CHECK(HandshakePattern::supportedNames().size() == 35);
    for (const auto name : HandshakePattern::supportedNames()) {
        CAPTURE(name);
        const auto pattern = HandshakePattern::find(name);
        REQUIRE(pattern);
        // Every interactive pattern starts with the initiator's ephemeral
        // and alternates senders.
        REQUIRE(pattern->messages().size() >= 2);
        CHECK(pattern->messages()[0].tokens.front() == NoiseToken::E);
        for (std::size_t i = 0; i < pattern->messages().size(); ++i) {
            CHECK(pattern->messages()[i].sender ==
                  (i % 2 == 0 ? HandshakeRole::Initiator : HandshakeRole::Responder));
        }
    }
    const auto kk = HandshakePattern::find("KK").value();
    CHECK(kk.preMessage(HandshakeRole::Initiator) == std::vector{NoiseToken::S});
    CHECK(kk.preMessage(HandshakeRole::Responder) == std::vector{NoiseToken::S});
    CHECK(kk.messages()[0].tokens == std::vector{NoiseToken::E, NoiseToken::ES, NoiseToken::SS});
    CHECK(kk.messages()[1].tokens == std::vector{NoiseToken::E, NoiseToken::EE, NoiseToken::SE});
    CHECK(kk.needsLocalStatic(HandshakeRole::Initiator));
    CHECK(kk.needsRemoteStaticBefore(HandshakeRole::Responder));
    const auto xx = HandshakePattern::find("XX").value();
    CHECK_FALSE(xx.needsRemoteStaticBefore(HandshakeRole::Initiator));
    CHECK(xx.needsLocalStatic(HandshakeRole::Responder));
    CHECK_FALSE(HandshakePattern::find("NN").value().needsLocalStatic(HandshakeRole::Initiator));
}

TEST_CASE("Protocol names outside what Chive implements are refused with the reason",
          "[core][noise]") {
    CHECK(NoiseProtocol::parse("Noise_KK_25519_ChaChaPoly_BLAKE2b"));
    CHECK(NoiseProtocol::parse("Noise_X1K1_25519_ChaChaPoly_SHA256"));
    const std::vector<std::pair<std::string, std::string>> refused{
        {"Noise_KK_448_ChaChaPoly_BLAKE2b", "DH"},
        {"Noise_KK_25519_AESGCM_BLAKE2b", "cipher"},
        {"Noise_KK_25519_ChaChaPoly_BLAKE2s", "hash"},
        {"Noise_KKpsk0_25519_ChaChaPoly_BLAKE2b", "pattern"},
        {"Noise_N_25519_ChaChaPoly_BLAKE2b", "pattern"},
        {"Noise_KK_25519_ChaChaPoly", "not a Noise"},
        {"Noise_KK_25519_ChaChaPoly_BLAKE2b_extra", "not a Noise"},
        {"Noisy_KK_25519_ChaChaPoly_BLAKE2b", "not a Noise"},
        {"", "not a Noise"},
    };
    for (const auto& [name, reason] : refused) {
        CAPTURE(name);
        const auto parsed = NoiseProtocol::parse(name);
        REQUIRE_FALSE(parsed);
        CHECK(parsed.error().code == ErrorCode::InvalidArgument);
        CHECK(parsed.error().message.find(reason) != std::string::npos);
    }
}

TEST_CASE("A KK handshake agrees on keys and transcript, and needs both static keys",
          "[core][noise]") {
    const auto alice = X25519KeyPair::generate();
    const auto bob = X25519KeyPair::generate();
    auto initiator = kkState(HandshakeRole::Initiator, alice, bob.publicKey());
    auto responder = kkState(HandshakeRole::Responder, bob, alice.publicKey());
    CHECK(initiator.isMyTurn());
    CHECK_FALSE(responder.isMyTurn());

    const auto message1 = initiator.writeMessage(bytesOf("one")).value();
    CHECK(message1.size() == 32 + 3 + 16);
    CHECK(responder.readMessage(message1).value() == bytesOf("one"));
    const auto message2 = responder.writeMessage(bytesOf("two")).value();
    CHECK(initiator.readMessage(message2).value() == bytesOf("two"));
    REQUIRE(initiator.isComplete());
    REQUIRE(responder.isComplete());
    CHECK(Bytes(initiator.handshakeHash().begin(), initiator.handshakeHash().end()) ==
          Bytes(responder.handshakeHash().begin(), responder.handshakeHash().end()));

    auto i = initiator.split().value();
    auto r = responder.split().value();
    const Bytes plaintext = bytesOf("transport");
    Bytes ciphertext(plaintext.size() + 16);
    Bytes out(plaintext.size());
    REQUIRE(i.send.encryptWithAd({}, plaintext, ciphertext));
    REQUIRE(r.receive.decryptWithAd({}, ciphertext, out));
    CHECK(out == plaintext);
    REQUIRE(r.send.encryptWithAd({}, plaintext, ciphertext));
    REQUIRE(i.receive.decryptWithAd({}, ciphertext, out));
    CHECK_FALSE(initiator.split()); // only once

    // KK without the peer's key, or without our own, is refused up front.
    const auto protocol = NoiseProtocol::parse("Noise_KK_25519_ChaChaPoly_BLAKE2b").value();
    const auto missingPeer =
        HandshakeState::create(protocol, HandshakeRole::Initiator, {}, &alice, std::nullopt);
    REQUIRE_FALSE(missingPeer);
    CHECK(missingPeer.error().code == ErrorCode::InvalidArgument);
    const auto missingOwn =
        HandshakeState::create(protocol, HandshakeRole::Initiator, {}, nullptr, bob.publicKey());
    REQUIRE_FALSE(missingOwn);
}

TEST_CASE("A handshake fails cleanly on wrong keys, tampering, truncation and low-order points",
          "[core][noise]") {
    const auto alice = X25519KeyPair::generate();
    const auto bob = X25519KeyPair::generate();
    const auto mallory = X25519KeyPair::generate();
    auto initiator = kkState(HandshakeRole::Initiator, alice, bob.publicKey());
    const auto message1 = initiator.writeMessage(bytesOf("hello")).value();

    SECTION("the responder expects another initiator key") {
        auto responder = kkState(HandshakeRole::Responder, bob, mallory.publicKey());
        const auto read = responder.readMessage(message1);
        REQUIRE_FALSE(read);
        CHECK(read.error().code == ErrorCode::Crypto);
        CHECK_FALSE(responder.writeMessage({})); // the handshake has ended
    }
    SECTION("the initiator addressed another responder key") {
        auto responder = kkState(HandshakeRole::Responder, mallory, alice.publicKey());
        CHECK(responder.readMessage(message1).error().code == ErrorCode::Crypto);
    }
    SECTION("a flipped bit anywhere") {
        for (std::size_t i = 0; i < message1.size(); ++i) {
            auto responder = kkState(HandshakeRole::Responder, bob, alice.publicKey());
            Bytes tampered = message1;
            tampered[i] ^= 0x80;
            CAPTURE(i);
            const auto read = responder.readMessage(tampered);
            REQUIRE_FALSE(read);
            CHECK(read.error().code == ErrorCode::Crypto);
        }
    }
    SECTION("every truncation") {
        for (std::size_t length = 0; length < message1.size(); ++length) {
            auto responder = kkState(HandshakeRole::Responder, bob, alice.publicKey());
            CAPTURE(length);
            const auto read = responder.readMessage(std::span(message1).first(length));
            REQUIRE_FALSE(read);
            CHECK((read.error().code == ErrorCode::Malformed ||
                   read.error().code == ErrorCode::Crypto));
        }
    }
    SECTION("an all-zero (low-order) ephemeral key") {
        auto responder = kkState(HandshakeRole::Responder, bob, alice.publicKey());
        Bytes zeroed = message1;
        std::fill_n(zeroed.begin(), 32, 0);
        const auto read = responder.readMessage(zeroed);
        REQUIRE_FALSE(read);
        CHECK(read.error().code == ErrorCode::Crypto);
    }
    SECTION("a message over 65535 bytes") {
        auto responder = kkState(HandshakeRole::Responder, bob, alice.publicKey());
        const Bytes huge(65536);
        CHECK(responder.readMessage(huge).error().code == ErrorCode::TooLarge);
        auto writer = kkState(HandshakeRole::Initiator, alice, bob.publicKey());
        CHECK(writer.writeMessage(Bytes(65535 - 48 + 1)).error().code == ErrorCode::TooLarge);
    }
}

TEST_CASE("Handshake secrets are wiped on Split and on failure", "[core][noise][wipe]") {
    const auto alice = X25519KeyPair::generate();
    const auto bob = X25519KeyPair::generate();
    auto allZero = [](const HandshakeState& state) {
        for (const auto buffer : state.secretBuffersForTest()) {
            if (buffer.empty() || sodium_is_zero(buffer.data(), buffer.size()) != 1) {
                return false;
            }
        }
        return true;
    };
    auto initiator = kkState(HandshakeRole::Initiator, alice, bob.publicKey());
    auto responder = kkState(HandshakeRole::Responder, bob, alice.publicKey());
    REQUIRE(responder.readMessage(initiator.writeMessage({}).value()));
    REQUIRE(initiator.readMessage(responder.writeMessage({}).value()));
    // ck, k, s and e are all live before Split: four buffers, none zero.
    const auto live = initiator.secretBuffersForTest();
    REQUIRE(live.size() == 4);
    for (const auto buffer : live) {
        CHECK(sodium_is_zero(buffer.data(), buffer.size()) == 0);
    }
    auto ciphers = initiator.split().value();
    CHECK(allZero(initiator));
    // The caller's own key pair is untouched: the state wiped its copy.
    CHECK(sodium_is_zero(alice.secretKey().data(), alice.secretKey().size()) == 0);

    auto failing = kkState(HandshakeRole::Responder, bob, X25519KeyPair::generate().publicKey());
    auto other = kkState(HandshakeRole::Initiator, alice, bob.publicKey());
    REQUIRE_FALSE(failing.readMessage(other.writeMessage({}).value()));
    CHECK(allZero(failing));

    // Transport keys: wipe() zeroes k in place.
    REQUIRE(ciphers.send.hasKey());
    ciphers.send.wipe();
    CHECK_FALSE(ciphers.send.hasKey());
    const auto k = ciphers.send.keyBufferForTest();
    REQUIRE(k.size() == 32);
    CHECK(sodium_is_zero(k.data(), k.size()) == 1);
}

TEST_CASE("X25519 rejects wrong key lengths and all-zero shared secrets", "[core][noise]") {
    CHECK_FALSE(X25519KeyPair::fromSecretKey(Bytes(31)));
    const auto pair = X25519KeyPair::generate();
    std::array<std::uint8_t, 32> out{};
    const X25519PublicKey zero{};
    const auto status = pair.dh(zero, out);
    REQUIRE_FALSE(status);
    CHECK(status.error().code == ErrorCode::Crypto);
    // RFC 7748 section 6.1: Alice's and Bob's keys give the shared secret.
    const auto a =
        X25519KeyPair::fromSecretKey(
            fromHexString("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"))
            .value();
    CHECK(toHexString(a.publicKey()) ==
          "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
    const auto b =
        X25519KeyPair::fromSecretKey(
            fromHexString("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb"))
            .value();
    REQUIRE(a.dh(b.publicKey(), out));
    CHECK(toHexString(out) == "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
}
