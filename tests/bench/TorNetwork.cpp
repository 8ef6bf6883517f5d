#include "tests/bench/TorNetwork.h"

#include <pthread.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <utility>

#include "tests/bench/ChildProcess.h"

namespace chive::bench {

using core::ErrorCode;
using core::fail;

namespace {

constexpr std::string_view kBash = "/bin/bash";

// What the signal handler runs: fixed-size, preformatted argument vectors,
// since a handler may neither allocate nor take locks.
struct EmergencyCommand {
    static constexpr std::size_t kArgs = 5;
    static constexpr std::size_t kArgLength = 512;
    std::array<std::array<char, kArgLength>, kArgs> text{};
    std::array<char*, kArgs + 1> argv{};
};
constexpr std::size_t kMaxEmergencyCommands = 16;
// NOLINTBEGIN(cppcoreguidelines-avoid-non-const-global-variables): read by the handler
std::array<EmergencyCommand, kMaxEmergencyCommands> g_emergency{};
volatile std::sig_atomic_t g_emergencyCount = 0;
// NOLINTEND(cppcoreguidelines-avoid-non-const-global-variables)

void setEmergencyCommand(std::size_t index, const std::vector<std::string>& arguments) {
    auto& command = g_emergency.at(index);
    command.argv.fill(nullptr);
    for (std::size_t i = 0; i < arguments.size() && i < EmergencyCommand::kArgs; ++i) {
        auto& slot = command.text.at(i);
        const std::size_t length = std::min(arguments[i].size(), slot.size() - 1);
        std::memcpy(slot.data(), arguments[i].data(), length);
        slot.at(length) = '\0';
        command.argv.at(i) = slot.data();
    }
}

extern "C" void emergencyStop(int signal) {
    for (std::sig_atomic_t i = 0; i < g_emergencyCount; ++i) {
        const pid_t pid = ::fork();
        if (pid == 0) {
            ::execv(kBash.data(), g_emergency.at(static_cast<std::size_t>(i)).argv.data());
            ::_exit(127);
        }
        if (pid > 0) {
            int status = 0;
            ::waitpid(pid, &status, 0);
        }
    }
    ::_exit(128 + signal);
}

double processCpuSeconds(int pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string text;
    std::getline(in, text);
    // The command name may hold spaces and parentheses: fields count from
    // the last ')'. utime and stime are fields 14 and 15 of the line.
    const auto close = text.rfind(')');
    if (close == std::string::npos) {
        return 0;
    }
    std::istringstream fields(text.substr(close + 1));
    std::string field;
    double ticks = 0;
    for (int i = 3; i <= 15 && fields >> field; ++i) {
        if (i == 14 || i == 15) {
            ticks += std::strtod(field.c_str(), nullptr);
        }
    }
    return ticks / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

} // namespace

TorNetwork::TorNetwork(std::filesystem::path script, std::filesystem::path directory, bool owned)
    : m_script(std::move(script))
    , m_directory(std::move(directory))
    , m_owned(owned) {
    m_logFile = m_directory.parent_path() / "tor-network-script.log";
}

TorNetwork::TorNetwork(TorNetwork&& other) noexcept
    : m_script(std::move(other.m_script))
    , m_directory(std::move(other.m_directory))
    , m_logFile(std::move(other.m_logFile))
    , m_owned(std::exchange(other.m_owned, false))
    , m_startTime(other.m_startTime)
    , m_bareTors(std::move(other.m_bareTors)) {
    other.m_bareTors.clear();
}

core::Result<TorNetwork> TorNetwork::open(std::filesystem::path script,
                                          const std::filesystem::path& directory,
                                          const std::filesystem::path& workDirectory) {
    if (!directory.empty()) {
        if (!std::filesystem::exists(directory / "client-torrc")) {
            return fail(ErrorCode::NotFound, "no private Tor network in " + directory.string());
        }
        return TorNetwork(std::move(script), std::filesystem::absolute(directory), false);
    }
    TorNetwork network(std::move(script), workDirectory / "network", true);
    const auto begin = std::chrono::steady_clock::now();
    // If start fails half way the script ends what it launched itself.
    if (auto started =
            network.run({"start", network.m_directory.string()}, std::chrono::seconds(120));
        !started) {
        return fail(started.error());
    }
    if (auto waited =
            network.run({"wait", network.m_directory.string(), "180"}, std::chrono::seconds(200));
        !waited) {
        return fail(waited.error()); // the destructor stops it
    }
    network.m_startTime = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - begin);
    return network;
}

TorNetwork::~TorNetwork() {
    const auto names = m_bareTors; // stopBareTor erases from m_bareTors
    for (const auto& name : names) {
        stopBareTor(name);
    }
    if (m_owned) {
        (void)run({"stop", m_directory.string()}, std::chrono::seconds(30));
        m_owned = false;
    }
}

core::Status TorNetwork::run(const std::vector<std::string>& arguments,
                             std::chrono::seconds timeout, std::vector<std::string>* output) const {
    std::vector<std::string> argv{std::string(kBash), m_script.string()};
    argv.insert(argv.end(), arguments.begin(), arguments.end());
    auto child = ChildProcess::start(argv, m_logFile);
    if (!child) {
        return fail(child.error());
    }
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        auto line = child->readLine(std::max(left, std::chrono::milliseconds(1)));
        if (line && output != nullptr) {
            output->push_back(*line);
        }
        if (!line && line.error().code == ErrorCode::Closed) {
            break;
        }
        if (!line && line.error().code != ErrorCode::Closed) {
            (void)child->finish(std::chrono::milliseconds(0));
            return fail(ErrorCode::Timeout,
                        "tor-network.sh " + arguments.front() +
                            " did not finish in time (log: " + m_logFile.string() + ")");
        }
    }
    const int status = child->finish(timeout);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        return fail(ErrorCode::Internal, "tor-network.sh " + arguments.front() +
                                             " failed (log: " + m_logFile.string() + ")");
    }
    return {};
}

