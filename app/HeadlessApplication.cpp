#include "app/HeadlessApplication.h"

#include "app/CommandHandler.h"
#include "app/EngineRuntime.h"
#include "app/HeadlessEvents.h"
#include "app/LineReader.h"
#include "app/OutputChannel.h"
#include "app/ProfileSession.h"
#include "app/TorConfigFile.h"
#include "core/engine/NetworkEventRelay.h"
#include "storage/ProfileDirectory.h"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <array>
#include <csignal>
#include <iostream>

namespace chive::app {

namespace {

// SIGINT/SIGTERM wake the command loop through a self-pipe, so that the
// engine, the profile and Tor are shut down on the normal path.
// The signal handler can reach only a global.
// NOLINTNEXTLINE(cppcoreguidelines-avoid-non-const-global-variables)
std::array<int, 2> g_wakePipe{-1, -1};

void onTerminationSignal(int /*signal*/) {
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(g_wakePipe[1], &byte, 1);
}

void installSignalHandlers() {
    // A reader that goes away must not kill the process mid-write: the
    // write fails with EPIPE instead and the loop ends.
    (void)std::signal(SIGPIPE, SIG_IGN);
    if (::pipe2(g_wakePipe.data(), O_CLOEXEC | O_NONBLOCK) != 0) {
        return;
    }
    struct sigaction action {};
    action.sa_handler = onTerminationSignal;
    sigemptyset(&action.sa_mask);
    ::sigaction(SIGINT, &action, nullptr);
    ::sigaction(SIGTERM, &action, nullptr);
}

} // namespace

int runHeadless(const CommandLine& commandLine) {
    std::filesystem::path directory = commandLine.profileDirectory;
    if (directory.empty()) {
        auto defaultPath = storage::ProfileDirectory::defaultPath();
        if (!defaultPath) {
            std::cerr << "chive: " << defaultPath.error().message << '\n';
            return 2;
        }
        directory = *defaultPath;
    }
    transport::TorOptions tor;
    tor.dataDirectory = directory / "tor";
    tor.disableNetwork = commandLine.offline;
    if (!commandLine.torConfigFile.empty()) {
        auto lines = readTorConfigFile(commandLine.torConfigFile);
        if (!lines) {
            std::cerr << "chive: " << lines.error().message << '\n';
            return 2;
        }
        tor.extraTorrcLines = std::move(*lines);
    }
    installSignalHandlers();
    std::cerr << "chive: headless mode, profile " << directory.string()
              << (commandLine.offline ? ", Tor offline" : "") << '\n';

    // Tor and each transport report to the relay, which outlives them; each
    // unlock attaches a new engine to it.
    core::NetworkEventRelay relay;
    OutputChannel output(STDOUT_FILENO);
    HeadlessEvents events(output, relay);
    MessengerFactory factory = [&](storage::Profile& profile, transport::RunningTor& embedded) {
        return EngineRuntime::create(profile, embedded, relay, events);
    };
    int code = 0;
    {
        ProfileSession session(directory, std::move(tor), events.torListener(), factory);
        CommandHandler handler(session, events);
        LineReader reader(STDIN_FILENO, g_wakePipe[0], kMaxHeadlessLine);
        WipedString line;
        for (;;) {
            auto next = reader.next(line);
            if (!next) {
                std::cerr << "chive: " << next.error().message << '\n';
                code = 1;
                break;
            }
            if (*next == LineReader::Outcome::EndOfInput || *next == LineReader::Outcome::Woken) {
                break;
            }
            if (*next == LineReader::Outcome::TooLong) {
                output.reply(CommandHandler::tooLong(kMaxHeadlessLine));
                continue;
            }
            if (line.find_first_not_of(" \t") == WipedString::npos) {
                continue; // blank lines are allowed between commands
            }
            auto outcome = handler.handle(line);
            sodium_memzero(line.data(), line.size());
            line.clear();
            output.reply(outcome.reply);
            if (outcome.quit) {
                break;
            }
            if (output.broken()) {
                std::cerr << "chive: stdout is closed\n";
                code = 1;
                break;
            }
        }
        session.shutdown();
    }
    output.close();
    std::cerr << "chive: headless mode ends\n";
    return code;
}

} // namespace chive::app
