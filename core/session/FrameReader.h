#pragma once

// FrameReader: splits a byte stream into Chive frames (doc/protocol.md,
// "Frames"): a 2-byte big-endian length L, then L bytes, 1 <= L <= the
// reader's maximum (at most kMaxFrameLength = 65535, Noise's message limit).
//
// Bytes may arrive in chunks of any size, split anywhere; consume() takes
// what it can and says how much it took. The length is checked against the
// maximum before the frame's buffer is allocated, so a peer can make the
// reader hold at most one maximum-size frame. After an error the reader
// stays failed: every later consume() returns the same error.
//
// Not thread-safe: one reader thread.

#include "core/Result.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace chive::core {

class FrameReader {
public:
    static constexpr std::size_t kHeaderLength = 2;
    static constexpr std::size_t kMaxFrameLength = 65535;

    explicit FrameReader(std::size_t maxFrameLength = kMaxFrameLength);

    // Lowers or raises the limit for frames whose header has not been read
    // yet (the session handshake uses a smaller one). Capped at
    // kMaxFrameLength.
    void setMaxFrameLength(std::size_t maxFrameLength) noexcept;
    [[nodiscard]] std::size_t maxFrameLength() const noexcept { return m_maxFrameLength; }

    // Takes bytes from the front of `input` until a frame is complete or the
    // input is used up, and returns how many it took (all of them, unless a
    // frame completed first). Takes nothing while a completed frame waits
    // in takeFrame(). Errors: Malformed (a zero length), TooLarge (a length
    // over the maximum).
    Result<std::size_t> consume(std::span<const std::uint8_t> input);

    [[nodiscard]] bool hasFrame() const noexcept { return m_complete; }
    // The completed frame's body; the reader then starts on the next one.
    // Empty if there is none.
    std::vector<std::uint8_t> takeFrame();

    // Bytes of an incomplete frame held (header included).
    [[nodiscard]] std::size_t pendingBytes() const noexcept;

private:
    std::size_t m_maxFrameLength;
    std::array<std::uint8_t, kHeaderLength> m_header{};
    std::size_t m_headerBytes = 0;
    std::vector<std::uint8_t> m_body;
    std::size_t m_bodyLength = 0;
    bool m_complete = false;
    std::optional<Error> m_error;
};

} // namespace chive::core
