#pragma once

// AppSettings: the app's preferences and window layout in QSettings.
//
// Only what is safe to leave on disk unencrypted lives here: window
// geometry, the splitter's state and preferences (auto-lock, notification
// text, theme). Never a contact, an alias, a link, a message or anything
// else from the profile: QSettings is a plain file outside the encrypted
// profile.
//
// Threads: GUI thread only. Ownership: does not own the QSettings, which
// must outlive it.

#include <QByteArray>
#include <QObject>
#include <QString>

class QSettings;

namespace chive::ui {

enum class Theme { System, Light, Dark };

// "system", "light", "dark"; an unknown name means System.
[[nodiscard]] QString themeName(Theme theme);
[[nodiscard]] Theme themeFromName(const QString& name);

class AppSettings : public QObject {
    Q_OBJECT

public:
    static constexpr int kDefaultAutoLockMinutes = 15;
    static constexpr int kMaxAutoLockMinutes = 24 * 60;

    explicit AppSettings(QSettings& settings, QObject* parent = nullptr);

    // 0 means never.
    [[nodiscard]] int autoLockMinutes() const;
    void setAutoLockMinutes(int minutes);
    // Whether notifications may show the text of a new message.
    [[nodiscard]] bool showMessageText() const;
    void setShowMessageText(bool show);
    [[nodiscard]] Theme theme() const;
    void setTheme(Theme theme);

    [[nodiscard]] QByteArray windowGeometry() const;
    void setWindowGeometry(const QByteArray& geometry);
    [[nodiscard]] QByteArray splitterState() const;
    void setSplitterState(const QByteArray& state);

    // Writes pending changes to disk.
    void sync();

signals:
    // A preference (not the layout) changed.
    void changed();

private:
    QSettings& m_settings;
};

} // namespace chive::ui
