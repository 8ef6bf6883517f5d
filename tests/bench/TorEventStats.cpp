#include "tests/bench/TorEventStats.h"

#include "transport/ControlArguments.h"

#include <algorithm>
#include <cstdlib>

namespace chive::bench {

void TorEventStats::onControlEvent(const transport::ControlReply& event) {
    auto parsed = transport::ControlArguments::parse(event.firstText());
    if (!parsed || parsed->positional().size() < 2) {
        return;
    }
    const auto& words = parsed->positional();
    std::lock_guard lock(m_mutex);
    if (words[0] == "CIRC" && words.size() >= 3) {
        onCircuit(words, parsed->value("PURPOSE").value_or("UNKNOWN"),
                  parsed->value("REASON").value_or(""));
    } else if (words[0] == "BUILDTIMEOUT_SET") {
        if (words[1] == "RESET") {
            ++m_stats.timeoutResets;
        }
        if (const auto timeout = parsed->value("TIMEOUT_MS")) {
            m_stats.timeoutMsLast = std::strtod(timeout->c_str(), nullptr);
            m_stats.timeoutMsMax = std::max(m_stats.timeoutMsMax, m_stats.timeoutMsLast);
        }
    } else if (words[0] == "HS_DESC") {
        if (words[1] == "UPLOAD") {
            ++m_stats.descUploads;
        } else if (words[1] == "UPLOADED") {
            ++m_stats.descUploaded;
        } else if (words[1] == "FAILED") {
            ++m_stats.descFailed;
        }
    }
}

void TorEventStats::onCircuit(const std::vector<std::string>& words, const std::string& purpose,
                              const std::string& reason) {
    const std::string& id = words[1];
    const std::string& status = words[2];
    auto& counts = m_stats.circuits[purpose];
    if (status == "LAUNCHED") {
        ++counts.launched;
        if (m_pending.size() < kMaxTracked) {
            m_pending.insert(id);
        }
    } else if (status == "BUILT" || status == "FAILED" || status == "CLOSED") {
        // A circuit may change purpose while it is built (cannibalized
        // general circuits become introduction circuits), so the outcome is
        // counted under the purpose it ends with.
        if (m_pending.erase(id) > 0) {
            if (status == "BUILT") {
                ++counts.built;
            } else if (status == "FAILED") {
                ++counts.failed;
                if (reason == "TIMEOUT") {
                    ++counts.timedOut;
                }
            }
        }
    }
    m_stats.pendingNow = m_pending.size();
    m_stats.pendingMax = std::max(m_stats.pendingMax, m_stats.pendingNow);
}

TorEventSnapshot TorEventStats::snapshot() const {
    std::lock_guard lock(m_mutex);
    return m_stats;
}

} // namespace chive::bench
