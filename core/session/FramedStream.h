#pragma once

// FramedStream: Chive frames over a ByteStream. readFrame() collects bytes
// through a FrameReader until one frame is complete; bytes read beyond it
// stay buffered for the next call (so nothing the peer sent right after the
// handshake is lost when the session takes the stream over).
//
// Ownership: owns the ByteStream; closes it on close() and destruction.
// Threads: one thread reads (readFrame) while one other writes
// (writeFrame/writeFramed), as ByteStream allows; close() from any thread
// makes both return Closed promptly.
//
// Limits: the read buffer is 16 KiB; a frame's body is allocated only after
// its length passed the FrameReader's limit.

#include "core/Result.h"
#include "core/net/ByteStream.h"
#include "core/session/FrameReader.h"

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace chive::core {

class FramedStream {
public:
    explicit FramedStream(std::unique_ptr<ByteStream> stream,
                          std::size_t maxFrameLength = FrameReader::kMaxFrameLength);
    ~FramedStream();
    FramedStream(const FramedStream&) = delete;
    FramedStream& operator=(const FramedStream&) = delete;
    FramedStream(FramedStream&&) = delete;
    FramedStream& operator=(FramedStream&&) = delete;

    void setMaxFrameLength(std::size_t maxFrameLength) noexcept {
        m_reader.setMaxFrameLength(maxFrameLength);
    }

    // The next frame's body, waiting up to `timeout` (with 0, whatever has
    // already arrived is still read). Errors: Timeout
    // (nothing complete yet; a partial frame stays buffered and the stream
    // is still usable), Closed (end of stream or close()), Malformed or
    // TooLarge (a bad frame header: the stream is then useless), Network/Io.
    Result<std::vector<std::uint8_t>> readFrame(std::chrono::milliseconds timeout);

    // Writes `message` as one frame.
    Status writeFrame(std::span<const std::uint8_t> message, std::chrono::milliseconds timeout);
    // Writes bytes that already are complete frames (SessionCipher::seal).
    Status writeFramed(std::span<const std::uint8_t> frames, std::chrono::milliseconds timeout);

    void close() noexcept;

private:
    std::unique_ptr<ByteStream> m_stream;
    FrameReader m_reader;
    std::array<std::uint8_t, 16384> m_buffer{};
    std::size_t m_bufferStart = 0;
    std::size_t m_bufferEnd = 0;
};

} // namespace chive::core
