#pragma once

// UnlockPage: asks for the password of an existing profile. Tells a wrong
// password apart from a damaged profile, and shows that it is busy while
// Argon2id runs and Tor starts.
//
// Threads: GUI thread only. Does not own the controller.

#include "ui/ProfileController.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;

namespace chive::ui {

class UnlockPage : public QWidget {
    Q_OBJECT

public:
    explicit UnlockPage(ProfileController& controller, QWidget* parent = nullptr);

    [[nodiscard]] QLineEdit* passwordEdit() const { return m_password; }
    [[nodiscard]] QPushButton* unlockButton() const { return m_unlock; }
    [[nodiscard]] QString messageText() const;
    // Shows a message (e.g. why the app was locked); empty hides it.
    void setMessage(const QString& message);
    // What a failed unlock means for a person.
    [[nodiscard]] static QString failureText(core::ErrorCode code, const QString& reason);

private:
    void submit();
    void onBusy(bool busy);
    void onFailed(ProfileController::Operation operation, const QString& reason,
                  core::ErrorCode code);

    ProfileController& m_controller;
    QLineEdit* m_password = nullptr;
    QLabel* m_message = nullptr;
    QProgressBar* m_busy = nullptr;
    QPushButton* m_unlock = nullptr;
};

} // namespace chive::ui
