// chive_gui_driver: the real desktop app (GuiHarness: the same parts as
// app/GuiApplication.cpp, the real profile and the embedded Tor), driven
// only through its widgets, for the end-to-end GUI test on the private Tor
// network and for the screenshots.
//
//   chive_gui_driver --role alice|bob --exchange-dir DIR --profile P
//                    --tor-config F [--screenshots OUT]
//
// Two processes, alice and bob, each on a fresh profile: create it on the
// first-run page, wait for Tor, open the add-contact dialog, make a link,
// swap the links through DIR (<role>.link, written atomically), enter the
// other's link, wait until the contact is connected, click it, type a
// message + Enter, and wait until the other's message is shown and ours is
// delivered. Then each writes <role>.done and waits for the other's, so
// neither leaves while the other still waits for an acknowledgement.
//
// --screenshots OUT (alice only) also saves PNGs of the states on the way
// (first run, bootstrapping, the add-contact dialog with its QR, the
// contact list, a chat with delivered and queued messages): after bob has
// left, two more messages stay queued. CHIVE_THEME picks the palette.
//
// Exit status: 0 on success, 1 with the failed step on stderr, 2 for bad
// arguments. Every wait is bounded.

#include "core/Sodium.h"
#include "ui/AddContactDialog.h"
#include "ui/ContactListModel.h"
#include "ui/ContactsPane.h"
#include "ui/ConversationModel.h"
#include "ui/ConversationPane.h"
#include "ui/InvitationListModel.h"
#include "ui/MainWindow.h"
#include "ui/MessageInput.h"
#include "ui/TorStatusModel.h"

#include <QApplication>
#include <QDir>
#include <QLineEdit>
#include <QPixmap>
#include <QTest>

#include <chrono>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <optional>
#include <string>

#include "GuiHarness.h"
#include "WidgetSteps.h"

namespace {

using namespace std::chrono_literals;
namespace steps = chive::gui::test;

struct Options {
    std::string role;
    std::filesystem::path exchange;
    std::filesystem::path profile;
    std::filesystem::path torConfig;
    std::filesystem::path screenshots;
};

std::optional<Options> parse(const QStringList& arguments) {
    Options options;
    for (int i = 1; i < arguments.size(); ++i) {
        const QString& name = arguments[i];
        if (i + 1 >= arguments.size()) {
            return std::nullopt;
        }
        const std::string value = arguments[++i].toStdString();
        if (name == QLatin1String("--role")) {
            options.role = value;
        } else if (name == QLatin1String("--exchange-dir")) {
            options.exchange = value;
        } else if (name == QLatin1String("--profile")) {
            options.profile = value;
        } else if (name == QLatin1String("--tor-config")) {
            options.torConfig = value;
        } else if (name == QLatin1String("--screenshots")) {
            options.screenshots = value;
        } else {
            return std::nullopt;
        }
    }
    if ((options.role != "alice" && options.role != "bob") || options.exchange.empty() ||
        options.profile.empty() || options.torConfig.empty() ||
        (!options.screenshots.empty() && options.role != "alice")) {
        return std::nullopt;
    }
    return options;
}

class Scenario {
public:
    Scenario(const Options& options, steps::GuiHarness& harness)
        : m_options(options)
        , m_harness(harness)
        , m_window(harness.window())
        , m_peer(options.role == "alice" ? "bob" : "alice")
        , m_started(std::chrono::steady_clock::now()) {}

    void run() {
        const bool pictures = !m_options.screenshots.empty();
        if (pictures) {
            m_window.resize(980, 640);
            m_window.show();
        }
        steps::createProfile(m_window, QStringLiteral("Mellow-Parsnip-Orbit-42"), 120s,
                             [&] { shoot(m_window, "first-run"); });
        log("profile created");
        if (pictures) {
            shoot(m_window, "bootstrapping");
        }
        auto& tor = m_harness.torStatus();
        steps::waitUntil([&] { return tor.status().progress >= 100; }, 180s,
                         "Tor to bootstrap on the private network",
                         [&] {
                             return std::to_string(tor.status().progress) + "%, \"" +
                                    tor.status().summary + "\"";
                         });
        log("Tor bootstrapped");

        const QString peerAlias = m_peer == "bob" ? QStringLiteral("Bob") : QStringLiteral("Alice");
        auto& dialog = steps::openAddContact(m_window, peerAlias, 30s);
        steps::writeFileAtomically(path(m_options.role + ".link"),
                                   dialog.ownLinkField().text().toStdString());
        const std::string peerLink =
            steps::waitForFile(path(m_peer + ".link"), 150s, "the other's link");
        log("links swapped");
        steps::enterPeerLink(dialog, QString::fromStdString(peerLink), 30s,
                             [&] { shoot(dialog, "add-contact"); });

        const auto contact = steps::waitForContact(m_window, peerAlias, 120s);
        steps::waitForState(m_window, contact, chive::core::ContactState::Connected, 180s);
        log("contact connected");
        steps::selectContact(m_window, contact, 20s);

        const QString mine = textOf(m_options.role);
        const QString theirs = textOf(m_peer);
        steps::sendMessage(m_window, mine, 20s);
        if (pictures) {
            steps::sendMessage(m_window, QStringLiteral("Are we still on for Friday?"), 20s);
        }
        steps::waitUntil(
            [&] {
                return steps::findMessage(m_window, theirs, chive::core::MessageDirection::Incoming)
                    .has_value();
            },
            180s, "the other's message in the conversation",
            [&] {
                return std::to_string(steps::conversationPane(m_window).model().rowCount()) +
                       " rows shown";
            });
        log("their message arrived");
        steps::waitUntil(
            [&] {
                return steps::deliveryOf(m_window, mine) == chive::core::DeliveryState::Delivered;
            },
            180s, "our message to be delivered",
            [&] {
                const auto state = steps::deliveryOf(m_window, mine);
                return state ? "it is " +
                                   chive::ui::ConversationModel::deliveryName(*state).toStdString()
                             : std::string("it is not shown");
            });
        log("our message delivered");

        steps::writeFileAtomically(path(m_options.role + ".done"), "done\n");
        steps::waitForFile(path(m_peer + ".done"), 90s, "the other to finish");
        if (pictures) {
            queuedAndPictures(contact);
        }
        log("done");
    }

private:
    static QString textOf(const std::string& role) {
        return role == "alice" ? QStringLiteral("Hello Bob, this is Alice over Tor.")
                               : QStringLiteral("Hi Alice! Bob here, loud and clear.");
    }

