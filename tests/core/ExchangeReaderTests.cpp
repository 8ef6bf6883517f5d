// The contact exchange's rules without I/O: the golden CONFIRM, two readers
// that complete with each other, and every record out of place refused.

#include "core/protocol/ContactBundle.h"
#include "core/protocol/ContactKeys.h"
#include "core/protocol/ExchangeReader.h"

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include <numeric>
#include <vector>

#include "tests/core/LinkTestVectors.h"
#include "tests/core/ProtocolTestVectors.h"

using Catch::Matchers::ContainsSubstring;
using chive::core::ContactBundle;
using chive::core::ContactKeys;
using chive::core::ErrorCode;
using chive::core::ExchangeReader;
using chive::core::HandshakeRole;
using chive::core::RecordType;
using Step = chive::core::ExchangeReader::Step;
using namespace chive::testing;

namespace {

std::vector<std::uint8_t> handshakeHash() {
    std::vector<std::uint8_t> hash(64);
    std::iota(hash.begin(), hash.end(), std::uint8_t{0});
    return hash;
}

struct Pair {
    ExchangeReader initiator;
    ExchangeReader responder;
};

Pair goldenPair() {
    const auto secret = bytesFromHex(kRendezvousSecret);
    const auto hash = handshakeHash();
    auto initiator =
        ExchangeReader::create(HandshakeRole::Initiator, secret, hash,
                               ContactBundle::parse(bytesFromHex(kInitiatorBundle)).value());
    auto responder =
        ExchangeReader::create(HandshakeRole::Responder, secret, hash,
                               ContactBundle::parse(bytesFromHex(kResponderBundle)).value());
    REQUIRE(initiator);
    REQUIRE(responder);
    return Pair{std::move(*initiator), std::move(*responder)};
}

} // namespace

TEST_CASE("CONFIRM is the golden keyed BLAKE2b of role, hash and both bundles",
          "[core][exchange]") {
    const auto secret = bytesFromHex(kRendezvousSecret);
    const auto initiatorBundle = bytesFromHex(kInitiatorBundle);
    const auto responderBundle = bytesFromHex(kResponderBundle);
    CHECK(hexOf(ExchangeReader::computeConfirm(secret, HandshakeRole::Initiator, handshakeHash(),
                                               initiatorBundle, responderBundle)) ==
          kInitiatorConfirm);
    CHECK(hexOf(ExchangeReader::computeConfirm(secret, HandshakeRole::Responder, handshakeHash(),
                                               initiatorBundle, responderBundle)) ==
          kResponderConfirm);
}

TEST_CASE("two readers complete the exchange with each other's bundles", "[core][exchange]") {
    auto [initiator, responder] = goldenPair();
    CHECK(hexOf(initiator.ownBundleBytes()) == kInitiatorBundle);

    auto step = responder.onRecord(RecordType::ExchangeBundle, initiator.ownBundleBytes());
    REQUIRE(step);
    CHECK(*step == Step::SendConfirm);
    CHECK(hexOf(responder.confirm()) == kResponderConfirm);
    step = initiator.onRecord(RecordType::ExchangeBundle, responder.ownBundleBytes());
    REQUIRE(step);
    CHECK(*step == Step::SendConfirm);
    CHECK(hexOf(initiator.confirm()) == kInitiatorConfirm);
    CHECK_FALSE(initiator.isComplete());

    step = initiator.onRecord(RecordType::ExchangeConfirm, responder.confirm());
    REQUIRE(step);
    CHECK(*step == Step::Done);
    step = responder.onRecord(RecordType::ExchangeConfirm, initiator.confirm());
    REQUIRE(step);
    CHECK(*step == Step::Done);
    CHECK(initiator.isComplete());
    CHECK(responder.isComplete());
    CHECK(hexOf(initiator.peerBundleBytes()) == kResponderBundle);
    CHECK(hexOf(responder.peerBundleBytes()) == kInitiatorBundle);
    CHECK(initiator.peerBundle().staticKey == keyFromHex(kBobPublic));

    // Nothing may follow.
    step = initiator.onRecord(RecordType::ExchangeConfirm, responder.confirm());
    REQUIRE_FALSE(step);
    CHECK(step.error().code == ErrorCode::Malformed);
}

