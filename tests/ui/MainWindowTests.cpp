#include "ui/AddContactDialog.h"
#include "ui/AppSettings.h"
#include "ui/ChangePasswordDialog.h"
#include "ui/ContactsPane.h"
#include "ui/ConversationPane.h"
#include "ui/IdleMonitor.h"
#include "ui/MainView.h"
#include "ui/MainWindow.h"
#include "ui/MessengerBridge.h"
#include "ui/Palettes.h"
#include "ui/ProfileController.h"
#include "ui/SettingsDialog.h"
#include "ui/TorBanner.h"
#include "ui/TorStatusModel.h"
#include "ui/TrayIcon.h"
#include "ui/UnlockPage.h"
#include "ui/WelcomePage.h"

#include <catch2/catch_test_macros.hpp>

#include <QAbstractItemModel>
#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>

#include <fstream>
#include <memory>
#include <string>

#include "UiTestSupport.h"

using chive::ui::AppSettings;
using chive::ui::MainView;
using chive::ui::MainWindow;
using chive::ui::MessengerBridge;
using chive::ui::ProfileBackend;
using chive::ui::ProfileController;
using chive::ui::test::LoopbackProfile;
using chive::ui::test::secret;
using chive::ui::test::testApplication;
using chive::ui::test::waitFor;

namespace {

const std::string kPassword = "correct horse battery staple";

// One person's window over a loopback profile, with its own settings file.
// `prepare` runs on the profile before the window exists (e.g. create it).
struct Shell {
    explicit Shell(const std::function<void(LoopbackProfile&)>& prepare = {},
                   const QString& settingsFile = {})
        : qsettings(settingsFile.isEmpty() ? settingsDir.filePath(QStringLiteral("chive.conf"))
                                           : settingsFile,
                    QSettings::IniFormat) {
        testApplication();
        REQUIRE(settingsDir.isValid());
        if (prepare) {
            prepare(profile);
        }
        controller = std::make_unique<ProfileController>(profile);
        window = std::make_unique<MainWindow>(*controller, bridge, torStatus, settings);
        window->show();
        REQUIRE(QTest::qWaitForWindowExposed(window.get()));
    }
    ~Shell() {
        window.reset();
        controller.reset();
    }
    Shell(const Shell&) = delete;
    Shell& operator=(const Shell&) = delete;
    Shell(Shell&&) = delete;
    Shell& operator=(Shell&&) = delete;

    void unlock(const std::string& password) {
        // A lock may still be running; the page takes a password after it.
        REQUIRE(waitFor([&] { return !controller->busy(); }));
        auto* edit = window->unlockPage()->passwordEdit();
        QTest::keyClicks(edit, QString::fromStdString(password));
        QTest::keyClick(edit, Qt::Key_Return);
    }
    void unlockAndWait() {
        unlock(kPassword);
        REQUIRE(waitFor([&] { return window->page() == MainWindow::Page::Main; }));
    }

    QTemporaryDir settingsDir;
    QSettings qsettings;
    AppSettings settings{qsettings};
    chive::transport::LoopbackNetwork network;
    MessengerBridge bridge;
    chive::ui::TorStatusModel torStatus;
    LoopbackProfile profile{network, bridge};
    std::unique_ptr<ProfileController> controller;
    std::unique_ptr<MainWindow> window;
};

void createLocked(LoopbackProfile& profile) {
    REQUIRE(profile.create(secret(kPassword)));
    REQUIRE(profile.lock());
}

} // namespace

