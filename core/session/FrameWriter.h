#pragma once

// FrameWriter: encodes Chive frames (doc/protocol.md, "Frames"): a 2-byte
// big-endian length, then the message. Stateless; thread-safe.

#include "core/Result.h"

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace chive::core {

class FrameWriter {
public:
    // Appends the frame of `message` to `out`. InvalidArgument for an empty
    // message, TooLarge for one over FrameReader::kMaxFrameLength; `out` is
    // then unchanged.
    static Status append(std::span<const std::uint8_t> message, std::vector<std::uint8_t>& out);
    // The 2-byte header of a frame of `length` bytes (1..65535, asserted).
    static void writeHeader(std::size_t length, std::span<std::uint8_t, 2> out) noexcept;
};

} // namespace chive::core
