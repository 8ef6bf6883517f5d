#include "app/GuiApplication.h"

#include "app/BuildInfo.h"
#include "app/GuiNetworkSettings.h"
#include "app/GuiProfileBackend.h"
#include "app/TorConfigFile.h"
#include "core/SecureBuffer.h"
#include "storage/ProfileDirectory.h"
#include "ui/AppSettings.h"
#include "ui/MainWindow.h"
#include "ui/MessengerBridge.h"
#include "ui/NetworkSettingsDialog.h"
#include "ui/Palettes.h"
#include "ui/ProfileController.h"
#include "ui/TorStatusModel.h"

#include <fcntl.h>
#include <unistd.h>

#include <QApplication>
#include <QSettings>
#include <QSocketNotifier>

#include <array>
#include <cerrno>
#include <charconv>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <optional>

namespace chive::app {

namespace {

// SIGINT/SIGTERM end the event loop through a self-pipe, so that the
// engine, the profile and Tor are shut down on the normal path instead of
// dying mid-write. The signal handler can reach only a global.
// NOLINTNEXTLINE(cppcoreguidelines-avoid-non-const-global-variables)
std::array<int, 2> g_signalPipe{-1, -1};

void onTerminationSignal(int /*signal*/) {
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(g_signalPipe[1], &byte, 1);
}

void installSignalHandlers(QApplication& application) {
    if (::pipe2(g_signalPipe.data(), O_CLOEXEC) != 0) {
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

// A password is a line of text; more than this is refused.
constexpr std::size_t kMaxPasswordBytes = 1024;

// CHIVE_PASSWORD_FD=<fd>: for scripts, the password is read from that file
// descriptor once (up to end of file; one trailing newline is dropped) and
// the descriptor closed. Never from argv or a plain environment value, where
// other users' `ps` or /proc could read it.
std::optional<core::SecureBuffer> passwordFromEnvironment() {
    const char* value = std::getenv("CHIVE_PASSWORD_FD");
    if (value == nullptr) {
        return std::nullopt;
    }
    const std::string text(value);
    ::unsetenv("CHIVE_PASSWORD_FD");
    int fd = -1;
    const auto parsed = std::from_chars(text.data(), text.data() + text.size(), fd);
    if (parsed.ec != std::errc{} || parsed.ptr != text.data() + text.size() || fd < 0) {
        std::cerr << "chive: CHIVE_PASSWORD_FD is not a file descriptor number\n";
        return std::nullopt;
    }
    core::SecureBuffer buffer(kMaxPasswordBytes + 1);
    std::size_t used = 0;
    while (used < buffer.size()) {
        const auto got = ::read(fd, buffer.data() + used, buffer.size() - used);
        if (got < 0 && errno == EINTR) {
            continue;
        }
        if (got <= 0) {
            if (got < 0) {
                std::cerr << "chive: cannot read CHIVE_PASSWORD_FD: " << std::strerror(errno)
                          << '\n';
                ::close(fd);
                return std::nullopt;
            }
            break;
        }
        used += static_cast<std::size_t>(got);
    }
    ::close(fd);
    if (used > kMaxPasswordBytes) {
        std::cerr << "chive: the password from CHIVE_PASSWORD_FD is longer than "
                  << kMaxPasswordBytes << " bytes\n";
        return std::nullopt;
    }
    if (used > 0 && buffer.data()[used - 1] == '\n') {
        --used;
        if (used > 0 && buffer.data()[used - 1] == '\r') {
            --used;
        }
    }
    return core::SecureBuffer::copyOf(std::span<const std::uint8_t>(buffer.data(), used));
}

core::Result<std::filesystem::path> profilePath(const CommandLine& commandLine) {
    if (!commandLine.profileDirectory.empty()) {
        return commandLine.profileDirectory;
    }
    return storage::ProfileDirectory::defaultPath();
}

core::Result<transport::TorOptions> torOptions(const CommandLine& commandLine,
                                               const std::filesystem::path& profile) {
    transport::TorOptions tor;
    tor.dataDirectory = profile / "tor";
    tor.disableNetwork = commandLine.offline;
    if (!commandLine.torConfigFile.empty()) {
        auto lines = readTorConfigFile(commandLine.torConfigFile);
        if (!lines) {
            return core::fail(lines.error());
        }
        tor.extraTorrcLines = std::move(*lines);
    }
    return tor;
}

} // namespace

int runGui(const CommandLine& commandLine, int argc, char** argv) {
    // Read before anything else can inherit or print the environment.
    auto scriptPassword = passwordFromEnvironment();

    QApplication application(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("chive"));
    QApplication::setApplicationName(QStringLiteral("Chive"));
    QApplication::setApplicationVersion(QString::fromUtf8(kChiveVersion));
    QApplication::setDesktopFileName(QStringLiteral("chive"));
    installSignalHandlers(application);

    auto directory = profilePath(commandLine);
    if (!directory) {
        std::cerr << "chive: " << directory.error().message << '\n';
        return 2;
    }
    auto tor = torOptions(commandLine, *directory);
    if (!tor) {
        std::cerr << "chive: " << tor.error().message << '\n';
        return 2;
    }

    // Preferences and window layout only (ui/AppSettings.h): nothing from
    // the profile is written here.
    QSettings qsettings;
    ui::AppSettings settings(qsettings);
    ui::Palettes palettes;
    palettes.apply(settings.theme());
    QObject::connect(&settings, &ui::AppSettings::changed, &application,
                     [&] { palettes.apply(settings.theme()); });

    ui::TorStatusModel torStatus;
    torStatus.setNetworkDisabled(commandLine.offline);
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

    ui::MessengerBridge bridge;
    int code = 0;
    {
        GuiProfileBackend backend(*directory, std::move(*tor), bridge, torStatus);
        {
            ui::ProfileController controller(backend);
            QObject::connect(&controller, &ui::ProfileController::failed, &application,
                             [](ui::ProfileController::Operation, const QString& reason,
                                core::ErrorCode errorCode) {
                                 std::cerr << "chive: " << core::errorCodeName(errorCode) << ": "
                                           << reason.toStdString() << '\n';
                             });
            ui::MainWindow window(controller, bridge, torStatus, settings);
            GuiNetworkSettings networkSettings(backend.session());
            QObject::connect(&window, &ui::MainWindow::networkSettingsRequested, &window, [&] {
                auto* dialog = new ui::NetworkSettingsDialog(networkSettings, &window);
                dialog->setAttribute(Qt::WA_DeleteOnClose);
                dialog->open();
            });
            window.show();

            if (commandLine.contactLink) {
                window.openAddContact(QString::fromStdString(*commandLine.contactLink));
            }
            if (scriptPassword) {
                if (controller.state() == ui::ProfileBackend::State::Locked) {
                    controller.unlock(std::move(*scriptPassword));
                } else {
                    std::cerr << "chive: CHIVE_PASSWORD_FD given but there is no locked "
                                 "profile to unlock\n";
                }
                scriptPassword.reset();
            }

            code = QApplication::exec();
            // The window (and with it every model on the messenger) goes
            // first, then the controller's thread is joined, then the
            // profile is locked and Tor stopped.
        }
        backend.shutdown();
    }
    return code;
}

} // namespace chive::app
