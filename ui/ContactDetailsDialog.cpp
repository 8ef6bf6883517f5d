#include "ui/ContactDetailsDialog.h"

#include "core/protocol/SafetyNumber.h"
#include "core/qr/QrCode.h"
#include "ui/ContactTimeText.h"
#include "ui/MessengerBridge.h"
#include "ui/PlainText.h"
#include "ui/QrImage.h"
#include "ui/QrScanButtons.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPixmap>
#include <QPushButton>
#include <QStringList>
#include <QVBoxLayout>

#include <algorithm>

namespace chive::ui {

namespace {

constexpr int kQrPixelsPerModule = 5;
constexpr int kGroupsPerLine = 4;

QString withoutIsolates(const QString& shown) {
    if (shown.size() >= 2 && shown.front() == QChar(0x2068) && shown.back() == QChar(0x2069)) {
        return shown.mid(1, shown.size() - 2);
    }
    return shown;
}

} // namespace

std::string ContactDetailsDialog::verificationText(std::string_view safetyNumber) {
    std::string text(core::SafetyNumber::kQrPrefix);
    std::copy_if(safetyNumber.begin(), safetyNumber.end(), std::back_inserter(text),
                 [](char c) { return c >= '0' && c <= '9'; });
    return text;
}

core::Status ContactDetailsDialog::compareScanned(std::string_view scanned,
                                                  std::string_view safetyNumber) {
    constexpr std::size_t kDigits =
        core::SafetyNumber::kGroups * core::SafetyNumber::kDigitsPerGroup;
    const auto prefix = core::SafetyNumber::kQrPrefix;
    if (scanned.size() != prefix.size() + kDigits || !scanned.starts_with(prefix) ||
        !std::all_of(scanned.begin() + static_cast<std::ptrdiff_t>(prefix.size()), scanned.end(),
                     [](char c) { return c >= '0' && c <= '9'; })) {
        return core::fail(core::ErrorCode::Malformed, "this QR code is not a Chive safety number");
    }
    if (scanned != verificationText(safetyNumber)) {
        return core::fail(core::ErrorCode::Crypto, "the safety numbers differ");
    }
    return {};
}

ContactDetailsDialog::ContactDetailsDialog(core::Messenger& messenger, MessengerBridge& bridge,
                                           core::ContactId contact, QWidget* parent)
    : QDialog(parent)
    , m_messenger(messenger)
    , m_id(contact) {
    build();
    connect(&bridge, &MessengerBridge::contactChanged, this,
            &ContactDetailsDialog::onContactChanged);
    connect(&bridge, &MessengerBridge::contactRemoved, this,
            &ContactDetailsDialog::onContactRemoved);

    auto view = m_messenger.contact(contact);
    if (!view) {
        showError(tr("read this contact"), view.error());
        return;
    }
    display(*view);

    auto number = m_messenger.safetyNumber(contact);
    if (!number) {
        m_number->setText(tr("The safety number is not available yet: the contact has not "
                             "connected once."));
        m_verify->setEnabled(false);
        m_scan->setEnabled(false);
        return;
    }
    m_safetyNumber = *number;
    QStringList groups =
        QString::fromStdString(m_safetyNumber).split(QLatin1Char(' '), Qt::SkipEmptyParts);
    QStringList lines;
    for (qsizetype i = 0; i < groups.size(); i += kGroupsPerLine) {
        lines << groups.mid(i, kGroupsPerLine).join(QLatin1Char(' '));
    }
    m_number->setText(lines.join(QLatin1Char('\n')));
    m_number->setAccessibleDescription(groups.join(QStringLiteral(", ")));
    if (auto code = core::QrCode::encode(verificationText(m_safetyNumber))) {
        m_qrImage = QrImage::render(*code, kQrPixelsPerModule);
        m_qr->setPixmap(QPixmap::fromImage(m_qrImage));
    }
}

void ContactDetailsDialog::build() {
    setMinimumWidth(520);
    auto* layout = new QVBoxLayout(this);

    m_title = new QLabel(this);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.3);
    m_title->setFont(titleFont);
    m_title->setAccessibleName(tr("Contact name"));
    layout->addWidget(m_title);
    m_status = new QLabel(this);
    m_status->setTextFormat(Qt::PlainText);
    layout->addWidget(m_status);

    auto* nameRow = new QHBoxLayout;
    auto* nameLabel = new QLabel(tr("&Name:"), this);
    m_alias = new QLineEdit(this);
    m_alias->setAccessibleName(tr("Name of this contact"));
    m_alias->setMaxLength(200);
    nameLabel->setBuddy(m_alias);
    m_rename = new QPushButton(tr("&Rename"), this);
    m_rename->setAccessibleName(tr("Rename this contact"));
    nameRow->addWidget(nameLabel);
    nameRow->addWidget(m_alias, 1);
    nameRow->addWidget(m_rename);
    layout->addLayout(nameRow);

