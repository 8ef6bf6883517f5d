// libFuzzer target: the records a peer sends in the contact exchange. The
// input is a sequence of records, each type (1 byte), length (2 bytes,
// big-endian) and body, fed to an ExchangeReader with fixed keys, as
// ContactExchange feeds it what Session::receive() returns. Beyond not
// crashing, checks the reader's contract: after a refusal it accepts
// nothing more, it completes only after a bundle arrived, and every refusal
// says why. The seed corpus holds a whole valid exchange.

#include "core/protocol/ContactBundle.h"
#include "core/protocol/ExchangeReader.h"
#include "core/session/RecordType.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <numeric>
#include <span>

using chive::core::ContactBundle;
using chive::core::ExchangeReader;
using chive::core::HandshakeRole;
using chive::core::RecordType;

namespace {

// The responder of the golden vectors in tests/core/ProtocolTestVectors.h:
// Bob's static key, RFC 8032 TEST 2's service key, Alice's client-auth key.
ContactBundle ownBundle() {
    ContactBundle bundle;
    constexpr std::array<std::uint8_t, 32> bob{0xde, 0x9e, 0xdb, 0x7d, 0x7b, 0x7d, 0xc1, 0xb4,
                                               0xd3, 0x5b, 0x61, 0xc2, 0xec, 0xe4, 0x35, 0x37,
                                               0x3f, 0x83, 0x43, 0xc8, 0x5b, 0x78, 0x67, 0x4d,
                                               0xad, 0xfc, 0x7e, 0x14, 0x6f, 0x88, 0x2b, 0x4f};
    constexpr std::array<std::uint8_t, 32> service{0x3d, 0x40, 0x17, 0xc3, 0xe8, 0x43, 0x89, 0x5a,
                                                   0x92, 0xb7, 0x0a, 0xa7, 0x4d, 0x1b, 0x7e, 0xbc,
                                                   0x9c, 0x98, 0x2c, 0xcf, 0x2e, 0xc4, 0x96, 0x8c,
                                                   0xc0, 0xcd, 0x55, 0xf1, 0x2a, 0xf4, 0x66, 0x0c};
    constexpr std::array<std::uint8_t, 32> alice{0x85, 0x20, 0xf0, 0x09, 0x89, 0x30, 0xa7, 0x54,
                                                 0x74, 0x8b, 0x7d, 0xdc, 0xb4, 0x3e, 0xf7, 0x5a,
                                                 0x0d, 0xbf, 0x3a, 0x0d, 0x26, 0x38, 0x1a, 0xf4,
                                                 0xeb, 0xa4, 0xa9, 0x8e, 0xaa, 0x9b, 0x4e, 0x6a};
    bundle.staticKey = bob;
    bundle.serviceKey = service;
    bundle.clientAuthKey = alice;
    return bundle;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // The golden rendezvous secret; handshake hash 00 01 .. 3f.
    static constexpr std::array<std::uint8_t, 32> kSecret{
        0xb3, 0xd7, 0x10, 0x41, 0x93, 0x9f, 0x5f, 0x97, 0xf2, 0x6e, 0xbc,
        0xa1, 0x20, 0xc5, 0xd5, 0x94, 0xb9, 0xab, 0xe0, 0x44, 0xab, 0x65,
        0x84, 0xa2, 0x61, 0xda, 0xe8, 0xf3, 0x1e, 0x08, 0x53, 0x89};
    std::array<std::uint8_t, 64> hash{};
    std::iota(hash.begin(), hash.end(), std::uint8_t{0});
    static const ContactBundle kOwn = ownBundle();
    auto reader = ExchangeReader::create(HandshakeRole::Responder, kSecret, hash, kOwn);
    if (!reader) {
        std::abort();
    }
    const std::span<const std::uint8_t> input(data, size);
    std::size_t offset = 0;
    bool failed = false;
    while (size - offset >= 3) {
        const auto type = static_cast<RecordType>(input[offset]);
        const std::size_t length =
            (static_cast<std::size_t>(input[offset + 1]) << 8U) | input[offset + 2];
        offset += 3;
        if (length > size - offset) {
            break;
        }
        const auto step = reader->onRecord(type, input.subspan(offset, length));
        offset += length;
        if (failed && step) {
            std::abort(); // a failed reader must refuse everything
        }
        if (!step) {
            if (step.error().message.empty()) {
                std::abort();
            }
            failed = true;
            continue;
        }
        if (*step == ExchangeReader::Step::Done &&
            (!reader->hasPeerBundle() || !reader->isComplete())) {
            std::abort();
        }
        if (*step == ExchangeReader::Step::SendConfirm && !reader->hasPeerBundle()) {
            std::abort();
        }
    }
    return 0;
}
