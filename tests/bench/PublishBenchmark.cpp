#include "tests/bench/PublishBenchmark.h"

#include "transport/ClientAuthKey.h"

#include <sodium.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "tests/bench/BenchSupport.h"
#include "tests/bench/PeerClient.h"

namespace chive::bench {

using Clock = std::chrono::steady_clock;

namespace {

// Lines of Tor's notice log that show the trouble many services cause.
struct LogMarkers {
    std::size_t timeoutResets = 0;  // the learned circuit-build timeout was thrown away
    std::size_t insaneTimeouts = 0; // ... and doubled past any sense
    std::size_t pendingLimit = 0;   // MaxClientCircuitsPending was reached
    std::size_t guardFailing = 0;   // path-bias warnings about the guard
};

LogMarkers scanLog(const std::filesystem::path& file) {
    LogMarkers markers;
    std::ifstream in(file);
    for (std::string line; std::getline(in, line);) {
        if (line.find("Resetting timeout to") != std::string::npos) {
            ++markers.timeoutResets;
        } else if (line.find("Insanely large circuit build timeout") != std::string::npos) {
            ++markers.insaneTimeouts;
        } else if (line.find("general-purpose client circuits pending") != std::string::npos) {
            ++markers.pendingLimit;
        } else if (line.find("is failing") != std::string::npos) {
            ++markers.guardFailing;
        }
    }
    return markers;
}

double relaySeconds(const std::map<std::string, double>& cpu) {
    double total = 0;
    for (const auto& [name, seconds] : cpu) {
        if (!name.starts_with("client-")) {
            total += seconds;
        }
    }
    return total;
}

double seconds(long ms) {
    return static_cast<double>(ms) / 1000.0;
}

} // namespace

struct PublishBenchmark::Row {
    std::size_t count = 0;
    bool failed = false;
    std::string failure;
    PeerReady ready;
    PublishReport report;
    std::vector<double> reachMs;
    double relayCpuSeconds = 0;
    LogMarkers markers;
    std::size_t connected = 0;
    std::size_t connectRetries = 0;
    std::map<std::string, std::size_t> unreachable; // by error
    std::vector<double> connectMs;
    double connectWallSeconds = 0;
    std::vector<transport::ClientAuthKey> clientKeys;
};

PublishBenchmark::PublishBenchmark(const TransportBenchOptions& options, TorNetwork& network,
                                   transport::TorTransport& client, std::filesystem::path work)
    : m_options(options)
    , m_network(network)
    , m_client(client)
    , m_work(std::move(work)) {}

bool PublishBenchmark::run() {
    std::printf("\n4. Publishing client-authorized services in one embedded Tor (a fresh peer "
                "process per count)\n");
    if (m_options.window == 0) {
        std::printf("  strategy: all at once");
    } else if (m_options.pause.count() > 0) {
        std::printf("  strategy: paced, %zu services every %lld ms", m_options.window,
                    static_cast<long long>(m_options.pause.count()));
    } else {
        std::printf("  strategy: at most %zu services waiting for their first upload",
                    m_options.window);
    }
    std::printf("; no upload after %lld s: withdraw and publish again (at most %u times)\n",
                static_cast<long long>(m_options.uploadTimeout.count()), m_options.retries);
    if (!m_options.peerTorrc.empty()) {
        std::printf("  extra torrc lines for the publishing Tor:");
        for (const auto& line : m_options.peerTorrc) {
            std::printf(" \"%s\"", line.c_str());
        }
        std::printf("\n");
    }
    std::printf("  then this process's embedded Tor connects to every service with its key "
                "(%zu at a time, one retry)\n",
                m_options.connectConcurrency);
    std::printf("  %8s %9s %10s %22s %6s %17s %8s %8s %13s %14s\n", "services", "boot s",
                "all up s", "first/median/p90 up s", "again", "RSS kB before>after", "kB/svc",
                "Tor CPU", "relays CPU s", "reached, s");
    (void)std::fflush(stdout);
    bool ok = true;
    std::vector<Row> rows;
    for (std::size_t i = 0; i < m_options.publishCounts.size(); ++i) {
        Row row;
        row.count = m_options.publishCounts[i];
        ok = runCount(row.count, i, row) && ok;
        rows.push_back(std::move(row));
    }
    std::printf("\n  Tor's own events while publishing (circuits launched/built/failed/timed "
                "out by purpose):\n");
    for (const auto& row : rows) {
        std::printf("  %zu: %s\n", row.count, row.report.stats.c_str());
        std::printf("  %zu: log: %zu circuit-build-timeout resets (%zu past any sense), %zu times "
                    "MaxClientCircuitsPending reached, %zu path-bias warnings\n",
                    row.count, row.markers.timeoutResets, row.markers.insaneTimeouts,
                    row.markers.pendingLimit, row.markers.guardFailing);
    }
    return ok;
}

bool PublishBenchmark::runCount(std::size_t count, std::size_t ordinal, Row& row) {
    auto torrc = m_network.clientTorrc();
    if (!torrc) {
        std::printf("  %8zu failed: %s\n", count, torrc.error().message.c_str());
        return false;
    }
    torrc->insert(torrc->end(), m_options.peerTorrc.begin(), m_options.peerTorrc.end());
    auto peer =
        PeerClient::start(m_options, m_work / ("publish-" + std::to_string(ordinal)), *torrc);
    if (!peer) {
        std::printf("  %8zu failed: %s\n", count, peer.error().message.c_str());
        return false;
    }
    row.ready = peer->ready();
    std::vector<transport::ClientAuthPublicKey> clients;
    for (std::size_t i = 0; i < count; ++i) {
        row.clientKeys.push_back(transport::ClientAuthKey::generate());
        clients.push_back(row.clientKeys.back().publicKey());
    }
    const auto cpuBefore = m_network.cpuSeconds();
    auto report = peer->publish(clients, m_options.publishDeadline + std::chrono::seconds(60));
    const auto cpuAfter = m_network.cpuSeconds();
    if (!report) {
        std::printf("  %8zu failed: %s\n", count, report.error().message.c_str());
        return false;
    }
    row.report = std::move(*report);
    row.relayCpuSeconds = relaySeconds(cpuAfter) - relaySeconds(cpuBefore);
    for (const auto& ms : row.report.reachableMs) {
        if (ms) {
            row.reachMs.push_back(static_cast<double>(*ms));
        }
    }
    std::vector<transport::OnionAddress> services;
    for (const auto& address : row.report.services) {
        if (address) {
            services.push_back(*address);
        }
    }
    connectAll(row, services);
    peer->quit();
    row.markers = scanLog(peer->logFile());

    const auto& r = row.report;
    const long perService =
        count == 0 ? 0 : (r.residentKbAfter - row.ready.residentKb) / static_cast<long>(count);
    char up[64];
    std::snprintf(up, sizeof up, "%.1f/%.1f/%.1f", quantile(row.reachMs, 0.0) / 1000.0,
                  quantile(row.reachMs, 0.5) / 1000.0, quantile(row.reachMs, 0.9) / 1000.0);
    char all[32];
    if (r.allReachableMs >= 0) {
        std::snprintf(all, sizeof all, "%.1f", seconds(r.allReachableMs));
    } else {
        std::snprintf(all, sizeof all, "%zu/%zu", r.reachable, count);
    }
    char rss[40];
    std::snprintf(rss, sizeof rss, "%ld>%ld", row.ready.residentKb, r.residentKbAfter);
    char reached[40];
    std::snprintf(reached, sizeof reached, "%zu/%zu %.0f", row.connected, count,
                  row.connectWallSeconds);
    std::printf("  %8zu %9.1f %10s %22s %6u %17s %8ld %7.1fs %13.1f %14s\n", count,
                seconds(row.ready.bootstrapMs), all, up, r.republished, rss, perService,
                seconds(r.cpuMs), row.relayCpuSeconds, reached);
    std::printf("  %8s connect to each: median %.0f ms, p90 %.0f ms, max %.0f ms; %zu needed a "
                "retry\n",
                "", quantile(row.connectMs, 0.5), quantile(row.connectMs, 0.9),
                quantile(row.connectMs, 1.0), row.connectRetries);
    if (count >= 10) {
        // What ordering buys: how soon the first services are up.
        auto sorted = row.reachMs;
        std::sort(sorted.begin(), sorted.end());
        std::printf("  %8s uploaded:", "");
        std::set<std::size_t> marks{1, 10, 50, 100, 150, count};
        for (const std::size_t n : marks) {
            if (n <= sorted.size() && n <= count) {
                std::printf(" first %zu after %.1f s;", n, sorted[n - 1] / 1000.0);
            }
        }
        std::printf("\n");
    }
    for (const auto& [error, n] : row.unreachable) {
        std::printf("  %8s %zu unreachable: %s\n", "", n, error.c_str());
    }
    (void)std::fflush(stdout);
    return r.reachable == count && row.connected == count;
}

void PublishBenchmark::connectAll(Row& row, const std::vector<transport::OnionAddress>& services) {
    for (std::size_t i = 0; i < services.size(); ++i) {
        (void)m_client.addClientAuth(services[i].publicKey(), row.clientKeys[i].privateKey());
    }
    std::vector<std::uint8_t> record(64);
    randombytes_buf(record.data(), record.size());
    std::atomic<std::size_t> next{0};
    std::mutex mutex;
    const auto start = Clock::now();
    auto worker = [&] {
        for (std::size_t i = next++; i < services.size(); i = next++) {
            for (int attempt = 0; attempt < 2; ++attempt) {
                const auto begin = Clock::now();
                auto stream = m_client.connect(services[i].publicKey(), m_options.connectTimeout);
                const double ms =
                    std::chrono::duration<double, std::milli>(Clock::now() - begin).count();
                bool echoed = false;
                if (stream) {
                    std::vector<std::uint8_t> back(record.size());
                    std::size_t got = 0;
                    if ((*stream)->write(record, std::chrono::seconds(30))) {
                        while (got < back.size()) {
                            auto n = (*stream)->read(std::span(back).subspan(got),
                                                     std::chrono::seconds(30));
                            if (!n || *n == 0) {
                                break;
                            }
                            got += *n;
                        }
                    }
                    echoed = got == back.size() && back == record;
                    (*stream)->close();
                }
                {
                    std::lock_guard lock(mutex);
                    if (echoed) {
                        ++row.connected;
                        row.connectMs.push_back(ms);
                        break;
                    }
                    if (attempt == 0) {
                        ++row.connectRetries;
                    } else {
                        ++row.unreachable[stream ? "no echo" : stream.error().message];
                    }
                }
                if (attempt == 0) {
                    // The descriptor may reach the last HSDirs a moment later.
                    std::this_thread::sleep_for(std::chrono::seconds(2));
                }
            }
        }
    };
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < std::max<std::size_t>(1, m_options.connectConcurrency); ++t) {
        threads.emplace_back(worker);
    }
    for (auto& thread : threads) {
        thread.join();
    }
    row.connectWallSeconds = std::chrono::duration<double>(Clock::now() - start).count();
    for (const auto& service : services) {
        (void)m_client.removeClientAuth(service.publicKey());
    }
}

} // namespace chive::bench
