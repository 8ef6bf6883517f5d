#pragma once

// Timestamp: wall-clock time with millisecond resolution, as stored in the
// profile database (milliseconds since the Unix epoch, UTC).

#include <chrono>

namespace chive::core {

using Timestamp = std::chrono::sys_time<std::chrono::milliseconds>;

inline Timestamp nowTimestamp() {
    return std::chrono::time_point_cast<std::chrono::milliseconds>(
        std::chrono::system_clock::now());
}

} // namespace chive::core
