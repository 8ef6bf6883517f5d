#pragma once

// MessageRecord: the body of a MESSAGE record (type 0x10; doc/protocol.md,
// "Delivery"):
//
//   offset 0   8 bytes  message id, unsigned big-endian, 1 .. 2^63-1
//   offset 8   8 bytes  the sender's clock when it wrote the message:
//                       milliseconds since 1970-01-01 UTC, signed
//                       (two's complement) big-endian
//   offset 16  N bytes  the text: UTF-8 without NUL, 1 <= N <= kMaxTextLength
//
// The id is the sender's MessageRepository id: unique per contact and
// direction, increasing in the order the sender wrote its messages. The
// text's length is the record body's length minus 16; kMaxTextLength makes
// the largest message exactly one record of the largest size class.
//
// parse() treats its input as hostile (every length checked, nothing thrown).
// A value; thread-safe to share.

#include "core/Result.h"
#include "core/StrongId.h"
#include "core/session/Record.h"
#include "core/store/Timestamp.h"

#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace chive::core {

struct MessageRecord {
    static constexpr std::size_t kHeaderLength = 16;
    static constexpr std::size_t kMaxTextLength = Record::kMaxBodyLength - kHeaderLength; // 65500
    // Ids fit SQLite's signed 64-bit integers.
    static constexpr std::uint64_t kMaxId =
        static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());

    MessageId id;
    Timestamp sentAt;
    std::string text;

    // Whether `text` can be sent: InvalidArgument (empty, a NUL, invalid
    // UTF-8: the message names the byte offset) or TooLarge (over
    // kMaxTextLength bytes). The engine checks text before storing it.
    static Status checkText(std::string_view text);

    // InvalidArgument for an id of 0 or above kMaxId; checkText's errors.
    [[nodiscard]] Result<std::vector<std::uint8_t>> encode() const;

    // Errors: Malformed (shorter than 17 bytes, id 0 or above kMaxId, text
    // with NUL or invalid UTF-8), TooLarge (text over kMaxTextLength).
    static Result<MessageRecord> parse(std::span<const std::uint8_t> body);

    friend bool operator==(const MessageRecord&, const MessageRecord&) = default;
};

} // namespace chive::core
