#pragma once

// AddContactDialog: adding one contact. The person names the future
// contact and makes a fresh link for them (the invitation), which the
// dialog shows as text (copy) and QR code (save as PNG); then enters the
// other's link: pasted, loaded from a QR image file or the clipboard, or
// scanned with a webcam. The link is checked as it is typed, with the
// precise error (wrong checksum, unknown version, own link, ...). OK enters
// it (Messenger::enterPeerLink); the exchange then runs in the background
// and the contact appears in the list as pending, then connected. Closing
// without entering a link keeps the invitation in the pending list, from
// where the dialog can be reopened for it.
//
// Ownership and threads: GUI thread only. Holds references to the
// messenger (valid until the profile is locked; the window closes its
// dialogs first) and the bridge.

#include "core/engine/Messenger.h"
#include "core/engine/MessengerEvents.h"
#include "core/link/ContactLink.h"
#include "core/qr/QrCode.h"

#include <QDialog>
#include <QImage>

#include <optional>
#include <string>
#include <vector>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace chive::ui {

class MessengerBridge;
class QrScanButtons;

class AddContactDialog : public QDialog {
    Q_OBJECT

public:
    // A new contact: the invitation is made when the person confirms the
    // name ("Create link").
    AddContactDialog(core::Messenger& messenger, MessengerBridge& bridge,
                     QWidget* parent = nullptr);
    // An invitation made earlier, still pending.
    AddContactDialog(core::Messenger& messenger, MessengerBridge& bridge,
                     const core::InvitationView& invitation, QWidget* parent = nullptr);

    // Fills in the other's link (a chive: link from the command line).
    void setPeerLink(const QString& link);

    // Makes the invitation with the alias in the name field; false (with the
    // reason shown) if the engine refused.
    bool createInvitation();
    // What the QR buttons do, without their file dialog.
    void loadPeerQrFile(const QString& path);
    void pastePeerQrFromClipboard();
    // Writes our link's QR code as a PNG; false (reason shown) on failure.
    bool saveQrTo(const QString& path);

    // For tests and the window.
    [[nodiscard]] const std::optional<core::InvitationView>& invitation() const {
        return m_invitation;
    }
    [[nodiscard]] QLineEdit& aliasField() const { return *m_alias; }
    [[nodiscard]] QPushButton& createButton() const { return *m_create; }
    [[nodiscard]] QLineEdit& ownLinkField() const { return *m_ownLink; }
    [[nodiscard]] QLineEdit& peerLinkField() const { return *m_peerLink; }
    [[nodiscard]] QPushButton& okButton() const { return *m_ok; }
    [[nodiscard]] QrScanButtons& scanButtons() const { return *m_scan; }
    // The line under their link: empty, "This link is valid." or the error.
    [[nodiscard]] QString validationText() const;
    [[nodiscard]] bool peerLinkValid() const { return m_peerLinkValid; }
    [[nodiscard]] const QImage& ownQrImage() const { return m_qrImage; }

private:
    AddContactDialog(core::Messenger& messenger, MessengerBridge& bridge,
                     std::optional<core::InvitationView> invitation, QWidget* parent);
    void build();
    void showInvitation();
    void validate();
    // Why `text` cannot be entered, or empty if it can.
    [[nodiscard]] QString problemWith(const std::string& text) const;
    void onScanned(const std::string& text);
    void onInvitationChanged(const core::InvitationView& invitation);
    void onInvitationRemoved(core::InvitationId invitation);
    void enterPeerLink();
    void copyLink();
    void chooseQrFile();
    void refreshOwnLinks();
    void setValidation(const QString& text, bool good);
    void updateButtons();

    core::Messenger& m_messenger;
    std::optional<core::InvitationView> m_invitation;
    std::optional<core::QrCode> m_qrCode;
    QImage m_qrImage;
    std::vector<core::ContactLink> m_ownLinks;
    bool m_peerLinkValid = false;
    bool m_gone = false;

    QLineEdit* m_alias = nullptr;
    QPushButton* m_create = nullptr;
    QLabel* m_aliasError = nullptr;
    QWidget* m_ownSection = nullptr;
    QLineEdit* m_ownLink = nullptr;
    QPushButton* m_copy = nullptr;
    QLabel* m_qr = nullptr;
    QPushButton* m_saveQr = nullptr;
    QWidget* m_peerSection = nullptr;
    QLineEdit* m_peerLink = nullptr;
    QLabel* m_validation = nullptr;
    QrScanButtons* m_scan = nullptr;
    QLabel* m_note = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
    QPushButton* m_ok = nullptr;
};

} // namespace chive::ui
