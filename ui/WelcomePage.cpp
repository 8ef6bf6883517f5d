#include "ui/WelcomePage.h"

#include <QFont>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace chive::ui {

PasswordStrength passwordStrength(const QString& password) {
    const auto length = password.size();
    if (length < kMinPasswordLength) {
        return PasswordStrength::Weak;
    }
    bool lower = false;
    bool upper = false;
    bool digit = false;
    bool other = false;
    for (const QChar c : password) {
        if (c.isLower()) {
            lower = true;
        } else if (c.isUpper()) {
            upper = true;
        } else if (c.isDigit()) {
            digit = true;
        } else {
            other = true;
        }
    }
    const int classes = int(lower) + int(upper) + int(digit) + int(other);
    if (length >= 16 || (length >= 12 && classes >= 3)) {
        return PasswordStrength::Strong;
    }
    if (length >= 12 || (length >= 10 && classes >= 2) || classes >= 3) {
        return PasswordStrength::Fair;
    }
    return PasswordStrength::Weak;
}

WelcomePage::WelcomePage(ProfileController& controller, QWidget* parent)
    : QWidget(parent)
    , m_controller(controller) {
    setAccessibleName(tr("Create a profile"));

    auto* title = new QLabel(tr("Welcome to Chive"), this);
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.8);
    titleFont.setBold(true);
    title->setFont(titleFont);

    auto* intro = new QLabel(tr("Chive keeps your contacts and messages in an encrypted profile "
                                "on this computer. Choose a password to protect it."),
                             this);
    intro->setWordWrap(true);

    m_password = new QLineEdit(this);
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setAccessibleName(tr("New password"));
    m_confirmation = new QLineEdit(this);
    m_confirmation->setEchoMode(QLineEdit::Password);
    m_confirmation->setAccessibleName(tr("Repeat the password"));

    m_strength = new QLabel(this);
    m_strength->setAccessibleName(tr("Password strength"));
    m_problem = new QLabel(this);
    m_problem->setWordWrap(true);
    m_problem->setAccessibleName(tr("Problem"));

    auto* warning = new QLabel(tr("There is no way to recover a lost password. If you forget it, "
                                  "your contacts and messages are gone for good."),
                               this);
    warning->setWordWrap(true);
    warning->setAccessibleName(tr("Warning"));
    warning->setStyleSheet(QStringLiteral("QLabel { background: palette(alternate-base); "
                                          "border-left: 4px solid #d68910; padding: 8px; }"));

    m_busy = new QProgressBar(this);
    m_busy->setRange(0, 0);
    m_busy->setTextVisible(false);
    m_busy->setAccessibleName(tr("Creating the profile"));
    m_busy->hide();

    m_create = new QPushButton(tr("&Create profile"), this);
    m_create->setAccessibleName(tr("Create profile"));
    m_create->setDefault(true);

    auto* form = new QFormLayout;
    form->addRow(tr("&Password:"), m_password);
    form->addRow(tr("&Repeat it:"), m_confirmation);
    form->addRow(QString{}, m_strength);

    auto* column = new QVBoxLayout;
    column->setSpacing(12);
    column->addWidget(title);
    column->addWidget(intro);
    column->addLayout(form);
    column->addWidget(m_problem);
    column->addWidget(warning);
    column->addWidget(m_busy);
    column->addWidget(m_create, 0, Qt::AlignRight);

    auto* frame = new QWidget(this);
    frame->setLayout(column);
    frame->setFixedWidth(460);
    frame->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Minimum);
    auto* centre = new QHBoxLayout;
    centre->addStretch();
    centre->addWidget(frame);
    centre->addStretch();
    auto* outer = new QVBoxLayout(this);
    outer->addStretch();
    outer->addLayout(centre);
    outer->addStretch(2);

    setTabOrder(m_password, m_confirmation);
    setTabOrder(m_confirmation, m_create);

    connect(m_password, &QLineEdit::textChanged, this, &WelcomePage::refresh);
    connect(m_confirmation, &QLineEdit::textChanged, this, &WelcomePage::refresh);
    connect(m_password, &QLineEdit::returnPressed, this, [this] {
        if (m_create->isEnabled()) {
            submit();
        } else {
            m_confirmation->setFocus();
        }
    });
    connect(m_confirmation, &QLineEdit::returnPressed, this, &WelcomePage::submit);
    connect(m_create, &QPushButton::clicked, this, &WelcomePage::submit);
    connect(&m_controller, &ProfileController::busyChanged, this, &WelcomePage::onBusy);
    connect(&m_controller, &ProfileController::failed, this, &WelcomePage::onFailed);
    refresh();
}

QString WelcomePage::strengthText() const {
    return m_strength->text();
}

QString WelcomePage::problemText() const {
    return m_problem->text();
}

void WelcomePage::refresh() {
    const QString password = m_password->text();
    const QString confirmation = m_confirmation->text();
    const auto strength = passwordStrength(password);
    if (password.isEmpty()) {
        m_strength->clear();
    } else if (strength == PasswordStrength::Weak) {
        m_strength->setText(tr("Strength: weak. Use at least %n characters; longer is better, "
                               "a few words make a good password.",
                               nullptr, kMinPasswordLength));
    } else if (strength == PasswordStrength::Fair) {
        m_strength->setText(tr("Strength: fair. A longer password would be stronger."));
    } else {
        m_strength->setText(tr("Strength: strong."));
    }
    QString problem;
    if (!confirmation.isEmpty() && confirmation != password) {
        problem = tr("The two passwords do not match.");
    }
    m_problem->setText(problem);
    m_create->setEnabled(!m_controller.busy() && strength != PasswordStrength::Weak &&
                         password == confirmation);
}

void WelcomePage::submit() {
    refresh();
    if (!m_create->isEnabled()) {
        return;
    }
    m_confirmation->clear();
    m_controller.create(ProfileController::passwordFrom(*m_password));
}

void WelcomePage::onBusy(bool busy) {
    m_busy->setVisible(busy);
    m_password->setEnabled(!busy);
    m_confirmation->setEnabled(!busy);
    refresh();
}

void WelcomePage::onFailed(ProfileController::Operation operation, const QString& reason,
                           core::ErrorCode /*code*/) {
    if (operation != ProfileController::Operation::Create) {
        return;
    }
    m_problem->setText(tr("The profile could not be created: %1").arg(reason));
    m_password->setFocus();
}

} // namespace chive::ui
