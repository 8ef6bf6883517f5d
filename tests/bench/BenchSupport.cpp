#include "tests/bench/BenchSupport.h"

#include "transport/ControlArguments.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <numeric>
#include <sstream>

namespace chive::bench {

namespace {

constexpr std::size_t kMaxCircuits = 100'000;

void addCircuit(std::string_view line, std::vector<CircuitInfo>& out) {
    auto parsed = transport::ControlArguments::parse(line);
    if (!parsed || parsed->positional().size() < 2) {
        return;
    }
    const auto& words = parsed->positional();
    CircuitInfo info;
    info.id = words[0];
    info.status = words[1];
    if (words.size() >= 3 && words[2].starts_with("$")) {
        info.path = words[2];
        info.hops =
            static_cast<std::size_t>(std::count(info.path.begin(), info.path.end(), ',')) + 1;
    }
    info.purpose = parsed->value("PURPOSE").value_or("");
    info.restQuery = parsed->value("REND_QUERY").value_or("");
    out.push_back(std::move(info));
}

} // namespace

double quantile(std::vector<double> samples, double q) {
    if (samples.empty()) {
        return 0;
    }
    std::sort(samples.begin(), samples.end());
    const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(samples.size())));
    return samples[std::clamp<std::size_t>(rank, 1, samples.size()) - 1];
}

double mean(const std::vector<double>& samples) {
    if (samples.empty()) {
        return 0;
    }
    return std::accumulate(samples.begin(), samples.end(), 0.0) /
           static_cast<double>(samples.size());
}

long residentKilobytes(int pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(in, line);) {
        if (line.starts_with("VmRSS:")) {
            return std::strtol(line.c_str() + 6, nullptr, 10);
        }
    }
    return 0;
}

long residentKilobytes() {
    return residentKilobytes(::getpid());
}

std::vector<CircuitInfo> circuitStatusLines(const transport::ControlReply& reply) {
    std::vector<CircuitInfo> circuits;
    for (const auto& line : reply.lines) {
        constexpr std::string_view kPrefix = "circuit-status=";
        if (!line.text.starts_with(kPrefix)) {
            continue;
        }
        // One circuit fits in the reply line itself; several come as a data block.
        if (line.text.size() > kPrefix.size()) {
            addCircuit(std::string_view(line.text).substr(kPrefix.size()), circuits);
        }
        if (line.data) {
            std::istringstream in(*line.data);
            for (std::string entry; std::getline(in, entry) && circuits.size() < kMaxCircuits;) {
                addCircuit(entry, circuits);
            }
        }
    }
    return circuits;
}

std::string pathNicknames(const std::string& path) {
    std::string out;
    std::istringstream in(path);
    for (std::string hop; std::getline(in, hop, ',');) {
        const auto tilde = hop.find('~');
        if (!out.empty()) {
            out += '>';
        }
        out += tilde == std::string::npos ? hop.substr(0, 9) : hop.substr(tilde + 1);
    }
    return out;
}

} // namespace chive::bench
