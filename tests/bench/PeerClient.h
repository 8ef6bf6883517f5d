#pragma once

// PeerClient: the benchmark's side of a TransportPeer process: starts it,
// speaks its line protocol (see TransportPeer.h) and collects what it
// reports. Lines from the peer are parsed with bounds, as any input.
//
// Ownership: owns the peer process (ChildProcess); quit() or the destructor
// ends it. Threads: one thread at a time.

#include "core/Result.h"
#include "transport/ClientAuthPublicKey.h"
#include "transport/OnionAddress.h"

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "tests/bench/ChildProcess.h"
#include "tests/bench/TransportBenchOptions.h"

namespace chive::bench {

struct PeerReady {
    long bootstrapMs = 0;
    long residentKb = 0;
};

struct PublishReport {
    std::vector<std::optional<transport::OnionAddress>> services; // by index
    std::vector<std::optional<long>> reachableMs;                 // first upload, by index
    long allReachableMs = -1;
    std::size_t reachable = 0;
    long residentKbAfter = 0;
    long cpuMs = 0;
    unsigned republished = 0;
    std::string stats; // the peer's "stats" line, without the word
};

class PeerClient {
public:
    // Starts the peer with its Tor in `directory`/tor, its stderr (Tor's
    // log) in `directory`/peer.log, and waits until its Tor has
    // bootstrapped.
    static core::Result<PeerClient> start(const TransportBenchOptions& options,
                                          const std::filesystem::path& directory,
                                          const std::vector<std::string>& torrcLines);

    [[nodiscard]] const PeerReady& ready() const { return m_ready; }
    [[nodiscard]] int pid() const { return m_process.pid(); }
    [[nodiscard]] const std::filesystem::path& logFile() const { return m_logFile; }

    // Announces one service per client key, then publishes them all and
    // waits (up to `timeout`) for the peer's report.
    core::Result<PublishReport> publish(const std::vector<transport::ClientAuthPublicKey>& clients,
                                        std::chrono::milliseconds timeout);
    // The peer's rendezvous circuits ("<service id>=relay1>auth2>... ...").
    core::Result<std::string> circuits();
    // Asks the peer to quit and waits for it.
    void quit();

private:
    PeerClient(ChildProcess process, std::filesystem::path logFile);

    ChildProcess m_process;
    std::filesystem::path m_logFile;
    PeerReady m_ready;
};

} // namespace chive::bench
