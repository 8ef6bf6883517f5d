#include "ui/AddContactDialog.h"

#include "ui/MessengerBridge.h"
#include "ui/PlainText.h"
#include "ui/QrImage.h"
#include "ui/QrScanButtons.h"
#include "ui/WebcamScanDialog.h"

#include <QClipboard>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFontDatabase>
#include <QGridLayout>
#include <QGroupBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPixmap>
#include <QPushButton>
#include <QStandardPaths>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <utility>

namespace chive::ui {

namespace {

constexpr int kQrPixelsPerModule = 6;

// The precise words for a link the parser or the engine refused.
QString linkError(const core::Error& error) {
    switch (error.code) {
    case core::ErrorCode::Malformed:
        return AddContactDialog::tr("This is not a valid Chive link: %1.")
            .arg(QString::fromStdString(error.message));
    case core::ErrorCode::UnsupportedVersion:
        return AddContactDialog::tr("This link was made by a newer version of Chive. Update "
                                    "Chive to add this contact.");
    case core::ErrorCode::Corrupt:
        return AddContactDialog::tr("The link's checksum does not match: a character was "
                                    "changed or lost on the way. Copy the link again, or ask "
                                    "for it again.");
    case core::ErrorCode::TooLarge:
        return AddContactDialog::tr("This text is far too long to be a Chive link.");
    case core::ErrorCode::InvalidArgument:
        return AddContactDialog::tr("This is your own link. Send it to your contact, and enter "
                                    "the link they send you here.");
    case core::ErrorCode::AlreadyExists:
        return AddContactDialog::tr("This link was already used. A link is for one contact "
                                    "only: ask them for a new one.");
    case core::ErrorCode::NotFound:
    case core::ErrorCode::Timeout:
        return AddContactDialog::tr("This invitation expired or was cancelled. Close this "
                                    "window and add the contact again.");
    default:
        break;
    }
    return AddContactDialog::tr("The link could not be entered: %1")
        .arg(QString::fromStdString(error.message));
}

} // namespace

AddContactDialog::AddContactDialog(core::Messenger& messenger, MessengerBridge& bridge,
                                   QWidget* parent)
    : AddContactDialog(messenger, bridge, std::nullopt, parent) {}

AddContactDialog::AddContactDialog(core::Messenger& messenger, MessengerBridge& bridge,
                                   const core::InvitationView& invitation, QWidget* parent)
    : AddContactDialog(messenger, bridge, std::optional(invitation), parent) {}

AddContactDialog::AddContactDialog(core::Messenger& messenger, MessengerBridge& bridge,
                                   std::optional<core::InvitationView> invitation, QWidget* parent)
    : QDialog(parent)
    , m_messenger(messenger)
    , m_invitation(std::move(invitation)) {
    build();
    connect(&bridge, &MessengerBridge::invitationChanged, this,
            &AddContactDialog::onInvitationChanged);
    connect(&bridge, &MessengerBridge::invitationRemoved, this,
            &AddContactDialog::onInvitationRemoved);
    refreshOwnLinks();
    if (m_invitation) {
        m_alias->setText(displayText(m_invitation->alias).mid(1).chopped(1));
        showInvitation();
    } else {
        updateButtons();
        m_alias->setFocus();
        m_alias->selectAll();
    }
}

void AddContactDialog::build() {
    setWindowTitle(tr("Add contact"));
    setMinimumWidth(560);
    auto* layout = new QVBoxLayout(this);

    auto* intro = new QLabel(
        tr("A link is made for one person. Send them your link and enter the link they send "
           "you; once both of you have entered the other's link, Chive connects you."),
        this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto* nameRow = new QHBoxLayout;
    auto* nameLabel = new QLabel(tr("&Name:"), this);
    m_alias = new QLineEdit(tr("New contact"), this);
    m_alias->setAccessibleName(tr("Name for the new contact"));
    m_alias->setMaxLength(200);
    nameLabel->setBuddy(m_alias);
    m_create = new QPushButton(tr("C&reate link"), this);
    m_create->setAccessibleName(tr("Create a link for this contact"));
    m_create->setDefault(true);
    nameRow->addWidget(nameLabel);
    nameRow->addWidget(m_alias, 1);
    nameRow->addWidget(m_create);
    layout->addLayout(nameRow);
    m_aliasError = new QLabel(this);
    m_aliasError->setTextFormat(Qt::PlainText);
    m_aliasError->setWordWrap(true);
    m_aliasError->setVisible(false);
    layout->addWidget(m_aliasError);

    auto* own = new QGroupBox(tr("Your link: send it to them"), this);
    m_ownSection = own;
    auto* ownLayout = new QGridLayout(own);
    m_ownLink = new QLineEdit(own);
    m_ownLink->setReadOnly(true);
    m_ownLink->setAccessibleName(tr("Your link"));
    m_ownLink->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_copy = new QPushButton(tr("&Copy"), own);
    m_copy->setAccessibleName(tr("Copy your link"));
    m_qr = new QLabel(own);
    m_qr->setAccessibleName(tr("QR code of your link"));
    m_qr->setAccessibleDescription(
        tr("Your contact can scan this code with their webcam or load a picture of it."));
    m_qr->setAlignment(Qt::AlignCenter);
    m_saveQr = new QPushButton(tr("&Save QR as PNG…"), own);
    m_saveQr->setAccessibleName(tr("Save the QR code of your link as a PNG image"));
    ownLayout->addWidget(m_ownLink, 0, 0);
    ownLayout->addWidget(m_copy, 0, 1);
    ownLayout->addWidget(m_qr, 1, 0, 1, 2);
    ownLayout->addWidget(m_saveQr, 2, 0, 1, 2, Qt::AlignHCenter);
    layout->addWidget(own);

    auto* peer = new QGroupBox(tr("Their link"), this);
    m_peerSection = peer;
    auto* peerLayout = new QVBoxLayout(peer);
    m_peerLink = new QLineEdit(peer);
    m_peerLink->setPlaceholderText(tr("Paste their chive: link here"));
    m_peerLink->setAccessibleName(tr("Their link"));
    m_peerLink->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_validation = new QLabel(peer);
    m_validation->setTextFormat(Qt::PlainText);
    m_validation->setWordWrap(true);
    m_validation->setAccessibleName(tr("Link check"));
    m_scan = new QrScanButtons(tr("their link"), peer);
    peerLayout->addWidget(m_peerLink);
    peerLayout->addWidget(m_validation);
    peerLayout->addWidget(m_scan);
    layout->addWidget(peer);

    m_note = new QLabel(tr("If you close this window before entering their link, the invitation "
                           "stays in your pending list for 7 days: open it from there to enter "
                           "their link later."),
                        this);
    m_note->setWordWrap(true);
    layout->addWidget(m_note);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Close, this);
    m_ok = m_buttons->button(QDialogButtonBox::Ok);
    m_ok->setText(tr("&Add contact"));
    m_ok->setAccessibleName(tr("Add the contact with their link"));
    m_buttons->button(QDialogButtonBox::Close)->setAccessibleName(tr("Close"));
    layout->addWidget(m_buttons);

    setTabOrder(m_alias, m_create);
    setTabOrder(m_create, m_ownLink);
    setTabOrder(m_ownLink, m_copy);
    setTabOrder(m_copy, m_saveQr);
    setTabOrder(m_saveQr, m_peerLink);
    setTabOrder(m_peerLink, m_scan);

    connect(m_create, &QPushButton::clicked, this, &AddContactDialog::createInvitation);
    connect(m_alias, &QLineEdit::returnPressed, this, [this] {
        if (!m_invitation) {
            createInvitation();
        }
    });
    connect(m_copy, &QPushButton::clicked, this, &AddContactDialog::copyLink);
    connect(m_saveQr, &QPushButton::clicked, this, &AddContactDialog::chooseQrFile);
    connect(m_peerLink, &QLineEdit::textChanged, this, &AddContactDialog::validate);
    connect(m_scan, &QrScanButtons::scanned, this, &AddContactDialog::onScanned);
    connect(m_scan, &QrScanButtons::failed, this,
            [this](const QString& reason) { setValidation(reason, false); });
    m_scan->setCheck([this](const std::string& text) { return problemWith(text); });
    connect(m_buttons, &QDialogButtonBox::accepted, this, &AddContactDialog::enterPeerLink);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    validate();
}

void AddContactDialog::setPeerLink(const QString& link) {
    m_peerLink->setText(link.trimmed());
}

bool AddContactDialog::createInvitation() {
    if (m_invitation) {
        return true;
    }
    const QString alias = m_alias->text().trimmed();
    if (alias.isEmpty()) {
        m_aliasError->setText(tr("Enter a name for this contact (only you see it)."));
        m_aliasError->setVisible(true);
        return false;
    }
    auto made = m_messenger.createInvitation(alias.toStdString());
    if (!made) {
        m_aliasError->setText(
            tr("Could not make a link: %1").arg(QString::fromStdString(made.error().message)));
        m_aliasError->setVisible(true);
        return false;
    }
    m_aliasError->setVisible(false);
    m_invitation = *made;
    refreshOwnLinks();
    showInvitation();
    return true;
}

void AddContactDialog::showInvitation() {
    Q_ASSERT(m_invitation);
    m_alias->setReadOnly(true);
    m_alias->setToolTip(QString());
    m_create->setVisible(false);
    m_create->setDefault(false);
    m_ok->setDefault(true);
    m_ownLink->setText(QString::fromStdString(m_invitation->link));
    m_ownLink->setCursorPosition(0);
    auto link = core::ContactLink::parse(m_invitation->link);
    if (link) {
        auto code = core::QrCode::encode(link->toQrText());
        if (code) {
            m_qrCode = *code;
            m_qrImage = QrImage::render(*code, kQrPixelsPerModule);
            m_qr->setPixmap(QPixmap::fromImage(m_qrImage));
        }
    }
    if (!m_qrCode) {
        m_qr->setText(tr("The QR code could not be made; send the link as text."));
    }
    if (m_invitation->peerLinkEntered) {
        m_peerLink->setEnabled(false);
        m_scan->setEnabled(false);
        m_peerLink->setPlaceholderText(tr("Their link is entered"));
        setValidation(tr("Their link is entered: Chive is looking for them. Make sure they "
                         "have your link too."),
                      true);
    } else {
        m_peerLink->setFocus();
        validate();
    }
    updateButtons();
}

QString AddContactDialog::validationText() const {
    return m_validation->text();
}

QString AddContactDialog::problemWith(const std::string& text) const {
    auto link = core::ContactLink::parse(text);
    if (!link) {
        return linkError(link.error());
    }
    if (std::find(m_ownLinks.begin(), m_ownLinks.end(), *link) != m_ownLinks.end()) {
        return linkError(core::Error{core::ErrorCode::InvalidArgument, {}});
    }
    return {};
}

void AddContactDialog::validate() {
    if (m_invitation && m_invitation->peerLinkEntered) {
        return;
    }
    const QString text = m_peerLink->text().trimmed();
    if (text.isEmpty()) {
        m_peerLinkValid = false;
        setValidation(tr("Paste the link they sent you, or load a picture of their QR code."),
                      true);
    } else {
        const QString problem = problemWith(text.toStdString());
        m_peerLinkValid = problem.isEmpty();
        setValidation(m_peerLinkValid ? tr("This link is valid.") : problem, m_peerLinkValid);
    }
    updateButtons();
}

void AddContactDialog::onScanned(const std::string& text) {
    auto link = core::ContactLink::parse(text);
    if (!link) {
        setValidation(tr("The QR code does not hold a Chive link. %1").arg(linkError(link.error())),
                      false);
        return;
    }
    // The QR code holds the link upper-cased; the field shows the usual form.
    m_peerLink->setText(QString::fromStdString(link->toString()));
}

void AddContactDialog::setValidation(const QString& text, bool good) {
    m_validation->setText(text);
    QPalette palette = m_validation->palette();
    palette.setColor(QPalette::WindowText,
                     good ? this->palette().color(QPalette::WindowText) : QColor(0xc0, 0x1c, 0x28));
    m_validation->setPalette(palette);
}

void AddContactDialog::updateButtons() {
    const bool created = m_invitation.has_value();
    m_ownSection->setEnabled(created);
    const bool waiting = created && !m_invitation->peerLinkEntered && !m_gone;
    m_ok->setEnabled(waiting && m_peerLinkValid);
    m_ok->setVisible(!created || !m_invitation->peerLinkEntered);
    m_note->setVisible(!created || !m_invitation->peerLinkEntered);
    if (!created) {
        m_ok->setToolTip(QString());
    }
}

void AddContactDialog::enterPeerLink() {
    if (!m_invitation || !m_peerLinkValid || m_gone) {
        return;
    }
    auto entered =
        m_messenger.enterPeerLink(m_invitation->id, m_peerLink->text().trimmed().toStdString());
    if (!entered) {
        m_peerLinkValid = false;
        setValidation(linkError(entered.error()), false);
        updateButtons();
        return;
    }
    accept();
}

void AddContactDialog::onInvitationChanged(const core::InvitationView& invitation) {
    if (m_invitation && invitation.id == m_invitation->id) {
        m_invitation = invitation;
    }
    refreshOwnLinks();
}

void AddContactDialog::onInvitationRemoved(core::InvitationId invitation) {
    if (!m_invitation || invitation != m_invitation->id || result() == QDialog::Accepted) {
        return;
    }
    m_gone = true;
    m_peerLink->setEnabled(false);
    m_scan->setEnabled(false);
    setValidation(m_invitation->peerLinkEntered
                      ? tr("This invitation is finished: the contact is in your list.")
                      : tr("This invitation expired or was cancelled. Close this window and "
                           "add the contact again."),
                  m_invitation->peerLinkEntered);
    updateButtons();
}

void AddContactDialog::copyLink() {
    if (!m_invitation) {
        return;
    }
    if (QClipboard* clipboard = QGuiApplication::clipboard(); clipboard != nullptr) {
        clipboard->setText(QString::fromStdString(m_invitation->link));
    }
    m_copy->setText(tr("Copied"));
    QTimer::singleShot(1500, m_copy, [copy = m_copy] { copy->setText(tr("&Copy")); });
}

void AddContactDialog::chooseQrFile() {
    const QString suggested = QStandardPaths::writableLocation(QStandardPaths::PicturesLocation) +
                              QStringLiteral("/chive-link.png");
    const QString path = QFileDialog::getSaveFileName(this, tr("Save the QR code of your link"),
                                                      suggested, tr("PNG images (*.png)"));
    if (!path.isEmpty()) {
        saveQrTo(path);
    }
}

bool AddContactDialog::saveQrTo(const QString& path) {
    if (!m_qrCode) {
        return false;
    }
    if (auto saved = QrImage::savePng(*m_qrCode, path, QrImage::kDefaultPixelsPerModule); !saved) {
        setValidation(
            tr("Could not save the QR code: %1").arg(QString::fromStdString(saved.error().message)),
            false);
        return false;
    }
    return true;
}

void AddContactDialog::loadPeerQrFile(const QString& path) {
    m_scan->loadFile(path);
}

void AddContactDialog::pastePeerQrFromClipboard() {
    m_scan->pasteClipboard();
}

void AddContactDialog::refreshOwnLinks() {
    m_ownLinks.clear();
    auto invitations = m_messenger.invitations();
    if (invitations) {
        for (const auto& invitation : *invitations) {
            if (auto link = core::ContactLink::parse(invitation.link)) {
                m_ownLinks.push_back(*link);
            }
        }
    }
    if (m_invitation) {
        if (auto link = core::ContactLink::parse(m_invitation->link)) {
            m_ownLinks.push_back(*link);
        }
    }
}

} // namespace chive::ui