TEST_CASE("the first run creates a profile only with a good and confirmed password",
          "[ui][shell]") {
    Shell shell;
    auto& window = *shell.window;
    auto* welcome = window.welcomePage();
    REQUIRE(window.page() == MainWindow::Page::Welcome);
    CHECK_FALSE(welcome->createButton()->isEnabled());

    QTest::keyClicks(welcome->passwordEdit(), QStringLiteral("abc12"));
    QTest::keyClicks(welcome->confirmationEdit(), QStringLiteral("abc12"));
    CHECK(welcome->strengthText().contains(QStringLiteral("weak")));
    CHECK_FALSE(welcome->createButton()->isEnabled());
    // Enter does not get past a weak password either.
    QTest::keyClick(welcome->confirmationEdit(), Qt::Key_Return);
    QTest::qWait(100);
    CHECK(shell.profile.state() == ProfileBackend::State::Missing);

    welcome->passwordEdit()->clear();
    welcome->confirmationEdit()->clear();
    QTest::keyClicks(welcome->passwordEdit(), QString::fromStdString(kPassword));
    QTest::keyClicks(welcome->confirmationEdit(), QStringLiteral("correct horse battery stapler"));
    CHECK(welcome->strengthText().contains(QStringLiteral("strong")));
    CHECK(welcome->problemText().contains(QStringLiteral("do not match")));
    CHECK_FALSE(welcome->createButton()->isEnabled());

    QTest::keyClick(welcome->confirmationEdit(), Qt::Key_Backspace);
    CHECK(welcome->problemText().isEmpty());
    REQUIRE(welcome->createButton()->isEnabled());
    QTest::keyClick(welcome->confirmationEdit(), Qt::Key_Return);
    // The password left the line edits as soon as it was taken.
    CHECK(welcome->passwordEdit()->text().isEmpty());
    CHECK(welcome->confirmationEdit()->text().isEmpty());
    REQUIRE(waitFor([&] { return window.page() == MainWindow::Page::Main; }));
    CHECK(shell.profile.state() == ProfileBackend::State::Unlocked);
    REQUIRE(shell.controller->messenger() != nullptr);
    CHECK(window.lockAction()->isEnabled());
}

TEST_CASE("password strength follows length and character classes", "[ui][shell]") {
    using chive::ui::passwordStrength;
    using chive::ui::PasswordStrength;
    CHECK(passwordStrength(QStringLiteral("Ab1!")) == PasswordStrength::Weak);
    CHECK(passwordStrength(QStringLiteral("abcdefgh")) == PasswordStrength::Weak);
    CHECK(passwordStrength(QStringLiteral("abcdefg1X")) == PasswordStrength::Fair);
    CHECK(passwordStrength(QStringLiteral("abcdefghijkl")) == PasswordStrength::Fair);
    CHECK(passwordStrength(QStringLiteral("abcdefgh12XY")) == PasswordStrength::Strong);
    CHECK(passwordStrength(QString::fromStdString(kPassword)) == PasswordStrength::Strong);
}

TEST_CASE("a wrong password is named as such and the right one unlocks", "[ui][shell]") {
    Shell shell(createLocked);
    auto& window = *shell.window;
    REQUIRE(window.page() == MainWindow::Page::Unlock);
    QSignalSpy busy(shell.controller.get(), &ProfileController::busyChanged);

    shell.unlock("not the password");
    CHECK(window.unlockPage()->passwordEdit()->text().isEmpty());
    REQUIRE(waitFor([&] { return !window.unlockPage()->messageText().isEmpty(); }));
    CHECK(window.unlockPage()->messageText().contains(QStringLiteral("Wrong password")));
    CHECK_FALSE(window.unlockPage()->messageText().contains(QStringLiteral("damaged")));
    CHECK(window.page() == MainWindow::Page::Unlock);
    // Busy while the key was derived, idle again after.
    REQUIRE(busy.size() >= 2);
    CHECK(busy.front().front().toBool());
    CHECK_FALSE(busy.back().front().toBool());

    shell.unlockAndWait();
    CHECK(shell.profile.state() == ProfileBackend::State::Unlocked);
}

TEST_CASE("a damaged profile is not reported as a wrong password", "[ui][shell]") {
    Shell shell([](LoopbackProfile& profile) {
        createLocked(profile);
        for (const char* name : {"profile.key", "profile.key.bak"}) {
            const auto path = profile.directory() / name;
            if (std::filesystem::exists(path)) {
                std::ofstream(path, std::ios::binary | std::ios::trunc) << "not a key file";
            }
        }
    });
    shell.unlock(kPassword);
    REQUIRE(waitFor([&] { return !shell.window->unlockPage()->messageText().isEmpty(); }));
    const QString message = shell.window->unlockPage()->messageText();
    CHECK(message.contains(QStringLiteral("damaged")));
    CHECK_FALSE(message.contains(QStringLiteral("Wrong password")));
}

