// bench_transport: Chive's transport on the private Tor network, in one run:
// connect times, round trips next to a bare tor and a plain echo, and the
// time and memory to publish many client-authorized services in one embedded
// Tor. See TransportBenchmark.h and doc/design.md ("Transport benchmark",
// "Many onion services").
//
//   bench_transport [--network DIR] [--work DIR] [--keep]
//                   [--services N] [--warm N] [--samples N] [--record-size N]
//                   [--publish 1,10,50,200|none] [--window K] [--pause MS] [--upload-timeout S]
//                   [--retries N] [--publish-deadline S] [--connect-concurrency N]
//                   [--peer-torrc "Option value"]... [--script PATH]
//
// Without --network (or CHIVE_TOR_NETWORK_DIR) it starts its own network
// with tests/tor-network/tor-network.sh and stops it at the end. The same
// binary with --peer is the benchmark's second process (TransportPeer.h).

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

#include "tests/bench/TransportBenchOptions.h"
#include "tests/bench/TransportBenchmark.h"
#include "tests/bench/TransportPeer.h"

namespace {

using chive::bench::PeerOptions;
using chive::bench::TransportBenchOptions;

[[noreturn]] void usage() {
    (void)std::fprintf(
        stderr,
        "usage: bench_transport [--network DIR] [--work DIR] [--keep] [--services N] [--warm N]\n"
        "         [--samples N] [--record-size N] [--publish 1,10,50,200|none] [--window K]\n"
        "         [--pause MS]"
        "         [--upload-timeout S] [--retries N] [--publish-deadline S]\n"
        "         [--connect-concurrency N] [--peer-torrc 'Option value']... [--script PATH]\n");
    std::exit(2); // NOLINT(concurrency-mt-unsafe): no other threads yet
}

std::size_t count(const char* text, std::size_t max) {
    char* end = nullptr;
    const unsigned long long value = std::strtoull(text, &end, 10);
    if (end == text || *end != '\0' || value > max) {
        usage();
    }
    return static_cast<std::size_t>(value);
}

std::vector<std::size_t> counts(const std::string& text) {
    std::vector<std::size_t> out;
    if (text == "none") {
        return out;
    }
    std::istringstream in(text);
    for (std::string item; std::getline(in, item, ',');) {
        const std::size_t n = count(item.c_str(), 10'000);
        if (n == 0) {
            usage();
        }
        out.push_back(n);
    }
    return out;
}

int runPeer(int argc, char** argv) {
    PeerOptions options;
    for (int i = 2; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        const char* value = argv[i + 1];
        if (flag == "--data") {
            options.dataDirectory = value;
        } else if (flag == "--torrc") {
            std::ifstream in(value);
            for (std::string line; std::getline(in, line);) {
                options.torrcLines.push_back(line);
            }
        } else if (flag == "--window") {
            options.window = count(value, 100'000);
        } else if (flag == "--upload-timeout") {
            options.uploadTimeout = std::chrono::seconds(count(value, 86'400));
        } else if (flag == "--retries") {
            options.retries = static_cast<unsigned>(count(value, 100));
        } else if (flag == "--publish-deadline") {
            options.publishDeadline = std::chrono::seconds(count(value, 86'400));
        } else if (flag == "--pause") {
            options.pause = std::chrono::milliseconds(count(value, 3'600'000));
        } else {
            usage();
        }
    }
    if (options.dataDirectory.empty()) {
        usage();
    }
    return chive::bench::TransportPeer::run(options);
}

} // namespace

int main(int argc, char** argv) {
    if (argc >= 2 && std::strcmp(argv[1], "--peer") == 0) {
        return runPeer(argc, argv);
    }
    TransportBenchOptions options;
    options.self = std::filesystem::read_symlink("/proc/self/exe");
    options.script = std::filesystem::path(CHIVE_SOURCE_DIR) / "tests/tor-network/tor-network.sh";
    // NOLINTNEXTLINE(concurrency-mt-unsafe): no other threads yet
    if (const char* network = std::getenv("CHIVE_TOR_NETWORK_DIR"); network != nullptr) {
        options.network = network;
    }
    for (int i = 1; i < argc; ++i) {
        const std::string flag = argv[i];
        if (flag == "--keep") {
            options.keep = true;
            continue;
        }
        if (i + 1 >= argc) {
            usage();
        }
        const char* value = argv[++i];
        if (flag == "--network") {
            options.network = value;
        } else if (flag == "--work") {
            options.workDirectory = value;
        } else if (flag == "--services") {
            options.connectServices = count(value, 100);
        } else if (flag == "--warm") {
            options.warmRepeats = count(value, 1000);
        } else if (flag == "--samples") {
            options.samples = count(value, 1'000'000);
        } else if (flag == "--record-size") {
            options.recordSize = count(value, 1'000'000);
        } else if (flag == "--publish") {
            options.publishCounts = counts(value);
        } else if (flag == "--window") {
            options.window = count(value, 100'000);
        } else if (flag == "--pause") {
            options.pause = std::chrono::milliseconds(count(value, 3'600'000));
        } else if (flag == "--upload-timeout") {
            options.uploadTimeout = std::chrono::seconds(count(value, 86'400));
        } else if (flag == "--retries") {
            options.retries = static_cast<unsigned>(count(value, 100));
        } else if (flag == "--publish-deadline") {
            options.publishDeadline = std::chrono::seconds(count(value, 86'400));
        } else if (flag == "--connect-concurrency") {
            options.connectConcurrency = count(value, 256);
        } else if (flag == "--peer-torrc") {
            options.peerTorrc.emplace_back(value);
        } else if (flag == "--script") {
            options.script = value;
        } else {
            usage();
        }
    }
    if (options.connectServices == 0 || options.samples == 0 || options.recordSize == 0) {
        usage();
    }
    chive::bench::TransportBenchmark benchmark(std::move(options));
    return benchmark.run();
}
