#pragma once

// Record: the plaintext of one Noise transport message after the session
// handshake (doc/protocol.md, "Records"):
//
//   type (1 byte) | body length (2 bytes, big-endian) | body | zero padding
//
// padded so that body + padding is exactly one of kSizeClasses, which hides
// a body's length up to its class. Encoders use the smallest class that
// fits; parse() accepts any class the body fits in.
//
// parse() treats its input as hostile: every length is checked before it is
// used, nothing is read out of bounds, nothing throws; a plaintext that is
// not exactly 3 + a size class, a body length beyond its class, or a
// nonzero padding byte is Malformed.
//
// A value; thread-safe to share.

#include "core/Result.h"
#include "core/session/RecordType.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace chive::core {

// A record whose body still lies in the buffer it was parsed from.
struct RecordView {
    RecordType type = RecordType::Ping;
    std::span<const std::uint8_t> body;
};

struct Record {
    static constexpr std::size_t kHeaderLength = 3;
    // Body capacities. The largest makes a record's ciphertext exactly
    // 65535 bytes (3 + 65516 + 16), Noise's maximum message.
    static constexpr std::array<std::size_t, 5> kSizeClasses{256, 1024, 4096, 16384, 65516};
    static constexpr std::size_t kMaxBodyLength = kSizeClasses.back();

    RecordType type = RecordType::Ping;
    std::vector<std::uint8_t> body;

    // kHeaderLength + the smallest class holding `bodyLength` bytes; TooLarge
    // above kMaxBodyLength.
    static Result<std::size_t> paddedLength(std::size_t bodyLength);

    // Writes the padded record into `out`, whose size must be
    // paddedLength(body.size()) (asserted).
    static void encodeInto(RecordType type, std::span<const std::uint8_t> body,
                           std::span<std::uint8_t> out) noexcept;
    // The padded record as a new buffer. TooLarge as paddedLength.
    static Result<std::vector<std::uint8_t>> encode(RecordType type,
                                                    std::span<const std::uint8_t> body);

    // The record in a decrypted plaintext; the view points into `plaintext`.
    static Result<RecordView> parseView(std::span<const std::uint8_t> plaintext);
    // The same, with the body copied out.
    static Result<Record> parse(std::span<const std::uint8_t> plaintext);
};

} // namespace chive::core
