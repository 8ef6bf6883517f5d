// Onion address, onion service key and client-authorization key helpers,
// checked against what Tor itself produces and accepts.

#include "core/Sodium.h"
#include "transport/Base32.h"
#include "transport/ClientAuthKey.h"
#include "transport/ClientAuthPublicKey.h"
#include "transport/OnionAddress.h"
#include "transport/OnionServiceKey.h"
#include "transport/TorKeyFile.h"

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>
#include <sodium.h>

#include <algorithm>

#include "tests/transport/OnionTestSupport.h"

using Catch::Matchers::ContainsSubstring;
using chive::core::ErrorCode;
using chive::testing::fromHex;
using chive::testing::toHex;
using chive::transport::Base32;
using chive::transport::ClientAuthKey;
using chive::transport::ClientAuthPublicKey;
using chive::transport::Ed25519PublicKey;
using chive::transport::OnionAddress;
using chive::transport::OnionServiceKey;
using chive::transport::TorKeyFile;

namespace {

// Golden vectors written by Debian's tor 0.4.9.11 (/usr/bin/tor) on
// 2026-11-21, run once offline with the torrc
//   DisableNetwork 1
//   DataDirectory <tmp>/data
//   SocksPort 0
//   HiddenServiceDir <tmp>/hs
//   HiddenServicePort 80 unix:<tmp>/sock
// and recorded with `xxd -p` of hs/hs_ed25519_secret_key and
// hs/hs_ed25519_public_key, and `cat hs/hostname`.
constexpr std::string_view kTorSecretKeyFile =
    "3d3d206564323535313976312d7365637265743a207479706530203d3d000000"
    "8050a9f19be785c20c5d5683a2d350c43d052706045e24ee06da04789e6abe70"
    "ce010448688d4525dbf944f644c31ed79e0c02fab30f247fbb60cd5d7f5c9b89";
constexpr std::string_view kTorPublicKeyFile =
    "3d3d206564323535313976312d7075626c69633a207479706530203d3d000000"
    "b17536177a453a1340761dd39aa5d0e7e467fd546154ab13117c817f52f41700";
constexpr std::string_view kTorHostname =
    "wf2tmf32iu5bgqdwdxjzvjoq47sgp7kumfkkweyrpsax6uxuc4akhsqd.onion";

// RFC 8032 §7.1 TEST 1: seed and public key. Tor's own test suite
// (src/test/test_hs_common.c, test_build_address) gives this public key's
// onion address.
constexpr std::string_view kRfc8032Seed =
    "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
constexpr std::string_view kRfc8032PublicKey =
    "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
constexpr std::string_view kTorTestSuiteAddress =
    "25njqamcweflpvkl73j4szahhihoc4xt3ktcgjnpaingr5yhkenl5sid";

Ed25519PublicKey publicKeyOf(std::span<const std::uint8_t> bytes) {
    Ed25519PublicKey key{};
    REQUIRE(bytes.size() == key.size());
    std::copy(bytes.begin(), bytes.end(), key.begin());
    return key;
}

std::string asText(const chive::core::SecureBuffer& buffer) {
    return {reinterpret_cast<const char*>(buffer.data()), buffer.size()};
}

std::vector<std::uint8_t> base64Decode(std::string_view text) {
    std::vector<std::uint8_t> bytes(text.size());
    std::size_t length = 0;
    REQUIRE(sodium_base642bin(bytes.data(), bytes.size(), text.data(), text.size(), nullptr,
                              &length, nullptr, sodium_base64_VARIANT_ORIGINAL) == 0);
    bytes.resize(length);
    return bytes;
}

// Re-encodes `address` text with its base32 decoded bytes changed by `edit`.
std::string editAddress(std::string_view address, void (*edit)(std::vector<std::uint8_t>&)) {
    std::vector<std::uint8_t> raw(35);
    REQUIRE(Base32::decode(address.substr(0, 56), raw));
    edit(raw);
    return Base32::encode(raw) + ".onion";
}

} // namespace

