#include "ui/ChangePasswordDialog.h"

#include "ui/WelcomePage.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace chive::ui {

ChangePasswordDialog::ChangePasswordDialog(ProfileController& controller, QWidget* parent)
    : QDialog(parent)
    , m_controller(controller) {
    setWindowTitle(tr("Change password"));
    setAccessibleName(tr("Change password"));

    auto makeEdit = [this](const QString& name) {
        auto* edit = new QLineEdit(this);
        edit->setEchoMode(QLineEdit::Password);
        edit->setAccessibleName(name);
        connect(edit, &QLineEdit::textChanged, this, &ChangePasswordDialog::refresh);
        return edit;
    };
    m_current = makeEdit(tr("Current password"));
    m_new = makeEdit(tr("New password"));
    m_repeat = makeEdit(tr("Repeat the new password"));
    m_strength = new QLabel(this);
    m_strength->setAccessibleName(tr("Password strength"));
    m_mismatch = new QLabel(this);
    m_mismatch->setAccessibleName(tr("Passwords match"));
    m_message = new QLabel(this);
    m_message->setWordWrap(true);
    m_message->setAccessibleName(tr("Message"));

    auto* note = new QLabel(tr("The profile's key is rewrapped with the new password; the "
                               "messages are not rewritten. A lost password cannot be "
                               "recovered."),
                            this);
    note->setWordWrap(true);

    auto* form = new QFormLayout;
    form->addRow(tr("C&urrent password:"), m_current);
    form->addRow(tr("&New password:"), m_new);
    form->addRow(tr("&Repeat it:"), m_repeat);
    form->addRow(QString{}, m_strength);
    form->addRow(QString{}, m_mismatch);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Change password"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &ChangePasswordDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &ChangePasswordDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(note);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addWidget(m_buttons);

    connect(&m_controller, &ProfileController::failed, this, &ChangePasswordDialog::onFailed);
    connect(&m_controller, &ProfileController::passwordChanged, this, [this] {
        if (m_waiting) {
            m_waiting = false;
            QDialog::accept();
        }
    });
    refresh();
}

QString ChangePasswordDialog::messageText() const {
    return m_message->text();
}

void ChangePasswordDialog::refresh() {
    const QString password = m_new->text();
    const auto strength = passwordStrength(password);
    if (password.isEmpty()) {
        m_strength->clear();
    } else if (strength == PasswordStrength::Weak) {
        m_strength->setText(tr("Strength: weak."));
    } else if (strength == PasswordStrength::Fair) {
        m_strength->setText(tr("Strength: fair."));
    } else {
        m_strength->setText(tr("Strength: strong."));
    }
    m_mismatch->setText(!m_repeat->text().isEmpty() && m_repeat->text() != password
                            ? tr("The two new passwords do not match.")
                            : QString{});
    m_buttons->button(QDialogButtonBox::Ok)
        ->setEnabled(!m_waiting && !m_current->text().isEmpty() &&
                     strength != PasswordStrength::Weak && m_repeat->text() == password);
}

void ChangePasswordDialog::accept() {
    refresh();
    if (!m_buttons->button(QDialogButtonBox::Ok)->isEnabled()) {
        return;
    }
    m_waiting = true;
    m_message->setText(tr("Changing the password…"));
    m_repeat->clear();
    auto oldPassword = ProfileController::passwordFrom(*m_current);
    auto newPassword = ProfileController::passwordFrom(*m_new);
    m_controller.changePassword(std::move(oldPassword), std::move(newPassword));
    refresh();
}

void ChangePasswordDialog::onFailed(ProfileController::Operation operation, const QString& reason,
                                    core::ErrorCode code) {
    if (operation != ProfileController::Operation::ChangePassword || !m_waiting) {
        return;
    }
    m_waiting = false;
    m_message->setText(code == core::ErrorCode::WrongPassword
                           ? tr("The current password is wrong; nothing was changed.")
                           : tr("The password could not be changed: %1").arg(reason));
    refresh();
    m_current->setFocus();
}

} // namespace chive::ui
