#include "app/GuiApplication.h"

#include "app/BuildInfo.h"
#include "app/GuiNetworkSettings.h"
#include "app/GuiProfileBackend.h"
#include "app/TorConfigFile.h"
#include "core/SecureBuffer.h"
#include "core/link/HandOffRequest.h"
#include "storage/ProfileDirectory.h"
#include "ui/AppSettings.h"
#include "ui/MainWindow.h"
#include "ui/MessengerBridge.h"
#include "ui/NetworkSettingsDialog.h"
#include "ui/Palettes.h"
#include "ui/ProfileController.h"
#include "ui/SingleInstance.h"
#include "ui/TorStatusModel.h"

#include <fcntl.h>
#include <unistd.h>

#include <QApplication>
#include <QCoreApplication>
#include <QSettings>
#include <QSocketNotifier>

#include <array>
#include <cerrno>
#include <charconv>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <memory>
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

// How long a second start waits for the first: to connect (the first may
// still be starting), then for its answer.
constexpr int kHandOffConnectMs = 5000;
constexpr int kHandOffReplyMs = 5000;

// A second start on a profile: passes its link (or only "come to the
// front") to the Chive that runs on it, then ends. No Tor, no display.
int handOffToFirst(const ui::SingleInstance& instance, const CommandLine& commandLine, int argc,
                   char** argv) {
    QCoreApplication application(argc, argv);
    auto request = core::HandOffRequest::raise();
    if (commandLine.contactLink) {
        auto withLink = core::HandOffRequest::withLink(*commandLine.contactLink);
        if (!withLink) {
            std::cerr << "chive: Chive is already running, but " << withLink.error().message
                      << '\n';
            return 1;
        }
        request = std::move(*withLink);
    }
    const auto sent = ui::SingleInstance::handOff(instance.socketPath(), request, kHandOffConnectMs,
                                                  kHandOffReplyMs);
    if (!sent) {
        std::cerr << "chive: Chive is already running on this profile, but " << sent.error().message
                  << '\n';
        return 1;
    }
    std::cerr << (commandLine.contactLink
                      ? "chive: Chive is already running; the link was passed to it\n"
                      : "chive: Chive is already running; its window was raised\n");
    return 0;
}

// Shows the window, also from the tray or minimized, and asks the window
// manager to activate it.
void bringToFront(QWidget& window) {
    if (window.isMinimized()) {
        window.setWindowState(window.windowState() & ~Qt::WindowMinimized);
    }
    window.show();
    window.raise();
    window.activateWindow();
}

} // namespace

int runGui(const CommandLine& commandLine, int argc, char** argv) {
    // Read before anything else can inherit or print the environment.
    auto scriptPassword = passwordFromEnvironment();

    auto directory = profilePath(commandLine);
    if (!directory) {
        std::cerr << "chive: " << directory.error().message << '\n';
        return 2;
    }
    // One Chive per profile, decided before Tor or anything of the profile
    // starts: a second start hands its link over and ends.
    std::unique_ptr<ui::SingleInstance> instance;
    if (auto claimed = ui::SingleInstance::claim(*directory)) {
        instance = std::move(*claimed);
        if (instance->role() == ui::SingleInstance::Role::Secondary) {
            return handOffToFirst(*instance, commandLine, argc, argv);
        }
    } else {
        std::cerr << "chive: cannot tell whether Chive already runs on this profile: "
                  << claimed.error().message << '\n';
    }

    QApplication application(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("chive"));
    QApplication::setApplicationName(QStringLiteral("Chive"));
    QApplication::setApplicationVersion(QString::fromUtf8(kChiveVersion));
    QApplication::setDesktopFileName(QStringLiteral("chive"));
    installSignalHandlers(application);

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
            if (instance) {
                QObject::connect(instance.get(), &ui::SingleInstance::raiseRequested, &window,
                                 [&window] { bringToFront(window); });
                QObject::connect(instance.get(), &ui::SingleInstance::linkReceived, &window,
                                 [&window](const QString& link) {
                                     // The link itself is never logged.
                                     std::cerr << "chive: received a contact link from another "
                                                  "start\n";
                                     window.openAddContact(link);
                                 });
                if (auto listening = instance->listen()) {
                    std::cerr << "chive: waiting for other starts on "
                              << instance->socketPath().toStdString() << '\n';
                } else {
                    std::cerr << "chive: later starts cannot reach this one: "
                              << listening.error().message << '\n';
                }
            }
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
    // Only now, with the profile locked and Tor stopped, may another start
    // become the first; the socket goes while the application still exists.
    instance.reset();
    return code;
}

} // namespace chive::app
