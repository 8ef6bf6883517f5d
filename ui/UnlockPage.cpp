#include "ui/UnlockPage.h"

#include <QFont>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace chive::ui {

UnlockPage::UnlockPage(ProfileController& controller, QWidget* parent)
    : QWidget(parent)
    , m_controller(controller) {
    setAccessibleName(tr("Unlock the profile"));

    auto* title = new QLabel(tr("Chive is locked"), this);
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.8);
    titleFont.setBold(true);
    title->setFont(titleFont);

    auto* prompt = new QLabel(tr("Enter your password to open your profile."), this);
    prompt->setWordWrap(true);

    m_password = new QLineEdit(this);
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setAccessibleName(tr("Password"));
    m_password->setPlaceholderText(tr("Password"));

    m_unlock = new QPushButton(tr("&Unlock"), this);
    m_unlock->setAccessibleName(tr("Unlock"));
    m_unlock->setDefault(true);

    m_message = new QLabel(this);
    m_message->setWordWrap(true);
    m_message->setAccessibleName(tr("Unlock message"));
    m_message->hide();

    m_busy = new QProgressBar(this);
    m_busy->setRange(0, 0);
    m_busy->setTextVisible(false);
    m_busy->setAccessibleName(tr("Unlocking"));
    m_busy->hide();

    auto* row = new QHBoxLayout;
    row->addWidget(m_password, 1);
    row->addWidget(m_unlock);

    auto* column = new QVBoxLayout;
    column->setSpacing(12);
    column->addWidget(title);
    column->addWidget(prompt);
    column->addLayout(row);
    column->addWidget(m_busy);
    column->addWidget(m_message);

    auto* frame = new QWidget(this);
    frame->setLayout(column);
    frame->setFixedWidth(420);
    frame->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Minimum);
    auto* centre = new QHBoxLayout;
    centre->addStretch();
    centre->addWidget(frame);
    centre->addStretch();
    auto* outer = new QVBoxLayout(this);
    outer->addStretch();
    outer->addLayout(centre);
    outer->addStretch(2);

    setTabOrder(m_password, m_unlock);
    setFocusProxy(m_password);

    connect(m_password, &QLineEdit::returnPressed, this, &UnlockPage::submit);
    connect(m_unlock, &QPushButton::clicked, this, &UnlockPage::submit);
    connect(&m_controller, &ProfileController::busyChanged, this, &UnlockPage::onBusy);
    connect(&m_controller, &ProfileController::failed, this, &UnlockPage::onFailed);
}

QString UnlockPage::messageText() const {
    return m_message->isHidden() ? QString{} : m_message->text();
}

void UnlockPage::setMessage(const QString& message) {
    m_message->setText(message);
    m_message->setVisible(!message.isEmpty());
}

QString UnlockPage::failureText(core::ErrorCode code, const QString& reason) {
    switch (code) {
    case core::ErrorCode::WrongPassword:
        return tr("Wrong password. Check the keyboard layout and Caps Lock, and try again.");
    case core::ErrorCode::Corrupt:
        return tr("The profile is damaged and cannot be opened (%1). The password was not "
                  "the problem.")
            .arg(reason);
    case core::ErrorCode::UnsupportedVersion:
        return tr("The profile was made by a newer version of Chive: %1").arg(reason);
    case core::ErrorCode::AlreadyExists:
        return tr("The profile is in use by another Chive: %1").arg(reason);
    default:
        return tr("The profile could not be opened: %1").arg(reason);
    }
}

void UnlockPage::submit() {
    if (m_controller.busy() || m_password->text().isEmpty()) {
        return;
    }
    setMessage(QString{});
    m_controller.unlock(ProfileController::passwordFrom(*m_password));
}

void UnlockPage::onBusy(bool busy) {
    m_busy->setVisible(busy);
    m_password->setEnabled(!busy);
    m_unlock->setEnabled(!busy);
    if (!busy && isVisible()) {
        m_password->setFocus();
    }
}

void UnlockPage::onFailed(ProfileController::Operation operation, const QString& reason,
                          core::ErrorCode code) {
    if (operation != ProfileController::Operation::Unlock) {
        return;
    }
    setMessage(failureText(code, reason));
}

} // namespace chive::ui
