#pragma once

// TransportBenchmark: bench_transport's whole run on the private Tor network,
// printed as it goes:
//
//  1. connect times to client-authorized services: cold (descriptor fetch,
//     introduction, rendezvous), warm on the open rendezvous circuit (a new
//     stream only), and warm on a new circuit (descriptor cached:
//     introduction and rendezvous again), from Chive's embedded Tor to a
//     peer process's embedded Tor, and from a bare tor client to a bare tor
//     service;
//  2. round trips of small records over one established stream each: Chive
//     embedded to embedded, bare tor to bare tor, and a plain unix-socket
//     echo without Tor, sampled alternately so that other load on the
//     machine falls on all three alike, with the ratios;
//  3. publishing 1, 10, 50, 200 services in one fresh embedded Tor each
//     (PublishBenchmark).
//
// Ownership: owns the work directory, the network (if it started it), this
// process's embedded Tor (the client side of every measurement), the echo
// server, the bare tors and the peers; all are ended before run() returns,
// also on failure. Single-threaded apart from the echo server and the
// concurrent connects of PublishBenchmark.

#include "core/Result.h"
#include "core/net/Transport.h"
#include "transport/ClientAuthKey.h"
#include "transport/ControlConnection.h"
#include "transport/EmbeddedTor.h"
#include "transport/OnionAddress.h"
#include "transport/TorTransport.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tests/bench/EchoServer.h"
#include "tests/bench/PeerClient.h"
#include "tests/bench/TorNetwork.h"
#include "tests/bench/TransportBenchOptions.h"

namespace chive::bench {

class TransportBenchmark {
public:
    explicit TransportBenchmark(TransportBenchOptions options);
    ~TransportBenchmark();
    TransportBenchmark(const TransportBenchmark&) = delete;
    TransportBenchmark& operator=(const TransportBenchmark&) = delete;
    TransportBenchmark(TransportBenchmark&&) = delete;
    TransportBenchmark& operator=(TransportBenchmark&&) = delete;

    // Runs everything; returns the exit code: 0 when every measurement
    // succeeded and every published service was reached.
    int run();

    // One client side of the connect and round-trip measurements.
    struct Side {
        std::string name;
        std::function<core::Result<std::unique_ptr<core::ByteStream>>(
            const transport::OnionAddress&, std::chrono::milliseconds)>
            connect;
        transport::ControlConnection* control = nullptr; // the client's Tor
        std::vector<transport::OnionAddress> services;
    };

private:
    class Listener;

    core::Status setUp();
    core::Status startClientTor();
    core::Status startBareTors();
    core::Status startEchoPeer();
    bool measureConnects(Side& side);
    core::Status crossAuthorize();
    bool measureRoundTrips();
    void describeCircuits(const std::vector<double>& bareMedians,
                          const std::vector<double>& embeddedMedians);
    void tearDown();

    TransportBenchOptions m_options;
    std::filesystem::path m_work;
    bool m_ownWork = false;
    std::optional<TorNetwork> m_network;
    std::unique_ptr<Listener> m_listener;
    std::unique_ptr<transport::EmbeddedTor> m_tor;
    std::unique_ptr<transport::TorTransport> m_transport;
    std::unique_ptr<EchoServer> m_echo;
    std::unique_ptr<transport::ControlConnection> m_bareClientControl;
    std::unique_ptr<transport::ControlConnection> m_bareServiceControl;
    std::optional<PeerClient> m_echoPeer;
    Side m_embedded;
    Side m_bare;
    std::vector<transport::ClientAuthKey> m_embeddedClientKeys;
    std::vector<transport::ClientAuthKey> m_bareClientKeys;
};

} // namespace chive::bench
