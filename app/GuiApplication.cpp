#include "app/GuiApplication.h"

#include "app/BuildInfo.h"
#include "app/TorConfigFile.h"
#include "storage/ProfileDirectory.h"
#include "transport/EmbeddedTor.h"
#include "ui/StartupWindow.h"
#include "ui/TorStatusModel.h"

#include <unistd.h>

#include <QApplication>
#include <QSocketNotifier>

#include <array>
#include <csignal>
#include <iostream>
#include <optional>

namespace chive::app {

namespace {

// SIGINT/SIGTERM end the event loop through a self-pipe, so that Tor is shut
// down and joined on the normal path instead of dying mid-write.
std::array<int, 2> g_signalPipe{-1, -1};

void onTerminationSignal(int) {
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(g_signalPipe[1], &byte, 1);
}

void installSignalHandlers(QApplication& application) {
    if (::pipe(g_signalPipe.data()) != 0) {
        return;
    }
    auto* notifier = new QSocketNotifier(g_signalPipe[0], QSocketNotifier::Read, &application);
    QObject::connect(notifier, &QSocketNotifier::activated, &application, [] {
        char byte = 0;
        [[maybe_unused]] const auto got = ::read(g_signalPipe[0], &byte, 1);
        QApplication::quit();
    });
    struct sigaction action {};
    action.sa_handler = onTerminationSignal;
    sigemptyset(&action.sa_mask);
    ::sigaction(SIGINT, &action, nullptr);
    ::sigaction(SIGTERM, &action, nullptr);
}

struct Startup {
    // Holds the profile's lock for as long as the app runs.
    storage::ProfileDirectory profile;
    transport::TorOptions tor;
};

// Opens (creating if needed) the profile directory and gathers Tor's options.
core::Result<Startup> prepareStartup(const CommandLine& commandLine) {
    std::filesystem::path path = commandLine.profileDirectory;
    if (path.empty()) {
        auto defaultPath = storage::ProfileDirectory::defaultPath();
        if (!defaultPath) {
            return core::fail(defaultPath.error());
        }
        path = *defaultPath;
    }
    auto profile = storage::ProfileDirectory::open(path, true);
    if (!profile) {
        return core::fail(profile.error());
    }
    transport::TorOptions tor;
    tor.dataDirectory = profile->path() / "tor";
    tor.disableNetwork = commandLine.offline;
    if (!commandLine.torConfigFile.empty()) {
        auto lines = readTorConfigFile(commandLine.torConfigFile);
        if (!lines) {
            return core::fail(lines.error());
        }
        tor.extraTorrcLines = std::move(*lines);
    }
    return Startup{std::move(*profile), std::move(tor)};
}

} // namespace

int runGui(const CommandLine& commandLine, int argc, char** argv) {
    QApplication application(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Chive"));
    QApplication::setApplicationVersion(QString::fromUtf8(kChiveVersion));
    QApplication::setDesktopFileName(QStringLiteral("chive"));
    installSignalHandlers(application);

    ui::TorStatusModel torStatus;
    // Each bootstrap step also goes to stderr, for people who start chive
    // from a terminal and for the GUI tests. No addresses or keys in it.
    int loggedProgress = -1;
    QObject::connect(&torStatus, &ui::TorStatusModel::changed, &application, [&] {
        const auto& status = torStatus.status();
        if (status.progress != loggedProgress) {
            loggedProgress = status.progress;
            std::cerr << "chive: Tor bootstrap " << status.progress << '%';
            if (!status.summary.empty()) {
                std::cerr << " (" << status.summary << ')';
            }
            std::cerr << '\n';
        }
    });
    ui::StartupWindow window(torStatus);
    window.show();

    torStatus.setNetworkDisabled(commandLine.offline);
    auto reportStartFailure = [&](const core::Error& error) {
        std::cerr << "chive: " << error.message << '\n';
        torStatus.setStartFailure(QString::fromStdString(error.message));
    };
    std::optional<Startup> startup;
    std::unique_ptr<transport::EmbeddedTor> tor;
    if (auto prepared = prepareStartup(commandLine); prepared) {
        startup.emplace(std::move(*prepared));
        if (auto running = transport::EmbeddedTor::start(startup->tor, torStatus)) {
            tor = std::move(*running);
        } else {
            reportStartFailure(running.error());
        }
    } else {
        reportStartFailure(prepared.error());
    }

    const int code = QApplication::exec();
    if (tor) {
        tor->stop();
    }
    return code;
}

} // namespace chive::app
