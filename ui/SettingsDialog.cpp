#include "ui/SettingsDialog.h"

#include "ui/AppSettings.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QSpinBox>
#include <QVBoxLayout>

namespace chive::ui {

SettingsDialog::SettingsDialog(AppSettings& settings, QWidget* parent)
    : QDialog(parent)
    , m_settings(settings) {
    setWindowTitle(tr("Settings"));
    setAccessibleName(tr("Settings"));

    m_autoLock = new QSpinBox(this);
    m_autoLock->setRange(0, AppSettings::kMaxAutoLockMinutes);
    m_autoLock->setSpecialValueText(tr("Never"));
    m_autoLock->setSuffix(tr(" min"));
    m_autoLock->setValue(settings.autoLockMinutes());
    m_autoLock->setAccessibleName(tr("Lock after this many idle minutes"));

    m_showText = new QCheckBox(tr("Show message &text in notifications"), this);
    m_showText->setChecked(settings.showMessageText());
    m_showText->setAccessibleName(tr("Show message text in notifications"));
    auto* showTextNote = new QLabel(tr("Off: notifications say only who wrote. Anyone who can "
                                       "see the screen can read what a notification shows."),
                                    this);
    showTextNote->setWordWrap(true);

    m_theme = new QComboBox(this);
    m_theme->addItem(tr("Follow the system"), QVariant::fromValue(int(Theme::System)));
    m_theme->addItem(tr("Light"), QVariant::fromValue(int(Theme::Light)));
    m_theme->addItem(tr("Dark"), QVariant::fromValue(int(Theme::Dark)));
    m_theme->setCurrentIndex(m_theme->findData(int(settings.theme())));
    m_theme->setAccessibleName(tr("Theme"));

    auto* form = new QFormLayout;
    form->addRow(tr("&Lock after idle:"), m_autoLock);
    form->addRow(QString{}, m_showText);
    form->addRow(QString{}, showTextNote);
    form->addRow(tr("T&heme:"), m_theme);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);
    setTabOrder(m_autoLock, m_showText);
    setTabOrder(m_showText, m_theme);
}

void SettingsDialog::accept() {
    m_settings.setAutoLockMinutes(m_autoLock->value());
    m_settings.setShowMessageText(m_showText->isChecked());
    m_settings.setTheme(static_cast<Theme>(m_theme->currentData().toInt()));
    m_settings.sync();
    QDialog::accept();
}

} // namespace chive::ui