    auto* safety = new QGroupBox(tr("Safety number"), this);
    auto* safetyLayout = new QGridLayout(safety);
    auto* explain = new QLabel(
        tr("Compare this number with the one your contact sees, in person or over a channel "
           "you trust (all 12 groups), or scan each other's code. If they match, nobody "
           "changed the links you exchanged."),
        safety);
    explain->setWordWrap(true);
    m_number = new QLabel(safety);
    m_number->setTextFormat(Qt::PlainText);
    m_number->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_number->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_number->setAccessibleName(tr("Safety number"));
    m_qr = new QLabel(safety);
    m_qr->setAccessibleName(tr("Verification QR code"));
    m_qr->setAccessibleDescription(tr("Your contact scans this code to compare safety numbers."));
    m_verification = new QLabel(safety);
    m_verification->setTextFormat(Qt::PlainText);
    m_verify = new QPushButton(safety);
    m_scan = new QrScanButtons(tr("their verification code"), safety);
    m_scanResult = new QLabel(safety);
    m_scanResult->setTextFormat(Qt::PlainText);
    m_scanResult->setWordWrap(true);
    m_scanResult->setAccessibleName(tr("Scan result"));
    safetyLayout->addWidget(explain, 0, 0, 1, 2);
    safetyLayout->addWidget(m_number, 1, 0);
    safetyLayout->addWidget(m_qr, 1, 1, 3, 1);
    safetyLayout->addWidget(m_verification, 2, 0);
    safetyLayout->addWidget(m_verify, 3, 0, Qt::AlignLeft);
    safetyLayout->addWidget(new QLabel(tr("Scan their code:"), safety), 4, 0, 1, 2);
    safetyLayout->addWidget(m_scan, 5, 0, 1, 2);
    safetyLayout->addWidget(m_scanResult, 6, 0, 1, 2);
    layout->addWidget(safety);

    m_error = new QLabel(this);
    m_error->setTextFormat(Qt::PlainText);
    m_error->setWordWrap(true);
    m_error->setVisible(false);
    layout->addWidget(m_error);

    auto* dangerRow = new QHBoxLayout;
    m_deleteConversation = new QPushButton(tr("Delete c&onversation…"), this);
    m_deleteConversation->setAccessibleName(tr("Delete the conversation with this contact"));
    m_deleteContact = new QPushButton(tr("&Delete contact…"), this);
    m_deleteContact->setAccessibleName(tr("Delete this contact"));
    dangerRow->addWidget(m_deleteConversation);
    dangerRow->addWidget(m_deleteContact);
    dangerRow->addStretch(1);
    layout->addLayout(dangerRow);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->button(QDialogButtonBox::Close)->setAccessibleName(tr("Close"));
    layout->addWidget(buttons);

