#include "tests/bench/PeerClient.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace chive::bench {

using core::ErrorCode;
using core::fail;

namespace {

// Bound on services a peer is asked to publish (the benchmark uses 200).
constexpr std::size_t kMaxServices = 10'000;
constexpr std::chrono::seconds kProgressInterval{60};

std::vector<std::string> words(const std::string& line) {
    std::istringstream in(line);
    std::vector<std::string> out;
    for (std::string word; in >> word && out.size() < 16;) {
        out.push_back(word);
    }
    return out;
}

long number(const std::string& text) {
    return std::strtol(text.c_str(), nullptr, 10);
}

std::optional<std::size_t> index(const std::string& text, std::size_t size) {
    char* end = nullptr;
    const unsigned long value = std::strtoul(text.c_str(), &end, 10);
    if (end == text.c_str() || *end != '\0' || value >= size) {
        return std::nullopt;
    }
    return static_cast<std::size_t>(value);
}

} // namespace

PeerClient::PeerClient(ChildProcess process, std::filesystem::path logFile)
    : m_process(std::move(process))
    , m_logFile(std::move(logFile)) {}

core::Result<PeerClient> PeerClient::start(const TransportBenchOptions& options,
                                           const std::filesystem::path& directory,
                                           const std::vector<std::string>& torrcLines) {
    std::error_code error;
    std::filesystem::create_directories(directory, error);
    const auto torrcFile = directory / "torrc-lines";
    {
        std::ofstream out(torrcFile);
        for (const auto& line : torrcLines) {
            out << line << '\n';
        }
        if (!out) {
            return fail(ErrorCode::Io, "cannot write " + torrcFile.string());
        }
    }
    const auto logFile = directory / "peer.log";
    auto process = ChildProcess::start(
        {options.self.string(), "--peer", "--data", (directory / "tor").string(), "--torrc",
         torrcFile.string(), "--window", std::to_string(options.window), "--upload-timeout",
         std::to_string(options.uploadTimeout.count()), "--retries",
         std::to_string(options.retries), "--publish-deadline",
         std::to_string(options.publishDeadline.count()), "--pause",
         std::to_string(options.pause.count())},
        logFile);
    if (!process) {
        return fail(process.error());
    }
    PeerClient peer(std::move(*process), logFile);
    auto line = peer.m_process.readLine(std::chrono::seconds(200));
    if (!line) {
        return fail(ErrorCode::Timeout, "the peer did not report ready: " + line.error().message +
                                            " (log: " + logFile.string() + ")");
    }
    const auto w = words(*line);
    if (w.size() != 3 || w[0] != "ready") {
        return fail(ErrorCode::Internal,
                    "the peer failed: " + *line + " (log: " + logFile.string() + ")");
    }
    peer.m_ready.bootstrapMs = number(w[1]);
    peer.m_ready.residentKb = number(w[2]);
    return peer;
}

core::Result<PublishReport>
PeerClient::publish(const std::vector<transport::ClientAuthPublicKey>& clients,
                    std::chrono::milliseconds timeout) {
    if (clients.size() > kMaxServices) {
        return fail(ErrorCode::TooLarge, "too many services for one peer");
    }
    for (const auto& client : clients) {
        if (auto sent = m_process.writeLine("client " + client.toBase32()); !sent) {
            return fail(sent.error());
        }
    }
    if (auto sent = m_process.writeLine("publish"); !sent) {
        return fail(sent.error());
    }
    PublishReport report;
    report.services.resize(clients.size());
    report.reachableMs.resize(clients.size());
    const auto start = std::chrono::steady_clock::now();
    const auto deadline = start + timeout;
    auto progressAt = start + kProgressInterval;
    std::size_t reached = 0;
    bool published = false;
    while (true) {
        const auto now = std::chrono::steady_clock::now();
        if (now >= progressAt) {
            // Long counts take minutes: show that they move.
            std::printf("  %8s ... %zu of %zu uploaded after %.0f s\n", "", reached, clients.size(),
                        std::chrono::duration<double>(now - start).count());
            (void)std::fflush(stdout);
            progressAt += kProgressInterval;
        }
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now);
        auto line = m_process.readLine(
            std::clamp(left, std::chrono::milliseconds(1), std::chrono::milliseconds(1000)));
        if (!line && line.error().code == ErrorCode::Timeout && left.count() > 1000) {
            continue;
        }
        if (!line) {
            return fail(line.error().code, "while the peer published: " + line.error().message +
                                               " (log: " + m_logFile.string() + ")");
        }
        const auto w = words(*line);
        if (w.empty()) {
            continue;
        }
        if (w[0] == "service" && w.size() == 3) {
            if (const auto i = index(w[1], clients.size())) {
                if (auto address = transport::OnionAddress::parse(w[2])) {
                    report.services[*i] = *address;
                }
            }
        } else if (w[0] == "reachable" && w.size() == 3) {
            if (const auto i = index(w[1], clients.size())) {
                if (!report.reachableMs[*i]) {
                    ++reached;
                }
                report.reachableMs[*i] = number(w[2]);
            }
        } else if (w[0] == "published" && w.size() == 6) {
            report.allReachableMs = number(w[1]);
            report.reachable = static_cast<std::size_t>(number(w[2]));
            report.residentKbAfter = number(w[3]);
            report.cpuMs = number(w[4]);
            report.republished = static_cast<unsigned>(number(w[5]));
            published = true;
        } else if (w[0] == "stats" && published) {
            report.stats = line->substr(6);
            return report;
        } else if (w[0] == "error") {
            return fail(ErrorCode::Internal, "peer: " + *line);
        }
    }
}

core::Result<std::string> PeerClient::circuits() {
    if (auto sent = m_process.writeLine("circuits"); !sent) {
        return fail(sent.error());
    }
    auto line = m_process.readLine(std::chrono::seconds(30));
    if (!line) {
        return fail(line.error());
    }
    if (!line->starts_with("circuits")) {
        return fail(ErrorCode::Malformed, "unexpected answer: " + *line);
    }
    return line->size() > 9 ? line->substr(9) : std::string();
}

void PeerClient::quit() {
    (void)m_process.writeLine("quit");
    (void)m_process.finish(std::chrono::seconds(20));
}

} // namespace chive::bench