TEST_CASE("Address from Tor's public key equals Tor's hostname", "[transport][onion]") {
    const auto publicFile = fromHex(kTorPublicKeyFile);
    const auto publicKey = TorKeyFile::parsePublicKey(publicFile);
    REQUIRE(publicKey);
    CHECK(OnionAddress::fromPublicKey(*publicKey).toString() == kTorHostname);
    CHECK(TorKeyFile::encodePublicKey(*publicKey) == publicFile);

    const auto parsed = OnionAddress::parse(kTorHostname);
    REQUIRE(parsed);
    CHECK(parsed->publicKey() == *publicKey);
    CHECK(parsed->serviceId() == kTorHostname.substr(0, 56));
}

TEST_CASE("Tor's expanded secret key gives Tor's public key", "[transport][onion]") {
    const auto secretFile = fromHex(kTorSecretKeyFile);
    const auto publicFile = fromHex(kTorPublicKeyFile);
    const auto expectedPublic = publicKeyOf(std::span<const std::uint8_t>(publicFile).subspan(32));

    // Straight from libsodium, independent of OnionServiceKey.
    chive::core::ensureSodium();
    Ed25519PublicKey derived{};
    REQUIRE(crypto_scalarmult_ed25519_base_noclamp(derived.data(), secretFile.data() + 32) == 0);
    CHECK(derived == expectedPublic);

    const auto key = TorKeyFile::parseSecretKey(secretFile);
    REQUIRE(key);
    CHECK(key->publicKey() == expectedPublic);
    CHECK(key->address().toString() == kTorHostname);
    const auto reencoded = TorKeyFile::encodeSecretKey(*key);
    CHECK(toHex(reencoded.span()) == kTorSecretKeyFile);
}

TEST_CASE("Seed expands to the key and address Tor computes", "[transport][onion]") {
    const auto seed = fromHex(kRfc8032Seed);
    const auto key = OnionServiceKey::fromSeed(seed);
    REQUIRE(key);
    CHECK(toHex(key->publicKey()) == kRfc8032PublicKey);
    CHECK(key->address().serviceId() == kTorTestSuiteAddress);

    // Expanded form: SHA-512 of the seed with the first half clamped, as
    // Tor's ed25519_secret_key_from_seed.
    std::array<std::uint8_t, 64> hash{};
    crypto_hash_sha512(hash.data(), seed.data(), seed.size());
    hash[0] &= 248;
    hash[31] &= 127;
    hash[31] |= 64;
    CHECK(toHex(key->expandedSecretKey()) == toHex(hash));

    // seed -> expanded -> public is consistent with loading the expanded key.
    const auto reloaded = OnionServiceKey::fromExpanded(key->expandedSecretKey());
    REQUIRE(reloaded);
    CHECK(reloaded->publicKey() == key->publicKey());
}

TEST_CASE("Generated service keys are distinct and self-consistent", "[transport][onion]") {
    const auto first = OnionServiceKey::generate();
    const auto second = OnionServiceKey::generate();
    CHECK(first.publicKey() != second.publicKey());
    const auto reloaded = OnionServiceKey::fromExpanded(first.expandedSecretKey());
    REQUIRE(reloaded);
    CHECK(reloaded->address() == first.address());
    const auto parsed = OnionAddress::parse(first.address().toString());
    REQUIRE(parsed);
    CHECK(*parsed == first.address());
}

TEST_CASE("ADD_ONION key blob is ED25519-V3 with the padded base64 expanded key",
          "[transport][onion]") {
    const auto key = TorKeyFile::parseSecretKey(fromHex(kTorSecretKeyFile));
    REQUIRE(key);
    const std::string blob = asText(key->addOnionKeyBlob());
    REQUIRE(blob.rfind("ED25519-V3:", 0) == 0);
    CHECK(blob.size() == 11 + 88);
    CHECK(blob.substr(blob.size() - 2) == "==");
    CHECK(toHex(base64Decode(std::string_view(blob).substr(11))) == kTorSecretKeyFile.substr(64));
}