    // After bob left: messages that stay queued, a pending invitation, and
    // the pictures of the contact list and the chat.
    void queuedAndPictures(chive::core::ContactId bob) {
        steps::waitUntil(
            [&] {
                const auto& pane = steps::contactsPane(m_window).contacts();
                const int row = pane.rowOf(bob);
                return row >= 0 &&
                       pane.data(pane.index(row, 0), chive::ui::ContactListModel::PresenceRole)
                               .toInt() != static_cast<int>(chive::core::Presence::Online);
            },
            120s, "bob to be seen offline after he left");
        const QString queued[] = {QStringLiteral("Bring the map, please."),
                                  QStringLiteral("Call me when you are back online.")};
        for (const auto& text : queued) {
            steps::sendMessage(m_window, text, 20s);
        }
        for (const auto& text : queued) {
            if (steps::deliveryOf(m_window, text) != chive::core::DeliveryState::Queued) {
                throw steps::StepFailed("a message sent while bob is away is not queued");
            }
        }
        auto& carol = steps::openAddContact(m_window, QStringLiteral("Carol"), 30s);
        carol.reject();
        steps::waitUntil(
            [&] { return steps::contactsPane(m_window).invitations().rowCount() == 1; }, 10s,
            "the pending invitation in the list");
        steps::conversationPane(m_window).input().setFocus();
        shoot(m_window, "chat");
        shoot(steps::contactsPane(m_window), "contact-list");
    }

    void shoot(QWidget& widget, const std::string& name) {
        if (m_options.screenshots.empty()) {
            return;
        }
        QTest::qWait(400); // let layouts settle and the window paint
        const auto file = m_options.screenshots / (name + ".png");
        if (!widget.grab().save(QString::fromStdString(file.string()))) {
            throw steps::StepFailed("cannot save " + file.string());
        }
        log("saved " + file.string());
    }

    [[nodiscard]] std::string path(const std::string& name) const {
        return (m_options.exchange / name).string();
    }

    void log(const std::string& what) const {
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - m_started).count();
        std::cerr << "chive_gui_driver[" << m_options.role << "] " << std::fixed
                  << std::setprecision(1) << seconds << " s: " << what << '\n';
    }

    const Options& m_options;
    steps::GuiHarness& m_harness;
    chive::ui::MainWindow& m_window;
    std::string m_peer;
    std::chrono::steady_clock::time_point m_started;
};

} // namespace

int main(int argc, char** argv) {
    chive::core::ensureSodium();
    QApplication application(argc, argv);
    const auto options = parse(QCoreApplication::arguments());
    if (!options) {
        std::cerr << "usage: chive_gui_driver --role alice|bob --exchange-dir DIR --profile P "
                     "--tor-config F [--screenshots OUT (alice only)]\n";
        return 2;
    }
    QCoreApplication::setOrganizationName(QStringLiteral("chive"));
    QCoreApplication::setApplicationName(QStringLiteral("Chive"));
    if (!options->screenshots.empty()) {
        std::filesystem::create_directories(options->screenshots);
    }
    const steps::HarnessOptions harnessOptions{
        options->profile, options->exchange / (options->role + ".ini"), options->torConfig, false};
    auto tor = steps::GuiHarness::torOptions(harnessOptions);
    if (!tor) {
        std::cerr << "chive_gui_driver[" << options->role << "]: " << tor.error().message << '\n';
        return 2;
    }
    int code = 0;
    {
        steps::GuiHarness harness(harnessOptions, std::move(*tor));
        try {
            Scenario(*options, harness).run();
        } catch (const steps::StepFailed& failure) {
            std::cerr << "chive_gui_driver[" << options->role << "] FAILED: " << failure.what()
                      << '\n';
            code = 1;
        }
    }
    return code;
}
