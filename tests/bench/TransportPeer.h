#pragma once

// TransportPeer: the second process of the transport benchmark (Tor runs
// once per process, so the far end of a Chive-to-Chive stream, and every
// embedded Tor that publishes services, is a process of its own). It runs an
// embedded Tor with TorTransport, publishes client-authorized services as
// the benchmark asks, echoes every inbound stream, and reports on stdout.
//
// Line protocol (stdin → peer):
//   client <52-char base32 x25519 key>  one more service to publish, for
//                                      the client holding that key
//   publish                            publish all announced services
//                                      with the configured strategy
//   circuits                           describe the rendezvous circuits
//   quit (or end of input)             stop Tor and exit
// (peer → stdout):
//   ready <bootstrap ms> <VmRSS kB>
//   service <index> <service id>       after each accepted ADD_ONION
//   reachable <index> <ms>             first HS_DESC UPLOADED of a service,
//                                      ms since `publish`
//   republish <index> <ms>             no upload within the timeout: the
//                                      service was withdrawn and re-added
//   published <ms until all reachable, or -1> <reachable> <VmRSS kB>
//             <CPU ms of the process> <re-publications>
//   stats <key>=<value>...             Tor's own events during publish
//   circuits <purpose>:<hops> ...
//   error <message>
//
// Publishing strategy: at most `window` services wait for their first
// upload at a time (0: all at once); one that has none after
// `uploadTimeout` is withdrawn and published again with the same key (at
// most `retries` times). Services are published in the order announced.
// With a `pause`, batches of `window` go out every `pause` instead.
//
// Threads: run() on the main thread; listener callbacks on TorTransport's
// threads; one echo thread per inbound stream, all joined before run()
// returns.

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace chive::bench {

struct PeerOptions {
    std::filesystem::path dataDirectory;
    std::vector<std::string> torrcLines;
    std::string torLogLevel = "notice";
    std::size_t window = 5;
    // Non-zero: paced instead of windowed: `window` services, then this
    // pause, then the next `window`, whether or not they were uploaded (the
    // engine's ServicePublisher does this).
    std::chrono::milliseconds pause{0};
    std::chrono::seconds uploadTimeout{45};
    unsigned retries = 2;
    std::chrono::seconds publishDeadline{1200};
};

class TransportPeer {
public:
    // Returns the process exit code.
    static int run(const PeerOptions& options);
};

} // namespace chive::bench
