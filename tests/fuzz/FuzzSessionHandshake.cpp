// libFuzzer target: the session handshake reader. A responder (fixed keys)
// reads the input as message 1, the first bytes any peer who can reach our
// onion service may send; and an initiator that has sent message 1 reads
// the input as message 2. Beyond not crashing: a failure always has a
// message, and an accepted message 1 must have been made with the keys the
// responder expects (the fuzzer cannot forge one; the seed corpus holds a
// genuine one, so mutations of it exercise every check after the tag).

#include "core/crypto/X25519KeyPair.h"
#include "core/session/SessionHandshake.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

using chive::core::HandshakeRole;
using chive::core::SessionHandshake;
using chive::core::X25519KeyPair;

namespace {

X25519KeyPair fixedPair(std::uint8_t fill) {
    const std::vector<std::uint8_t> secret(32, fill);
    return X25519KeyPair::fromSecretKey(secret).value();
}

template <class R>
void checkFailure(const R& result) {
    if (!result && result.error().message.empty()) {
        std::abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const auto alice = fixedPair(0x01);
    static const auto bob = fixedPair(0x02);
    const std::span<const std::uint8_t> input(data, size);

    auto responder = SessionHandshake::createWithFixedEphemeralForTest(
                         HandshakeRole::Responder, bob, alice.publicKey(),
                         SessionHandshake::kPrologue, fixedPair(0x04))
                         .value();
    const auto reply = responder.respond(input);
    checkFailure(reply);
    if (reply) {
        // Only Alice's key opens Bob's door; the reply must complete.
        if (!responder.complete()) {
            std::abort();
        }
    }

    auto initiator = SessionHandshake::createWithFixedEphemeralForTest(
                         HandshakeRole::Initiator, alice, bob.publicKey(),
                         SessionHandshake::kPrologue, fixedPair(0x03))
                         .value();
    if (!initiator.start()) {
        std::abort();
    }
    const auto finished = initiator.finish(input);
    checkFailure(finished);
    if (finished && !initiator.complete()) {
        std::abort();
    }
    return 0;
}
