#pragma once

// TorNetwork: the private Tor network on 127.0.0.1 that the transport
// benchmark runs on (tests/tor-network/tor-network.sh). Either one that is
// already running (the ctest fixture's, or one given on the command line),
// or one this object starts in a directory of its own and stops again.
//
// Ownership: stops the network on destruction only if it started it. Bare
// tor clients started through it are recorded in the network's directory;
// they are stopped by stopBareTor, and in any case by the network's stop (or
// the fixture's cleanup, or the network's watchdog).
//
// Cleanup on signals: installEmergencyStop() makes SIGINT, SIGTERM and
// SIGHUP run the script's stop (own network) or stop-client for each bare
// tor (shared network) before the process exits, so an interrupted
// benchmark leaves no tor behind.
//
// Threads: one thread at a time.

#include "core/Result.h"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace chive::bench {

class TorNetwork {
public:
    // `directory` empty: start a new network in `workDirectory`/network.
    static core::Result<TorNetwork> open(std::filesystem::path script,
                                         const std::filesystem::path& directory,
                                         const std::filesystem::path& workDirectory);
    ~TorNetwork();
    TorNetwork(const TorNetwork&) = delete;
    TorNetwork& operator=(const TorNetwork&) = delete;
    TorNetwork(TorNetwork&& other) noexcept;
    TorNetwork& operator=(TorNetwork&&) = delete;

    [[nodiscard]] const std::filesystem::path& directory() const { return m_directory; }
    [[nodiscard]] bool owned() const { return m_owned; }
    // How long start and wait took (zero for a network that was running).
    [[nodiscard]] std::chrono::milliseconds startTime() const { return m_startTime; }
    // The torrc lines a client needs to join (DIR/client-torrc).
    [[nodiscard]] core::Result<std::vector<std::string>> clientTorrc() const;

    // Starts a bare Debian tor client named `name` with the extra torrc lines
    // and waits until it has bootstrapped. Returns its TCP SOCKS port.
    core::Result<std::uint16_t> startBareTor(const std::string& name,
                                             const std::vector<std::string>& torrcLines);
    void stopBareTor(const std::string& name);
    // pid of a bare tor, or of a node ("relay1", "client-NAME"); -1 if none.
    [[nodiscard]] int pidOf(const std::string& recordedName) const;

    // CPU seconds (user + system) used so far by every recorded process of
    // the network, by recorded name ("auth1", "relay3", "client-bare-svc").
    [[nodiscard]] std::map<std::string, double> cpuSeconds() const;

    // See the class comment. Call once, after open().
    void installEmergencyStop();

private:
    TorNetwork(std::filesystem::path script, std::filesystem::path directory, bool owned);
    core::Status run(const std::vector<std::string>& arguments, std::chrono::seconds timeout,
                     std::vector<std::string>* output = nullptr) const;
    void updateEmergencyCommands() const;

    std::filesystem::path m_script;
    std::filesystem::path m_directory;
    std::filesystem::path m_logFile;
    bool m_owned = false;
    std::chrono::milliseconds m_startTime{0};
    std::vector<std::string> m_bareTors;
};

} // namespace chive::bench
