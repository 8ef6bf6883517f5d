#include "core/session/FramedStream.h"

#include "core/session/FrameWriter.h"

#include <algorithm>
#include <utility>

namespace chive::core {

FramedStream::FramedStream(std::unique_ptr<ByteStream> stream, std::size_t maxFrameLength)
    : m_stream(std::move(stream))
    , m_reader(maxFrameLength) {}

FramedStream::~FramedStream() {
    close();
}

Result<std::vector<std::uint8_t>> FramedStream::readFrame(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
        if (m_bufferStart < m_bufferEnd) {
            auto taken = m_reader.consume(
                std::span(m_buffer).subspan(m_bufferStart, m_bufferEnd - m_bufferStart));
            if (!taken) {
                return fail(taken.error());
            }
            m_bufferStart += *taken;
        }
        if (m_reader.hasFrame()) {
            return m_reader.takeFrame();
        }
        m_bufferStart = 0;
        m_bufferEnd = 0;
        // With no time left the stream is still asked (with a zero timeout)
        // until it has nothing more, so that bytes already there are seen
        // before anyone declares a timeout. Its Timeout is ours.
        const auto left = std::max(std::chrono::duration_cast<std::chrono::milliseconds>(
                                       deadline - std::chrono::steady_clock::now()),
                                   std::chrono::milliseconds(0));
        auto got = m_stream->read(m_buffer, left);
        if (!got) {
            return fail(got.error());
        }
        if (*got == 0) {
            return fail(ErrorCode::Closed, m_reader.pendingBytes() == 0
                                               ? "the contact closed the connection"
                                               : "the connection ended inside a frame");
        }
        m_bufferEnd = *got;
    }
}

Status FramedStream::writeFrame(std::span<const std::uint8_t> message,
                                std::chrono::milliseconds timeout) {
    std::vector<std::uint8_t> frame;
    frame.reserve(FrameReader::kHeaderLength + message.size());
    if (auto status = FrameWriter::append(message, frame); !status) {
        return status;
    }
    return m_stream->write(frame, timeout);
}

Status FramedStream::writeFramed(std::span<const std::uint8_t> frames,
                                 std::chrono::milliseconds timeout) {
    return m_stream->write(frames, timeout);
}

void FramedStream::close() noexcept {
    if (m_stream) {
        m_stream->close();
    }
}

} // namespace chive::core