TEST_CASE("locking drops the main view and its models and shows the unlock page", "[ui][shell]") {
    Shell shell(createLocked);
    auto& window = *shell.window;
    shell.unlockAndWait();
    MainView* shown = window.mainView();
    REQUIRE(shown != nullptr);
    QPointer<MainView> view = shown;
    QPointer<chive::ui::ContactsPane> contacts = shown->contactsPane();
    QPointer<chive::ui::ConversationPane> conversation = shown->conversationPane();

    QApplication::setActiveWindow(&window);
    REQUIRE(QTest::qWaitForWindowActive(&window));
    QTest::keyClick(&window, Qt::Key_L, Qt::ControlModifier);
    CHECK(window.page() == MainWindow::Page::Unlock);
    CHECK(view.isNull());
    CHECK(contacts.isNull());
    CHECK(conversation.isNull());
    CHECK(window.mainView() == nullptr);
    CHECK(window.findChildren<QAbstractItemModel*>().isEmpty());
    CHECK(shell.controller->messenger() == nullptr);
    REQUIRE(waitFor([&] { return shell.profile.state() == ProfileBackend::State::Locked; }));
    CHECK_FALSE(window.lockAction()->isEnabled());

    // And it opens again.
    shell.unlockAndWait();
    CHECK(window.mainView() != nullptr);
}