TEST_CASE("Bad expanded keys and key files are refused", "[transport][onion]") {
    auto secret = fromHex(kTorSecretKeyFile);
    SECTION("wrong size") {
        CHECK(OnionServiceKey::fromExpanded(std::span(secret).subspan(33)).error().code ==
              ErrorCode::Malformed);
        CHECK(OnionServiceKey::fromSeed(std::span(secret).first(31)).error().code ==
              ErrorCode::InvalidArgument);
        CHECK(TorKeyFile::parseSecretKey(std::span(secret).first(95)).error().code ==
              ErrorCode::Malformed);
    }
    SECTION("unclamped scalar") {
        secret[32] |= 1;
        const auto key = OnionServiceKey::fromExpanded(std::span(secret).subspan(32));
        REQUIRE_FALSE(key);
        CHECK_THAT(key.error().message, ContainsSubstring("clamped"));
    }
    SECTION("public key file given as secret key file") {
        auto file = fromHex(kTorPublicKeyFile);
        file.resize(96);
        const auto key = TorKeyFile::parseSecretKey(file);
        REQUIRE_FALSE(key);
        CHECK_THAT(key.error().message, ContainsSubstring("ed25519v1-secret"));
    }
}

TEST_CASE("Onion address parsing accepts Tor's forms", "[transport][onion]") {
    const std::string bare(kTorHostname.substr(0, 56));
    std::string upper(kTorHostname);
    std::transform(upper.begin(), upper.end(), upper.begin(),
                   [](char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c; });
    for (const std::string& text : {std::string(kTorHostname), bare, upper}) {
        const auto parsed = OnionAddress::parse(text);
        REQUIRE(parsed);
        CHECK(parsed->toString() == kTorHostname);
    }
}

TEST_CASE("Onion address parsing gives precise errors", "[transport][onion]") {
    auto messageFor = [](std::string_view text) {
        const auto parsed = OnionAddress::parse(text);
        REQUIRE_FALSE(parsed);
        CHECK(parsed.error().code == ErrorCode::Malformed);
        return parsed.error().message;
    };
    const std::string good(kTorHostname);

    CHECK_THAT(messageFor(""), ContainsSubstring("has 0 characters"));
    CHECK_THAT(messageFor(good.substr(1)), ContainsSubstring("has 55 characters"));
    CHECK_THAT(messageFor("a" + good), ContainsSubstring("has 57 characters"));
    // A v2 address (16 characters).
    CHECK_THAT(messageFor("expyuzz4wqqyqhjn.onion"), ContainsSubstring("has 16 characters"));
    CHECK_THAT(messageFor(good.substr(0, 56) + ".onion."), ContainsSubstring("characters"));

    std::string badChar = good;
    badChar[10] = '1';
    CHECK_THAT(messageFor(badChar), ContainsSubstring("not valid base32"));
    badChar[10] = '=';
    CHECK_THAT(messageFor(badChar), ContainsSubstring("character 11"));

    std::string typo = good;
    typo[20] = typo[20] == 'a' ? 'b' : 'a';
    CHECK_THAT(messageFor(typo), ContainsSubstring("checksum"));

    const std::string version4 =
        editAddress(kTorHostname, [](std::vector<std::uint8_t>& raw) { raw[34] = 4; });
    CHECK_THAT(messageFor(version4), ContainsSubstring("version 4"));

    // A correctly checksummed address whose key is a point of small order
    // (the identity, encoded as 1 followed by zeros): Tor refuses it.
    Ed25519PublicKey identity{};
    identity[0] = 1;
    const std::string smallOrder = OnionAddress::fromPublicKey(identity).toString();
    CHECK_THAT(messageFor(smallOrder), ContainsSubstring("not hold a valid ed25519"));
}

