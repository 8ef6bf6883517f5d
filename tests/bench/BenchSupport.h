#pragma once

// Small helpers of the transport benchmark: statistics over samples, the
// process's resident memory, and Tor's circuit list (GETINFO circuit-status)
// read as hostile text. Stateless.

#include "transport/ControlReply.h"

#include <cstddef>
#include <string>
#include <vector>

namespace chive::bench {

// The q-quantile (0..1) of `samples` by nearest rank; 0 when empty.
double quantile(std::vector<double> samples, double q);
double mean(const std::vector<double>& samples);

// VmRSS of this process in kB (0 if /proc cannot be read).
long residentKilobytes();
long residentKilobytes(int pid);

struct CircuitInfo {
    std::string id;
    std::string status;  // LAUNCHED, EXTENDED, BUILT, ...
    std::string purpose; // PURPOSE=, e.g. HS_CLIENT_REND
    std::size_t hops = 0;
    std::string path;      // "$FP~nick,..." (nicknames of the private network)
    std::string restQuery; // REND_QUERY=, the service id, if any
};

// The circuits of a GETINFO circuit-status reply; lines that do not parse
// are skipped. At most 100,000 are returned.
std::vector<CircuitInfo> circuitStatusLines(const transport::ControlReply& reply);

// "relay1>relay3>auth2": the nicknames of a circuit path.
std::string pathNicknames(const std::string& path);

} // namespace chive::bench
