#pragma once

// What bench_transport measures and how; see BenchTransport.cpp for the
// command line.

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace chive::bench {

struct TransportBenchOptions {
    std::filesystem::path self;   // this executable, started again as the peer
    std::filesystem::path script; // tests/tor-network/tor-network.sh
    // A running private network; empty: start one and stop it at the end.
    std::filesystem::path network;
    // Where keys, Tor data and sockets go; empty: a fresh /tmp directory
    // (short, so unix socket paths fit), removed at the end unless `keep`.
    std::filesystem::path workDirectory;
    bool keep = false;

    // Connect times and round trips.
    std::size_t connectServices = 5; // services per side: one cold connect each
    std::size_t warmRepeats = 3;     // per service, for each kind of warm connect
    std::size_t samples = 200;       // round trips per path
    std::size_t recordSize = 64;

    // Publishing many services, one fresh embedded Tor per count.
    std::vector<std::size_t> publishCounts{1, 10, 50, 200};
    std::size_t window = 5;             // services waiting for their first upload at once; 0: all
    std::chrono::milliseconds pause{0}; // non-zero: `window` services per pause instead
    std::chrono::seconds uploadTimeout{45};
    unsigned retries = 2;
    std::chrono::seconds publishDeadline{1200};
    std::size_t connectConcurrency = 4;
    std::chrono::seconds connectTimeout{60};
    // Extra torrc lines for the publishing Tor only (experiments).
    std::vector<std::string> peerTorrc;
};

} // namespace chive::bench
