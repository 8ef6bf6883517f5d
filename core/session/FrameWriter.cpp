#include "core/session/FrameWriter.h"

#include "core/session/FrameReader.h"

#include <cassert>

namespace chive::core {

Status FrameWriter::append(std::span<const std::uint8_t> message, std::vector<std::uint8_t>& out) {
    if (message.empty()) {
        return fail(ErrorCode::InvalidArgument, "an empty frame");
    }
    if (message.size() > FrameReader::kMaxFrameLength) {
        return fail(ErrorCode::TooLarge, "a frame over 65535 bytes");
    }
    const std::size_t start = out.size();
    out.resize(start + FrameReader::kHeaderLength);
    writeHeader(message.size(), std::span(out).subspan(start).first<2>());
    out.insert(out.end(), message.begin(), message.end());
    return {};
}

void FrameWriter::writeHeader(std::size_t length, std::span<std::uint8_t, 2> out) noexcept {
    assert(length >= 1 && length <= FrameReader::kMaxFrameLength);
    out[0] = static_cast<std::uint8_t>(length >> 8);
    out[1] = static_cast<std::uint8_t>(length & 0xFFU);
}

} // namespace chive::core
