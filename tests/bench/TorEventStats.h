#pragma once

// TorEventStats: counts what Tor reports about its own circuits and
// descriptors while the benchmark publishes services, to show where the time
// goes: CIRC (launched, built, failed by purpose, and how many were pending
// at once), BUILDTIMEOUT_SET (the learned circuit-build timeout and its
// resets) and HS_DESC (descriptor uploads started, acknowledged, failed).
//
// Register with EmbeddedTor::addEventSink(stats, TorEventStats::eventNames()).
// Threads: events arrive on the control reader thread; snapshot() may be
// called from any thread. Bounded: at most kMaxTracked circuits are tracked
// as pending; beyond that they are counted but not followed.

#include "transport/ControlEventSink.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace chive::bench {

struct CircuitCounts {
    std::uint64_t launched = 0;
    std::uint64_t built = 0;
    std::uint64_t failed = 0;
    std::uint64_t timedOut = 0; // failed with REASON=TIMEOUT
};

struct TorEventSnapshot {
    std::map<std::string, CircuitCounts> circuits; // by PURPOSE=
    std::size_t pendingNow = 0;
    std::size_t pendingMax = 0;
    std::uint64_t timeoutResets = 0; // BUILDTIMEOUT_SET RESET
    double timeoutMsLast = 0;
    double timeoutMsMax = 0;
    std::uint64_t descUploads = 0;  // HS_DESC UPLOAD: one per HSDir
    std::uint64_t descUploaded = 0; // HS_DESC UPLOADED
    std::uint64_t descFailed = 0;   // HS_DESC FAILED
};

class TorEventStats final : public transport::ControlEventSink {
public:
    static constexpr std::size_t kMaxTracked = 100'000;

    static std::vector<std::string> eventNames() { return {"CIRC", "BUILDTIMEOUT_SET", "HS_DESC"}; }

    void onControlEvent(const transport::ControlReply& event) override;
    [[nodiscard]] TorEventSnapshot snapshot() const;

private:
    void onCircuit(const std::vector<std::string>& words, const std::string& purpose,
                   const std::string& reason);

    mutable std::mutex m_mutex;
    TorEventSnapshot m_stats;
    std::set<std::string> m_pending; // circuit ids launched, not yet built or gone
};

} // namespace chive::bench
