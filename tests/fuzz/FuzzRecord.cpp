// libFuzzer target: the record parser reads decrypted plaintext from the
// peer, and SessionCipher::open reads the frame body before it. Beyond not
// crashing, checks the parser's contract: an accepted record has a body
// inside the input, a size-class length and zero padding, and re-encoding
// its body gives a record that parses to the same type and body. The input
// is also fed, as a frame body, to open() of a session with fixed keys.

#include "core/crypto/TransportCiphers.h"
#include "core/crypto/X25519KeyPair.h"
#include "core/session/Record.h"
#include "core/session/SessionCipher.h"
#include "core/session/SessionHandshake.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

using chive::core::HandshakeRole;
using chive::core::Record;
using chive::core::SessionCipher;
using chive::core::SessionHandshake;
using chive::core::TransportCiphers;
using chive::core::X25519KeyPair;

namespace {

X25519KeyPair fixedPair(std::uint8_t fill) {
    const std::vector<std::uint8_t> secret(32, fill);
    return X25519KeyPair::fromSecretKey(secret).value();
}

// The responder's receiving key after a fixed handshake, computed once.
// Each input gets a fresh CipherState with it (nonce 0), so a run does not
// depend on the inputs before it.
const std::vector<std::uint8_t>& receiveKey() {
    static const std::vector<std::uint8_t> key = [] {
        const auto alice = fixedPair(0x01);
        const auto bob = fixedPair(0x02);
        auto initiator = SessionHandshake::createWithFixedEphemeralForTest(
                             HandshakeRole::Initiator, alice, bob.publicKey(),
                             SessionHandshake::kPrologue, fixedPair(0x03))
                             .value();
        auto responder = SessionHandshake::createWithFixedEphemeralForTest(
                             HandshakeRole::Responder, bob, alice.publicKey(),
                             SessionHandshake::kPrologue, fixedPair(0x04))
                             .value();
        const auto message2 = responder.respond(initiator.start().value()).value();
        if (!initiator.finish(message2)) {
            std::abort();
        }
        const auto keys = responder.complete().value();
        const auto bytes = keys.ciphers.receive.keyBufferForTest();
        return std::vector<std::uint8_t>(bytes.begin(), bytes.end());
    }();
    return key;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::span<const std::uint8_t> input(data, size);
    const auto parsed = Record::parseView(input);
    if (parsed) {
        const std::size_t capacity = size - Record::kHeaderLength;
        if (std::find(Record::kSizeClasses.begin(), Record::kSizeClasses.end(), capacity) ==
                Record::kSizeClasses.end() ||
            parsed->body.size() > capacity || parsed->body.data() != data + 3) {
            std::abort();
        }
        const auto again = Record::encode(parsed->type, parsed->body);
        if (!again) {
            std::abort();
        }
        const auto reparsed = Record::parse(*again);
        if (!reparsed || reparsed->type != parsed->type ||
            !std::equal(reparsed->body.begin(), reparsed->body.end(), parsed->body.begin(),
                        parsed->body.end())) {
            std::abort();
        }
    } else if (parsed.error().message.empty()) {
        std::abort();
    }

    // open() must fail on anything not sealed by the fixed sender for nonce
    // 0 (the seed corpus has one that is), without reading outside the input.
    TransportCiphers ciphers;
    ciphers.send.initializeKey(receiveKey());
    ciphers.receive.initializeKey(receiveKey());
    SessionCipher receiver(std::move(ciphers));
    std::vector<std::uint8_t> message(input.begin(), input.end());
    const auto opened = receiver.open(message);
    if (opened && (opened->body.data() < message.data() ||
                   opened->body.data() + opened->body.size() > message.data() + message.size())) {
        std::abort();
    }
    return 0;
}
