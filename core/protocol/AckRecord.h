#pragma once

// AckRecord: the body of an ACK record (type 0x11; doc/protocol.md,
// "Delivery"): the 8-byte big-endian id of a MESSAGE the sender of the ACK
// has committed to its store. Exactly 8 bytes; ids 1 .. 2^63-1 as in
// MessageRecord. A value; parse() treats its input as hostile.

#include "core/Result.h"
#include "core/StrongId.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace chive::core {

struct AckRecord {
    static constexpr std::size_t kLength = 8;

    MessageId id;

    // InvalidArgument for an id of 0 or above MessageRecord::kMaxId.
    [[nodiscard]] Result<std::array<std::uint8_t, kLength>> encode() const;
    // Malformed unless exactly 8 bytes with an id in range.
    static Result<AckRecord> parse(std::span<const std::uint8_t> body);

    friend bool operator==(const AckRecord&, const AckRecord&) = default;
};

} // namespace chive::core
