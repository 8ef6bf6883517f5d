#include "core/engine/Backoff.h"

#include "core/Sodium.h"

#include <sodium.h>

#include <algorithm>

namespace chive::core {

Backoff::Backoff(std::chrono::milliseconds initial, std::chrono::milliseconds maximum,
                 std::uint32_t jitterPercent)
    : m_initial(std::max(initial, std::chrono::milliseconds(1)))
    , m_maximum(std::max(maximum, m_initial))
    , m_jitterPercent(std::min<std::uint32_t>(jitterPercent, 100))
    , m_current(m_initial) {}

std::chrono::milliseconds Backoff::next() {
    const auto base = m_current;
    m_current = std::min(m_current * 2, m_maximum);
    ++m_failures;
    if (m_jitterPercent == 0) {
        return base;
    }
    ensureSodium();
    // A uniform spread over [base - j, base + j], where j = base * percent.
    const auto spread = base.count() * m_jitterPercent / 100;
    const auto range = static_cast<std::uint32_t>(std::min<std::int64_t>(spread * 2, 0xFFFFFFF0));
    const auto offset = static_cast<std::int64_t>(randombytes_uniform(range + 1)) - spread;
    return std::max(std::chrono::milliseconds(1), base + std::chrono::milliseconds(offset));
}

void Backoff::reset() noexcept {
    m_current = m_initial;
    m_failures = 0;
}

} // namespace chive::core
