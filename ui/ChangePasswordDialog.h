#pragma once

// ChangePasswordDialog: the current password and a new one, typed twice,
// with the same strength rule as the first run. The change runs through
// ProfileController (which rewraps the key file off the GUI thread); the
// dialog stays open until it succeeds, and says so when the current password
// was wrong.
//
// Threads: GUI thread only. Does not own the controller.

#include "ui/ProfileController.h"

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace chive::ui {

class ChangePasswordDialog : public QDialog {
    Q_OBJECT

public:
    explicit ChangePasswordDialog(ProfileController& controller, QWidget* parent = nullptr);

    [[nodiscard]] QLineEdit* currentEdit() const { return m_current; }
    [[nodiscard]] QLineEdit* newEdit() const { return m_new; }
    [[nodiscard]] QLineEdit* repeatEdit() const { return m_repeat; }
    [[nodiscard]] QString messageText() const;

    void accept() override;

private:
    void refresh();
    void onFailed(ProfileController::Operation operation, const QString& reason,
                  core::ErrorCode code);

    ProfileController& m_controller;
    QLineEdit* m_current = nullptr;
    QLineEdit* m_new = nullptr;
    QLineEdit* m_repeat = nullptr;
    QLabel* m_strength = nullptr;
    QLabel* m_mismatch = nullptr;
    QLabel* m_message = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
    bool m_waiting = false;
};

} // namespace chive::ui
