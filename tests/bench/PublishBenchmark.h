#pragma once

// PublishBenchmark: the "many services" part of bench_transport. For each
// count (1, 10, 50, 200), a fresh peer process starts its embedded Tor and
// publishes that many client-authorized services with the configured
// strategy (TransportPeer); the benchmark records the time until every
// descriptor was uploaded, the peer's resident memory before and after, the
// CPU time of the peer and of the network's relays, Tor's own events, and
// then connects to every service from this process's embedded Tor with its
// client-auth key.
//
// Ownership: borrows the network and this process's transport, which must
// outlive it; owns the peer of the count under way. Connects run on
// `connectConcurrency` threads of its own, joined before run() returns.

#include "transport/TorTransport.h"

#include <filesystem>

#include "tests/bench/TorNetwork.h"
#include "tests/bench/TransportBenchOptions.h"

namespace chive::bench {

class PublishBenchmark {
public:
    PublishBenchmark(const TransportBenchOptions& options, TorNetwork& network,
                     transport::TorTransport& client, std::filesystem::path work);

    // Prints a table as the counts complete; false if a service could not
    // be reached or a peer failed.
    bool run();

private:
    struct Row;
    bool runCount(std::size_t count, std::size_t ordinal, Row& row);
    void connectAll(Row& row, const std::vector<transport::OnionAddress>& services);

    const TransportBenchOptions& m_options;
    TorNetwork& m_network;
    transport::TorTransport& m_client;
    std::filesystem::path m_work;
};

} // namespace chive::bench