TEST_CASE("a confirmation of anything else is refused in constant time", "[core][exchange]") {
    SECTION("a flipped bit anywhere") {
        for (std::size_t bit = 0; bit < 256; ++bit) {
            auto [initiator, responder] = goldenPair();
            REQUIRE(initiator.onRecord(RecordType::ExchangeBundle, responder.ownBundleBytes()));
            auto confirm = bytesFromHex(kResponderConfirm);
            confirm[bit / 8] ^= static_cast<std::uint8_t>(1U << (bit % 8));
            const auto step = initiator.onRecord(RecordType::ExchangeConfirm, confirm);
            REQUIRE_FALSE(step);
            CHECK(step.error().code == ErrorCode::Crypto);
        }
    }
    SECTION("our own confirmation reflected") {
        auto [initiator, responder] = goldenPair();
        REQUIRE(initiator.onRecord(RecordType::ExchangeBundle, responder.ownBundleBytes()));
        const auto step = initiator.onRecord(RecordType::ExchangeConfirm, initiator.confirm());
        REQUIRE_FALSE(step);
        CHECK(step.error().code == ErrorCode::Crypto);
    }
    SECTION("another session's handshake hash") {
        auto [initiator, responder] = goldenPair();
        REQUIRE(initiator.onRecord(RecordType::ExchangeBundle, responder.ownBundleBytes()));
        auto otherHash = handshakeHash();
        otherHash[63] ^= 1;
        const auto forged = ExchangeReader::computeConfirm(
            bytesFromHex(kRendezvousSecret), HandshakeRole::Responder, otherHash,
            bytesFromHex(kInitiatorBundle), bytesFromHex(kResponderBundle));
        CHECK(initiator.onRecord(RecordType::ExchangeConfirm, forged).error().code ==
              ErrorCode::Crypto);
    }
    SECTION("the wrong length") {
        auto [initiator, responder] = goldenPair();
        REQUIRE(initiator.onRecord(RecordType::ExchangeBundle, responder.ownBundleBytes()));
        auto confirm = bytesFromHex(kResponderConfirm);
        confirm.push_back(0);
        CHECK(initiator.onRecord(RecordType::ExchangeConfirm, confirm).error().code ==
              ErrorCode::Malformed);
    }
}

TEST_CASE("records out of place end the exchange", "[core][exchange]") {
    auto [initiator, responder] = goldenPair();
    SECTION("CONFIRM before BUNDLE") {
        const auto step =
            initiator.onRecord(RecordType::ExchangeConfirm, bytesFromHex(kResponderConfirm));
        REQUIRE_FALSE(step);
        CHECK(step.error().code == ErrorCode::Malformed);
        // A failed reader refuses even a correct record afterwards.
        CHECK_FALSE(initiator.onRecord(RecordType::ExchangeBundle, responder.ownBundleBytes()));
    }
    SECTION("a second BUNDLE") {
        REQUIRE(initiator.onRecord(RecordType::ExchangeBundle, responder.ownBundleBytes()));
        const auto step =
            initiator.onRecord(RecordType::ExchangeBundle, responder.ownBundleBytes());
        REQUIRE_FALSE(step);
        CHECK_THAT(step.error().message, ContainsSubstring("twice"));
    }
    SECTION("a delivery record") {
        const auto step = initiator.onRecord(RecordType::Message, std::vector<std::uint8_t>(20));
        REQUIRE_FALSE(step);
        CHECK(step.error().code == ErrorCode::Malformed);
    }
    SECTION("an unknown mandatory type") {
        CHECK(initiator.onRecord(static_cast<RecordType>(0x55), {}).error().code ==
              ErrorCode::Malformed);
    }
    SECTION("an unknown optional type is skipped") {
        const auto step = initiator.onRecord(static_cast<RecordType>(0xA0), {});
        REQUIRE(step);
        CHECK(*step == Step::Ignored);
        CHECK(initiator.onRecord(RecordType::ExchangeBundle, responder.ownBundleBytes()));
    }
    SECTION("a malformed bundle keeps the parser's reason") {
        auto bytes = bytesFromHex(kResponderBundle);
        bytes.resize(50);
        const auto step = initiator.onRecord(RecordType::ExchangeBundle, bytes);
        REQUIRE_FALSE(step);
        CHECK(step.error().code == ErrorCode::Malformed);
        CHECK_FALSE(initiator.hasPeerBundle());
    }
}

TEST_CASE("a bundle that repeats one of our keys is refused", "[core][exchange]") {
    const auto keys = ContactKeys::generate();
    const auto other = ContactKeys::generate();
    const auto hash = handshakeHash();
    const auto secret = bytesFromHex(kRendezvousSecret);
    for (int field = 0; field < 4; ++field) {
        auto reader =
            ExchangeReader::create(HandshakeRole::Initiator, secret, hash, keys.bundle()).value();
        ContactBundle peer = other.bundle();
        if (field == 0) {
            peer = keys.bundle(); // reflected whole
        } else if (field == 1) {
            peer.staticKey = keys.bundle().staticKey;
        } else if (field == 2) {
            peer.serviceKey = keys.bundle().serviceKey;
        } else {
            peer.clientAuthKey = keys.bundle().clientAuthKey;
        }
        const auto step = reader.onRecord(RecordType::ExchangeBundle, peer.encode());
        REQUIRE_FALSE(step);
        CHECK(step.error().code == ErrorCode::Crypto);
    }
}

TEST_CASE("a reader needs a 32-byte secret and a handshake hash", "[core][exchange]") {
    const auto bundle = ContactKeys::generate().bundle();
    CHECK(ExchangeReader::create(HandshakeRole::Initiator, std::vector<std::uint8_t>(31),
                                 handshakeHash(), bundle)
              .error()
              .code == ErrorCode::InvalidArgument);
    CHECK(
        ExchangeReader::create(HandshakeRole::Initiator, std::vector<std::uint8_t>(32), {}, bundle)
            .error()
            .code == ErrorCode::InvalidArgument);
}
