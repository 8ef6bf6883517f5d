#pragma once

// MainWindow: the one window: first run (WelcomePage), unlock (UnlockPage)
// or the unlocked profile (MainView), in a QStackedWidget, with the menus,
// the status bar, the tray icon and the auto-lock.
//
// Locking (Ctrl+L, the tray, or idle time) deletes the MainView and every
// dialog that works on the messenger (they are its children), and with them
// every model that holds contact names or message text, before the profile
// is locked on the controller's thread; then the unlock page shows.
//
// Remembers the window geometry and the splitter state in AppSettings;
// nothing from the profile goes there.
//
// Threads: GUI thread only. Ownership: does not own the controller, the
// bridge, the Tor status model or the settings, which must outlive it.

#include "core/engine/MessengerEvents.h"
#include "ui/ProfileController.h"

#include <QMainWindow>
#include <QString>

#include <optional>

class QAction;
class QLabel;
class QStackedWidget;

namespace chive::ui {

class AppSettings;
class IdleMonitor;
class MainView;
class MessengerBridge;
class TorStatusModel;
class TrayIcon;
class UnlockPage;
class WelcomePage;

class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    enum class Page { Welcome, Unlock, Main };

    MainWindow(ProfileController& controller, MessengerBridge& bridge, TorStatusModel& torStatus,
               AppSettings& settings, QWidget* parent = nullptr);
    ~MainWindow() override;
    MainWindow(const MainWindow&) = delete;
    MainWindow& operator=(const MainWindow&) = delete;
    MainWindow(MainWindow&&) = delete;
    MainWindow& operator=(MainWindow&&) = delete;

    [[nodiscard]] Page page() const;
    [[nodiscard]] WelcomePage* welcomePage() const { return m_welcome; }
    [[nodiscard]] UnlockPage* unlockPage() const { return m_unlock; }
    // Null unless unlocked.
    [[nodiscard]] MainView* mainView() const { return m_mainView; }
    [[nodiscard]] IdleMonitor& idleMonitor() const { return *m_idle; }
    [[nodiscard]] TrayIcon& trayIcon() const { return *m_tray; }
    [[nodiscard]] QString statusText() const;
    [[nodiscard]] QAction* lockAction() const { return m_lockAction; }

    // Opens the add-contact dialog, with `link` filled in when given; if the
    // profile is not unlocked yet, right after it is.
    void openAddContact(const QString& link = {});
    // Drops the main view and locks the profile. `reason` is shown on the
    // unlock page (empty for a lock the user asked for).
    void lockNow(const QString& reason = {});

signals:
    // Chive > Network settings…; the app opens the network settings.
    void networkSettingsRequested();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void buildMenus();
    void showUnlocked();
    void showLocked();
    void saveLayout();
    void applySettings();
    void openContactDetails(core::ContactId contact);
    void openSettings();
    void openChangePassword();
    void onMessageReceived(const core::StoredMessage& message);
    void updateActions();

    ProfileController& m_controller;
    MessengerBridge& m_bridge;
    TorStatusModel& m_torStatus;
    AppSettings& m_settings;

    QStackedWidget* m_stack = nullptr;
    WelcomePage* m_welcome = nullptr;
    UnlockPage* m_unlock = nullptr;
    MainView* m_mainView = nullptr; // owned by m_stack while it exists
    QLabel* m_status = nullptr;
    IdleMonitor* m_idle = nullptr;
    TrayIcon* m_tray = nullptr;

    QAction* m_lockAction = nullptr;
    QAction* m_changePasswordAction = nullptr;
    QAction* m_networkAction = nullptr;
    QAction* m_addContactAction = nullptr;
    QAction* m_detailsAction = nullptr;

    std::optional<QString> m_pendingLink;
};

} // namespace chive::ui