    connect(m_rename, &QPushButton::clicked, this, &ContactDetailsDialog::rename);
    connect(m_alias, &QLineEdit::returnPressed, this, &ContactDetailsDialog::rename);
    connect(m_verify, &QPushButton::clicked, this, &ContactDetailsDialog::toggleVerified);
    connect(m_scan, &QrScanButtons::scanned, this, &ContactDetailsDialog::onScanned);
    connect(m_scan, &QrScanButtons::failed, this,
            [this](const QString& reason) { setScanResult(reason, false); });
    m_scan->setCheck([this](const std::string& text) {
        // The webcam goes on scanning past codes that are not safety
        // numbers; a different number ends the scan so it can be shown.
        auto compared = compareScanned(text, m_safetyNumber);
        return !compared && compared.error().code == core::ErrorCode::Malformed
                   ? tr("This QR code is not a Chive safety number.")
                   : QString();
    });
    connect(m_deleteConversation, &QPushButton::clicked, this,
            &ContactDetailsDialog::deleteConversation);
    connect(m_deleteContact, &QPushButton::clicked, this, &ContactDetailsDialog::deleteContact);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

void ContactDetailsDialog::display(const core::ContactView& contact) {
    const bool aliasChanged = contact.alias != m_view.alias || m_alias->text().isEmpty();
    m_view = contact;
    const QString alias = displayText(contact.alias);
    setPeerText(*m_title, alias);
    setWindowTitle(tr("Contact details: %1").arg(withoutIsolates(alias)));
    if (aliasChanged) {
        m_alias->setText(withoutIsolates(alias));
    }
    const QString state =
        contact.state == core::ContactState::Pending
            ? tr("pending: not connected yet")
            : ContactTimeText::presence(contact.presence, contact.lastSeen, core::nowTimestamp());
    m_status->setText(state);
    const bool verified = contact.verification == core::VerificationState::Verified;
    m_verification->setText(verified ? tr("Verified") : tr("Not verified"));
    m_verify->setText(verified ? tr("&Unverify") : tr("Mark as &verified"));
    m_verify->setAccessibleName(verified ? tr("Mark this contact as not verified")
                                         : tr("Mark this contact as verified"));
}

QString ContactDetailsDialog::shownAlias() const {
    return withoutIsolates(displayText(m_view.alias));
}

void ContactDetailsDialog::rename() {
    const QString alias = m_alias->text().trimmed();
    if (alias.isEmpty()) {
        m_error->setText(tr("A name cannot be empty."));
        m_error->setVisible(true);
        return;
    }
    if (alias.toStdString() == m_view.alias) {
        return;
    }
    if (auto renamed = m_messenger.renameContact(m_id, alias.toStdString()); !renamed) {
        showError(tr("rename the contact"), renamed.error());
        return;
    }
    m_error->setVisible(false);
    if (auto view = m_messenger.contact(m_id)) {
        display(*view);
    }
}

void ContactDetailsDialog::toggleVerified() {
    const bool verified = m_view.verification == core::VerificationState::Verified;
    if (auto set = m_messenger.setVerified(m_id, !verified); !set) {
        showError(tr("change the verification"), set.error());
        return;
    }
    if (auto view = m_messenger.contact(m_id)) {
        display(*view);
    }
}

void ContactDetailsDialog::loadVerificationQrFile(const QString& path) {
    m_scan->loadFile(path);
}

void ContactDetailsDialog::pasteVerificationQrFromClipboard() {
    m_scan->pasteClipboard();
}

void ContactDetailsDialog::onScanned(const std::string& text) {
    auto compared = compareScanned(text, m_safetyNumber);
    if (!compared) {
        if (compared.error().code == core::ErrorCode::Malformed) {
            setScanResult(tr("This QR code is not a Chive safety number. Scan the code "
                             "shown in your contact's details for you."),
                          false);
        } else {
            setScanResult(tr("The safety numbers do NOT match. The keys you and %1 hold "
                             "differ: someone may have changed the links you exchanged. Do "
                             "not mark this contact as verified; exchange new links in "
                             "person.")
                              .arg(shownAlias()),
                          false);
        }
        return;
    }
    if (auto set = m_messenger.setVerified(m_id, true); !set) {
        showError(tr("mark the contact as verified"), set.error());
        return;
    }
    if (auto view = m_messenger.contact(m_id)) {
        display(*view);
    }
    setScanResult(tr("The safety numbers match. %1 is now verified.").arg(shownAlias()), true);
}

void ContactDetailsDialog::setScanResult(const QString& text, bool good) {
    m_scanResult->setText(text);
    QPalette palette = m_scanResult->palette();
    palette.setColor(QPalette::WindowText,
                     good ? QColor(0x26, 0x8b, 0x3c) : QColor(0xc0, 0x1c, 0x28));
    m_scanResult->setPalette(palette);
}

void ContactDetailsDialog::showError(const QString& action, const core::Error& error) {
    m_error->setText(tr("Could not %1: %2").arg(action, QString::fromStdString(error.message)));
    m_error->setVisible(true);
}

bool ContactDetailsDialog::deleteConversation() {
    const auto answer = QMessageBox::question(
        this, tr("Delete conversation"),
        tr("Delete every message you exchanged with %1? This cannot be undone.").arg(shownAlias()),
        QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
    if (answer != QMessageBox::Yes) {
        return false;
    }
    if (auto deleted = m_messenger.deleteConversation(m_id); !deleted) {
        showError(tr("delete the conversation"), deleted.error());
        return false;
    }
    return true;
}

bool ContactDetailsDialog::deleteContact() {
    const auto answer = QMessageBox::question(
        this, tr("Delete contact"),
        tr("Delete %1 and your whole conversation? Their keys are removed and you can no "
           "longer reach each other; %1 is not told. This cannot be undone.")
            .arg(shownAlias()),
        QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
    if (answer != QMessageBox::Yes) {
        return false;
    }
    if (auto deleted = m_messenger.deleteContact(m_id); !deleted) {
        showError(tr("delete the contact"), deleted.error());
        return false;
    }
    accept();
    return true;
}

QString ContactDetailsDialog::safetyNumberText() const {
    return m_number->text();
}

QString ContactDetailsDialog::scanResultText() const {
    return m_scanResult->text();
}

QString ContactDetailsDialog::titleText() const {
    return m_title->text();
}

void ContactDetailsDialog::onContactChanged(const core::ContactView& contact) {
    if (contact.id == m_id) {
        display(contact);
    }
}

void ContactDetailsDialog::onContactRemoved(core::ContactId contact) {
    if (contact == m_id && isVisible()) {
        reject();
    }
}

} // namespace chive::ui
