#pragma once

// Timing and percentiles as the storage and GUI benchmarks report them.
// Pure functions; any thread.

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <vector>

namespace chive::bench {

inline double millisSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
        .count();
}

// The sample at `fraction` (0..1) of the way through the sorted samples,
// rounded down; 0 when there are none.
inline double percentile(std::vector<double> samples, double fraction) {
    if (samples.empty()) {
        return 0;
    }
    std::sort(samples.begin(), samples.end());
    const auto index = static_cast<std::size_t>(fraction * static_cast<double>(samples.size() - 1));
    return samples[index];
}

} // namespace chive::bench
