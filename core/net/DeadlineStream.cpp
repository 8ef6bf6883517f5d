#include "core/net/DeadlineStream.h"

#include <algorithm>
#include <utility>

namespace chive::core {

namespace {

using Clock = std::chrono::steady_clock;

} // namespace

DeadlineStream::DeadlineStream(std::unique_ptr<ByteStream> inner, Clock::time_point deadline)
    : m_inner(std::move(inner))
    , m_deadline(deadline) {}

DeadlineStream::~DeadlineStream() {
    close();
}

bool DeadlineStream::expired() const noexcept {
    return Clock::now() >= m_deadline;
}

std::chrono::milliseconds DeadlineStream::clamp(std::chrono::milliseconds timeout) const noexcept {
    // Rounded up, so that a wait never ends just before the deadline and
    // gets asked again for nothing.
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(m_deadline - Clock::now());
    return std::clamp(left, std::chrono::milliseconds(0),
                      std::max(timeout, std::chrono::milliseconds(0)));
}

Result<std::size_t> DeadlineStream::read(std::span<std::uint8_t> buffer,
                                         std::chrono::milliseconds timeout) {
    auto got = m_inner->read(buffer, clamp(timeout));
    if (!got && got.error().code == ErrorCode::Timeout && expired()) {
        m_inner->close();
        return fail(ErrorCode::Closed, "the connection ran out of time");
    }
    return got;
}

Status DeadlineStream::write(std::span<const std::uint8_t> bytes,
                             std::chrono::milliseconds timeout) {
    if (expired()) {
        m_inner->close();
        return fail(ErrorCode::Closed, "the connection ran out of time");
    }
    return m_inner->write(bytes, clamp(timeout));
}

void DeadlineStream::close() {
    m_inner->close();
}

} // namespace chive::core
