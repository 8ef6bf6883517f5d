#pragma once

// WelcomePage: the first run: create a profile protected by a password,
// typed twice, with a strength hint and a plain warning that a lost password
// cannot be recovered. Create is enabled only for a password that is not
// weak and matches its confirmation.
//
// Runs the creation through ProfileController (which wipes the password);
// the line edits are cleared as soon as the password is taken. Threads: GUI
// thread only. Does not own the controller.

#include "ui/ProfileController.h"

#include <QString>
#include <QWidget>

class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;

namespace chive::ui {

enum class PasswordStrength { Weak, Fair, Strong };

// Length and character classes (lower, upper, digits, other); a password
// shorter than kMinPasswordLength is always weak.
inline constexpr int kMinPasswordLength = 8;
[[nodiscard]] PasswordStrength passwordStrength(const QString& password);

class WelcomePage : public QWidget {
    Q_OBJECT

public:
    explicit WelcomePage(ProfileController& controller, QWidget* parent = nullptr);

    // For tests and the window.
    [[nodiscard]] QLineEdit* passwordEdit() const { return m_password; }
    [[nodiscard]] QLineEdit* confirmationEdit() const { return m_confirmation; }
    [[nodiscard]] QPushButton* createButton() const { return m_create; }
    [[nodiscard]] QString strengthText() const;
    [[nodiscard]] QString problemText() const;

private:
    void refresh();
    void submit();
    void onBusy(bool busy);
    void onFailed(ProfileController::Operation operation, const QString& reason,
                  core::ErrorCode code);

    ProfileController& m_controller;
    QLineEdit* m_password = nullptr;
    QLineEdit* m_confirmation = nullptr;
    QLabel* m_strength = nullptr;
    QLabel* m_problem = nullptr;
    QProgressBar* m_busy = nullptr;
    QPushButton* m_create = nullptr;
};

} // namespace chive::ui