core::Result<std::vector<std::string>> TorNetwork::clientTorrc() const {
    std::ifstream in(m_directory / "client-torrc");
    if (!in) {
        return fail(ErrorCode::NotFound, "no client-torrc in " + m_directory.string());
    }
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) {
        if (!line.empty()) {
            lines.push_back(line);
        }
    }
    return lines;
}

core::Result<std::uint16_t> TorNetwork::startBareTor(const std::string& name,
                                                     const std::vector<std::string>& torrcLines) {
    std::vector<std::string> arguments{"client", m_directory.string(), name};
    arguments.insert(arguments.end(), torrcLines.begin(), torrcLines.end());
    std::vector<std::string> output;
    if (auto started = run(arguments, std::chrono::seconds(60), &output); !started) {
        return fail(started.error());
    }
    m_bareTors.push_back(name);
    updateEmergencyCommands();
    if (auto booted = run({"client-bootstrapped", m_directory.string(), name, "120"},
                          std::chrono::seconds(130));
        !booted) {
        return fail(booted.error());
    }
    if (output.empty()) {
        return fail(ErrorCode::Internal, "tor-network.sh client printed no SOCKS port");
    }
    const unsigned long port = std::strtoul(output.back().c_str(), nullptr, 10);
    if (port == 0 || port > 65535) {
        return fail(ErrorCode::Malformed, "not a port: " + output.back());
    }
    return static_cast<std::uint16_t>(port);
}

void TorNetwork::stopBareTor(const std::string& name) {
    const auto found = std::find(m_bareTors.begin(), m_bareTors.end(), name);
    if (found == m_bareTors.end()) {
        return;
    }
    (void)run({"stop-client", m_directory.string(), name}, std::chrono::seconds(30));
    m_bareTors.erase(found);
    updateEmergencyCommands();
}

int TorNetwork::pidOf(const std::string& recordedName) const {
    std::ifstream in(m_directory / "pids" / (recordedName + ".pid"));
    int pid = -1;
    if (!(in >> pid)) {
        return -1;
    }
    return pid;
}

std::map<std::string, double> TorNetwork::cpuSeconds() const {
    std::map<std::string, double> seconds;
    std::error_code ignored;
    for (const auto& entry : std::filesystem::directory_iterator(m_directory / "pids", ignored)) {
        const auto name = entry.path().stem().string();
        if (entry.path().extension() != ".pid" || name == "watchdog") {
            continue;
        }
        const int pid = pidOf(name);
        if (pid > 0 && std::filesystem::exists("/proc/" + std::to_string(pid))) {
            seconds[name] = processCpuSeconds(pid);
        }
    }
    return seconds;
}

void TorNetwork::installEmergencyStop() {
    updateEmergencyCommands();
    struct sigaction action {};
    action.sa_handler = emergencyStop;
    sigemptyset(&action.sa_mask);
    for (const int signal : {SIGINT, SIGTERM, SIGHUP}) {
        ::sigaction(signal, &action, nullptr);
    }
}

void TorNetwork::updateEmergencyCommands() const {
    // Blocks the signals while the table changes, so the handler never
    // sees half a command.
    sigset_t block;
    sigset_t previous;
    sigemptyset(&block);
    for (const int signal : {SIGINT, SIGTERM, SIGHUP}) {
        sigaddset(&block, signal);
    }
    ::pthread_sigmask(SIG_BLOCK, &block, &previous);
    std::size_t count = 0;
    const std::string script = m_script.string();
    const std::string dir = m_directory.string();
    if (m_owned) {
        setEmergencyCommand(count++, {std::string(kBash), script, "stop", dir});
    } else {
        for (const auto& name : m_bareTors) {
            if (count < kMaxEmergencyCommands) {
                setEmergencyCommand(count++,
                                    {std::string(kBash), script, "stop-client", dir, name});
            }
        }
    }
    g_emergencyCount = static_cast<std::sig_atomic_t>(count);
    ::pthread_sigmask(SIG_SETMASK, &previous, nullptr);
}

} // namespace chive::bench
