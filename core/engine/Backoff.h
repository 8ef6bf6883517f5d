#pragma once

// Backoff: how long to wait before the next attempt to reach a contact (or a
// rendezvous peer): bounded exponential backoff with jitter. The delay starts
// at `initial`, doubles after each failed attempt up to `maximum`, and each
// returned delay is spread by +/- jitterPercent so that many contacts that
// failed together do not all retry in the same second. reset() starts over
// (Tor came back, the contact reached us).
//
// A value owned by one contact's state on the engine thread; not
// thread-safe.

#include <chrono>
#include <cstdint>

namespace chive::core {

class Backoff {
public:
    Backoff(std::chrono::milliseconds initial, std::chrono::milliseconds maximum,
            std::uint32_t jitterPercent);

    // The delay before the next attempt; the one after it will be longer.
    std::chrono::milliseconds next();
    void reset() noexcept;

    [[nodiscard]] std::uint32_t failures() const noexcept { return m_failures; }

private:
    std::chrono::milliseconds m_initial;
    std::chrono::milliseconds m_maximum;
    std::uint32_t m_jitterPercent;
    std::chrono::milliseconds m_current;
    std::uint32_t m_failures = 0;
};

} // namespace chive::core
