#pragma once

// SettingsDialog: the app's preferences: auto-lock after idle minutes (0 =
// never), whether notifications may show message text (off by default), and
// the theme. Writes to AppSettings when accepted.
//
// Threads: GUI thread only. Does not own the settings.

#include <QDialog>

class QCheckBox;
class QComboBox;
class QSpinBox;

namespace chive::ui {

class AppSettings;

class SettingsDialog : public QDialog {
    Q_OBJECT

public:
    explicit SettingsDialog(AppSettings& settings, QWidget* parent = nullptr);

    [[nodiscard]] QSpinBox* autoLockBox() const { return m_autoLock; }
    [[nodiscard]] QCheckBox* showTextBox() const { return m_showText; }
    [[nodiscard]] QComboBox* themeBox() const { return m_theme; }

    void accept() override;

private:
    AppSettings& m_settings;
    QSpinBox* m_autoLock = nullptr;
    QCheckBox* m_showText = nullptr;
    QComboBox* m_theme = nullptr;
};

} // namespace chive::ui
