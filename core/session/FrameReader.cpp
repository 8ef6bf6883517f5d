#include "core/session/FrameReader.h"

#include <algorithm>
#include <string>
#include <utility>

namespace chive::core {

FrameReader::FrameReader(std::size_t maxFrameLength)
    : m_maxFrameLength(std::min(maxFrameLength, kMaxFrameLength)) {}

void FrameReader::setMaxFrameLength(std::size_t maxFrameLength) noexcept {
    m_maxFrameLength = std::min(maxFrameLength, kMaxFrameLength);
}

Result<std::size_t> FrameReader::consume(std::span<const std::uint8_t> input) {
    if (m_error) {
        return fail(*m_error);
    }
    std::size_t taken = 0;
    while (!m_complete && taken < input.size()) {
        if (m_headerBytes < kHeaderLength) {
            m_header[m_headerBytes++] = input[taken++];
            if (m_headerBytes < kHeaderLength) {
                continue;
            }
            const std::size_t length = (static_cast<std::size_t>(m_header[0]) << 8) |
                                       static_cast<std::size_t>(m_header[1]);
            if (length == 0) {
                m_error = Error{ErrorCode::Malformed, "an empty frame"};
                return fail(*m_error);
            }
            if (length > m_maxFrameLength) {
                m_error = Error{ErrorCode::TooLarge, "a frame of " + std::to_string(length) +
                                                         " bytes is over the limit of " +
                                                         std::to_string(m_maxFrameLength)};
                return fail(*m_error);
            }
            m_bodyLength = length;
            m_body.clear();
            m_body.reserve(length);
            continue;
        }
        const std::size_t wanted = m_bodyLength - m_body.size();
        const std::size_t available = std::min(wanted, input.size() - taken);
        const auto chunk = input.subspan(taken, available);
        m_body.insert(m_body.end(), chunk.begin(), chunk.end());
        taken += available;
        if (m_body.size() == m_bodyLength) {
            m_complete = true;
        }
    }
    return taken;
}

std::vector<std::uint8_t> FrameReader::takeFrame() {
    if (!m_complete) {
        return {};
    }
    m_complete = false;
    m_headerBytes = 0;
    m_bodyLength = 0;
    return std::exchange(m_body, {});
}

std::size_t FrameReader::pendingBytes() const noexcept {
    return m_complete ? 0 : m_headerBytes + m_body.size();
}

} // namespace chive::core
