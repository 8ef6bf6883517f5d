#pragma once

// TrayIcon: the system tray entry (when the desktop has a tray): the app's
// icon with the unread count drawn on it, a menu (show/hide the window,
// Lock, Quit), and notifications for new messages.
//
// A notification names the contact and says "New message"; the message text
// is shown only when the user allowed it in the settings. notified() is
// emitted for every notification, with or without a tray, so tests see what
// a person would have seen.
//
// Threads: GUI thread only. Does not own the window or the settings, which
// must outlive it.

#include <QIcon>
#include <QObject>
#include <QString>

class QAction;
class QMenu;
class QSystemTrayIcon;

namespace chive::ui {

class AppSettings;

class TrayIcon : public QObject {
    Q_OBJECT

public:
    TrayIcon(QWidget& window, AppSettings& settings, QObject* parent = nullptr);
    ~TrayIcon() override;
    TrayIcon(const TrayIcon&) = delete;
    TrayIcon& operator=(const TrayIcon&) = delete;
    TrayIcon(TrayIcon&&) = delete;
    TrayIcon& operator=(TrayIcon&&) = delete;

    // Whether the desktop shows it.
    [[nodiscard]] bool available() const { return m_tray != nullptr; }
    void setUnread(int count);
    [[nodiscard]] int unread() const { return m_unread; }
    void setLocked(bool locked);

    // A new message from `alias` (already made safe with displayText());
    // `text` is shown only if the settings allow it.
    void notifyMessage(const QString& alias, const QString& text);

    // The app's icon, drawn (no image files needed), with `count` in a badge
    // when it is above zero ("99+" beyond 99).
    [[nodiscard]] static QIcon badgeIcon(int count);

signals:
    void lockRequested();
    void quitRequested();
    void notified(const QString& title, const QString& body);

private:
    void toggleWindow();

    QWidget& m_window;
    AppSettings& m_settings;
    QSystemTrayIcon* m_tray = nullptr;
    QMenu* m_menu = nullptr;
    QAction* m_showHide = nullptr;
    QAction* m_lock = nullptr;
    int m_unread = 0;
};

} // namespace chive::ui