TEST_CASE("Client authorization keys in Tor's encodings", "[transport][onion][clientauth]") {
    const auto key = ClientAuthKey::generate();
    const std::string base32 = key.publicKey().toBase32();
    CHECK(base32.size() == ClientAuthPublicKey::kBase32Length);
    const auto parsed = ClientAuthPublicKey::parseBase32(base32);
    REQUIRE(parsed);
    CHECK(*parsed == key.publicKey());
    CHECK(key.publicKey().authorizedClientsLine() == "descriptor:x25519:" + base32);

    // The public key is the x25519 base-point multiple of the private key.
    std::array<std::uint8_t, 32> expected{};
    REQUIRE(crypto_scalarmult_base(expected.data(), key.privateKey().data()) == 0);
    CHECK(expected == key.publicKey().bytes());

    const std::string blob = asText(key.onionClientAuthAddBlob());
    REQUIRE(blob.rfind("x25519:", 0) == 0);
    CHECK(blob.size() == 7 + 44);
    CHECK(toHex(base64Decode(std::string_view(blob).substr(7))) == toHex(key.privateKey()));

    const auto service = OnionAddress::parse(kTorHostname);
    REQUIRE(service);
    const std::string line = asText(key.authPrivateFileLine(*service));
    CHECK(line == std::string(kTorHostname.substr(0, 56)) +
                      ":descriptor:x25519:" + Base32::encode(key.privateKey()));

    const auto reloaded = ClientAuthKey::fromPrivateKey(key.privateKey());
    REQUIRE(reloaded);
    CHECK(reloaded->publicKey() == key.publicKey());
}

TEST_CASE("Bad client authorization keys are refused", "[transport][onion][clientauth]") {
    const std::string good = ClientAuthKey::generate().publicKey().toBase32();
    CHECK(ClientAuthPublicKey::parseBase32(good.substr(1)).error().code == ErrorCode::Malformed);
    std::string badChar = good;
    badChar[3] = '8';
    CHECK(ClientAuthPublicKey::parseBase32(badChar).error().code == ErrorCode::Malformed);
    // 52 characters carry 260 bits; the last 4 must be zero.
    std::string padding = good;
    padding.back() = 'b';
    const auto withPadding = ClientAuthPublicKey::parseBase32(padding);
    REQUIRE_FALSE(withPadding);
    CHECK_THAT(withPadding.error().message, ContainsSubstring("padding bits"));
    CHECK(ClientAuthPublicKey::parseBase32(std::string(52, 'a')).error().code ==
          ErrorCode::InvalidArgument);

    const std::array<std::uint8_t, 32> zeros{};
    CHECK(ClientAuthKey::fromPrivateKey(zeros).error().code == ErrorCode::InvalidArgument);
    CHECK(ClientAuthKey::fromPrivateKey(std::span(zeros).first(31)).error().code ==
          ErrorCode::InvalidArgument);
}

TEST_CASE("Base32 matches RFC 4648 test vectors in lowercase", "[transport][onion]") {
    auto bytes = [](std::string_view text) {
        return std::vector<std::uint8_t>(text.begin(), text.end());
    };
    CHECK(Base32::encode(bytes("")).empty());
    CHECK(Base32::encode(bytes("f")) == "my");
    CHECK(Base32::encode(bytes("fo")) == "mzxq");
    CHECK(Base32::encode(bytes("foo")) == "mzxw6");
    CHECK(Base32::encode(bytes("foob")) == "mzxw6yq");
    CHECK(Base32::encode(bytes("fooba")) == "mzxw6ytb");
    CHECK(Base32::encode(bytes("foobar")) == "mzxw6ytboi");
    std::vector<std::uint8_t> out(6);
    REQUIRE(Base32::decode("MZXW6YTBOI", out));
    CHECK(out == bytes("foobar"));
}