TEST_CASE("the app locks itself after the idle time and input postpones it", "[ui][shell]") {
    Shell shell(createLocked);
    auto& window = *shell.window;
    CHECK(window.idleMonitor().intervalMs() == AppSettings::kDefaultAutoLockMinutes * 60'000);
    shell.unlockAndWait();

    window.idleMonitor().setIntervalMs(400);
    for (int i = 0; i < 8; ++i) {
        QTest::qWait(100);
        QTest::mouseMove(window.mainView(), QPoint(10 + i, 10 + i));
    }
    CHECK(window.page() == MainWindow::Page::Main);

    REQUIRE(waitFor([&] { return window.page() == MainWindow::Page::Unlock; }, 3000));
    CHECK(window.unlockPage()->messageText().contains(QStringLiteral("locked itself")));
    REQUIRE(waitFor([&] { return shell.profile.state() == ProfileBackend::State::Locked; }));
    // Nothing to lock: the monitor rests until the next unlock.
    CHECK_FALSE(window.idleMonitor().active());

    // 0 minutes means never.
    shell.settings.setAutoLockMinutes(0);
    shell.unlockAndWait();
    CHECK(window.idleMonitor().intervalMs() == 0);
    QTest::qWait(600);
    CHECK(window.page() == MainWindow::Page::Main);
}

TEST_CASE("settings are kept across runs and hold no profile data; notification text is off by "
          "default",
          "[ui][shell]") {
    QTemporaryDir keep;
    const QString path = keep.filePath(QStringLiteral("chive.conf"));
    {
        Shell shell(createLocked, path);
        CHECK(shell.settings.autoLockMinutes() == 15);
        CHECK_FALSE(shell.settings.showMessageText());
        CHECK(shell.settings.theme() == chive::ui::Theme::System);
        shell.unlockAndWait();
        REQUIRE(shell.controller->messenger()->createInvitation("Zebulon Quux"));

        chive::ui::SettingsDialog dialog(shell.settings);
        CHECK_FALSE(dialog.showTextBox()->isChecked());
        dialog.autoLockBox()->setValue(5);
        dialog.showTextBox()->setChecked(true);
        dialog.themeBox()->setCurrentIndex(
            dialog.themeBox()->findData(int(chive::ui::Theme::Dark)));
        dialog.accept();
        CHECK(shell.window->idleMonitor().intervalMs() == 5 * 60'000);
        shell.window->resize(777, 555);
    }
    QSettings again(path, QSettings::IniFormat);
    AppSettings reread(again);
    CHECK(reread.autoLockMinutes() == 5);
    CHECK(reread.showMessageText());
    CHECK(reread.theme() == chive::ui::Theme::Dark);
    CHECK_FALSE(reread.windowGeometry().isEmpty());

    QFile file(path);
    REQUIRE(file.open(QIODevice::ReadOnly));
    const QByteArray contents = file.readAll();
    CHECK_FALSE(contents.contains("Zebulon"));
    CHECK_FALSE(contents.contains("chive:"));
}

TEST_CASE("notifications name the contact but show text only when allowed and not for the open "
          "conversation",
          "[ui][shell]") {
    testApplication();
    chive::transport::LoopbackNetwork network;
    MessengerBridge bobBridge;
    LoopbackProfile bob(network, bobBridge, "bob");
    QTemporaryDir settingsDir;
    QSettings qsettings(settingsDir.filePath(QStringLiteral("chive.conf")), QSettings::IniFormat);
    AppSettings settings(qsettings);
    MessengerBridge aliceBridge;
    chive::ui::TorStatusModel torStatus;
    LoopbackProfile alice(network, aliceBridge, "alice");

    REQUIRE(alice.create(secret(kPassword)));
    REQUIRE(bob.create(secret("bob's password")));
    auto invitation = alice.messenger()->createInvitation("Bob");
    REQUIRE(invitation);
    auto answer = bob.messenger()->addContactFromLink("Alice", invitation->link);
    REQUIRE(answer);
    REQUIRE(alice.messenger()->enterPeerLink(invitation->id, answer->link));
    auto bobContacts = [&] {
        return bob.messenger()->contacts().value_or(std::vector<chive::core::ContactView>{});
    };
    REQUIRE(waitFor([&] {
        auto contacts = bobContacts();
        return contacts.size() == 1 &&
               contacts.front().state == chive::core::ContactState::Connected;
    }));
    REQUIRE(alice.lock());

    ProfileController controller(alice);
    MainWindow window(controller, aliceBridge, torStatus, settings);
    window.show();
    QSignalSpy notified(&window.trayIcon(), &chive::ui::TrayIcon::notified);
    QTest::keyClicks(window.unlockPage()->passwordEdit(), QString::fromStdString(kPassword));
    QTest::keyClick(window.unlockPage()->passwordEdit(), Qt::Key_Return);
    REQUIRE(waitFor([&] { return window.page() == MainWindow::Page::Main; }));
    const auto bobSeesAlice = bobContacts().front().id;

    REQUIRE(bob.messenger()->sendMessage(bobSeesAlice, "meet at the old mill"));
    REQUIRE(waitFor([&] { return notified.size() == 1; }));
    CHECK(notified[0][0].toString() == QStringLiteral("New message"));
    CHECK(notified[0][1].toString().contains(QStringLiteral("Bob")));
    CHECK_FALSE(notified[0][1].toString().contains(QStringLiteral("mill")));
    // The tray's badge counts it.
    CHECK(waitFor([&] { return window.trayIcon().unread() == 1; }));

    settings.setShowMessageText(true);
    REQUIRE(bob.messenger()->sendMessage(bobSeesAlice, "bring <b>bread</b>"));
    REQUIRE(waitFor([&] { return notified.size() == 2; }));
    CHECK(notified[1][0].toString().contains(QStringLiteral("Bob")));
    CHECK(notified[1][1].toString().contains(QStringLiteral("bring <b>bread</b>")));

    // Looking at Bob's conversation in the active window: no notification.
    auto aliceContacts = alice.messenger()->contacts();
    REQUIRE(aliceContacts);
    REQUIRE(aliceContacts->size() == 1);
    window.mainView()->selectContact(aliceContacts->front().id);
    QApplication::setActiveWindow(&window);
    REQUIRE(QTest::qWaitForWindowActive(&window));
    REQUIRE(bob.messenger()->sendMessage(bobSeesAlice, "third"));
    REQUIRE(waitFor([&] {
        auto history = alice.messenger()->history(aliceContacts->front().id, std::nullopt, 10);
        return history && history->size() == 3;
    }));
    QTest::qWait(200);
    CHECK(notified.size() == 2);
}

TEST_CASE("changing the password needs the current one", "[ui][shell]") {
    Shell shell(createLocked);
    shell.unlockAndWait();
    chive::ui::ChangePasswordDialog dialog(*shell.controller);
    QTest::keyClicks(dialog.currentEdit(), QStringLiteral("not it"));
    QTest::keyClicks(dialog.newEdit(), QStringLiteral("a new and longer passphrase"));
    QTest::keyClicks(dialog.repeatEdit(), QStringLiteral("a new and longer passphrase"));
    dialog.accept();
    REQUIRE(waitFor([&] { return !shell.controller->busy(); }));
    INFO(dialog.messageText().toStdString());
    CHECK(dialog.messageText().contains(QStringLiteral("wrong")));
    CHECK(dialog.result() == QDialog::Rejected);

    QTest::keyClicks(dialog.currentEdit(), QString::fromStdString(kPassword));
    QTest::keyClicks(dialog.newEdit(), QStringLiteral("a new and longer passphrase"));
    QTest::keyClicks(dialog.repeatEdit(), QStringLiteral("a new and longer passphrase"));
    QSignalSpy changed(shell.controller.get(), &ProfileController::passwordChanged);
    dialog.accept();
    REQUIRE(waitFor([&] { return changed.size() == 1; }));
    CHECK(dialog.result() == QDialog::Accepted);

    shell.window->lockNow();
    shell.unlock(kPassword);
    REQUIRE(waitFor([&] { return !shell.window->unlockPage()->messageText().isEmpty(); }));
    CHECK(shell.window->unlockPage()->messageText().contains(QStringLiteral("Wrong password")));
    shell.unlock("a new and longer passphrase");
    REQUIRE(waitFor([&] { return shell.window->page() == MainWindow::Page::Main; }));
}

TEST_CASE("the Tor banner shows progress and the phase then gives way to the status bar",
          "[ui][shell]") {
    Shell shell(createLocked);
    shell.unlockAndWait();
    auto* banner = shell.window->mainView()->banner();
    chive::core::BootstrapStatus status;
    status.progress = 45;
    status.tag = "loading_descriptors";
    status.summary = "Loading relay descriptors";
    shell.torStatus.onBootstrapStatus(status);
    REQUIRE(waitFor([&] { return banner->progress() == 45; }));
    CHECK(banner->isVisible());
    CHECK(banner->headline().contains(QStringLiteral("Loading relay descriptors")));
    CHECK(shell.window->statusText().contains(QStringLiteral("45%")));

    status.warning = "Connection refused";
    status.reason = "CONNECTREFUSED";
    status.warningCount = 2;
    shell.torStatus.onBootstrapStatus(status);
    REQUIRE(waitFor([&] { return !banner->problem().isEmpty(); }));
    CHECK(banner->problem().contains(QStringLiteral("refused")));

    chive::core::BootstrapStatus done;
    done.progress = 100;
    done.tag = "done";
    done.summary = "Done";
    shell.torStatus.onBootstrapStatus(done);
    REQUIRE(waitFor([&] { return banner->isHidden(); }));
    CHECK(shell.window->statusText() == QStringLiteral("Connected to Tor"));
}

TEST_CASE("palettes: light and dark differ and CHIVE_THEME overrides the setting", "[ui][shell]") {
    testApplication();
    CHECK_FALSE(chive::ui::Palettes::isDark(chive::ui::Palettes::light()));
    CHECK(chive::ui::Palettes::isDark(chive::ui::Palettes::dark()));
    chive::ui::Palettes palettes;
    qputenv("CHIVE_THEME", "dark");
    palettes.apply(chive::ui::Theme::Light);
    CHECK(palettes.applied() == chive::ui::Theme::Dark);
    CHECK(chive::ui::Palettes::isDark(QApplication::palette()));
    qunsetenv("CHIVE_THEME");
    palettes.apply(chive::ui::Theme::Light);
    CHECK_FALSE(chive::ui::Palettes::isDark(QApplication::palette()));
    palettes.apply(chive::ui::Theme::System);
    CHECK(QApplication::palette().color(QPalette::Window) ==
          palettes.system().color(QPalette::Window));
}

TEST_CASE("the tray badge draws the unread count", "[ui][shell]") {
    testApplication();
    const QImage none = chive::ui::TrayIcon::badgeIcon(0).pixmap(32, 32).toImage();
    const QImage three = chive::ui::TrayIcon::badgeIcon(3).pixmap(32, 32).toImage();
    const QImage many = chive::ui::TrayIcon::badgeIcon(250).pixmap(32, 32).toImage();
    CHECK(none != three);
    CHECK(three != many);
}

TEST_CASE("a contact link from the command line opens the add-contact dialog right after unlock",
          "[ui][shell]") {
    Shell shell(createLocked);
    auto& window = *shell.window;
    const QString link = QStringLiteral("chive:1-notarealcontactlinkbutfilledin");
    window.openAddContact(link);
    CHECK(window.findChildren<chive::ui::AddContactDialog*>().isEmpty());

    shell.unlockAndWait();
    REQUIRE(
        waitFor([&] { return window.findChildren<chive::ui::AddContactDialog*>().size() == 1; }));
    auto* dialog = window.findChildren<chive::ui::AddContactDialog*>().front();
    CHECK(dialog->peerLinkField().text() == link);
    CHECK(dialog->isVisible());

    // The dialog works on the messenger: locking takes it away.
    window.lockNow();
    CHECK(window.findChildren<chive::ui::AddContactDialog*>().isEmpty());
}
