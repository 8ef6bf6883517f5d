#include "app/GuiApplication.h"

#include "app/BuildInfo.h"
#include "app/TorConfigFile.h"
#include "transport/EmbeddedTor.h"
#include "ui/StartupWindow.h"
#include "ui/TorStatusModel.h"

#include <sys/stat.h>
#include <unistd.h>

#include <QApplication>
#include <QSocketNotifier>

#include <array>
#include <csignal>
#include <iostream>

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

core::Status prepareProfileDirectory(const std::filesystem::path& dir) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) {
        return core::fail(core::ErrorCode::Io, "cannot create the profile directory " +
                                                   dir.string() + ": " + ec.message());
    }
    if (::chmod(dir.c_str(), S_IRWXU) != 0) {
        return core::fail(core::ErrorCode::Io,
                          "cannot make the profile directory private: " + dir.string());
    }
    return {};
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

    transport::TorOptions options;
    const auto profile = commandLine.profileDirectory.empty() ? defaultProfileDirectory()
                                                              : commandLine.profileDirectory;
    options.dataDirectory = profile / "tor";
    options.disableNetwork = commandLine.offline;
    torStatus.setNetworkDisabled(commandLine.offline);

    std::unique_ptr<transport::EmbeddedTor> tor;
    auto prepared = prepareProfileDirectory(profile);
    if (prepared && !commandLine.torConfigFile.empty()) {
        auto lines = readTorConfigFile(commandLine.torConfigFile);
        if (lines) {
            options.extraTorrcLines = std::move(*lines);
        } else {
            prepared = tl::unexpected(lines.error());
        }
    }
    if (!prepared) {
        torStatus.setStartFailure(QString::fromStdString(prepared.error().message));
    } else if (auto started = transport::EmbeddedTor::start(options, torStatus); started) {
        tor = std::move(*started);
    } else {
        std::cerr << "chive: " << started.error().message << '\n';
        torStatus.setStartFailure(QString::fromStdString(started.error().message));
    }

    const int code = QApplication::exec();
    if (tor) {
        tor->stop();
    }
    return code;
}

} // namespace chive::app
