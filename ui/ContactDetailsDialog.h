#pragma once

// ContactDetailsDialog: one contact's details: rename it, compare the
// safety number (read aloud in groups, or scan each other's verification
// QR code in person, which marks the contact verified when the numbers
// match and says plainly when they do not), mark verified or unverify,
// delete the conversation or the contact (each after a confirmation that
// names the contact).
//
// The verification QR code holds core::SafetyNumber's QR text:
// "CHIVE-SAFETY:" and the 60 digits (doc/protocol.md, "Safety number").
//
// Ownership and threads: GUI thread only. Holds references to the
// messenger (valid until the profile is locked; the window closes its
// dialogs first) and the bridge. Closes itself when the contact is deleted.

#include "core/Result.h"
#include "core/engine/Messenger.h"
#include "core/engine/MessengerEvents.h"

#include <QDialog>
#include <QImage>

#include <string>
#include <string_view>

class QLabel;
class QLineEdit;
class QPushButton;

namespace chive::ui {

class MessengerBridge;
class QrScanButtons;

class ContactDetailsDialog : public QDialog {
    Q_OBJECT

public:
    ContactDetailsDialog(core::Messenger& messenger, MessengerBridge& bridge,
                         core::ContactId contact, QWidget* parent = nullptr);

    // The QR text for a safety number as Messenger::safetyNumber gives it
    // ("12345 67890 …"): "CHIVE-SAFETY:" and the digits.
    [[nodiscard]] static std::string verificationText(std::string_view safetyNumber);
    // Compares a scanned verification code with our number: Malformed if it
    // is not a Chive safety number, Crypto if it is a different one.
    [[nodiscard]] static core::Status compareScanned(std::string_view scanned,
                                                     std::string_view safetyNumber);

    void rename();
    void toggleVerified();
    // What the scan buttons do, without their file dialog.
    void loadVerificationQrFile(const QString& path);
    void pasteVerificationQrFromClipboard();
    // Ask first, then delete; return whether it was deleted.
    bool deleteConversation();
    bool deleteContact();

    // For tests.
    [[nodiscard]] core::ContactId contactId() const { return m_id; }
    [[nodiscard]] QLineEdit& aliasField() const { return *m_alias; }
    [[nodiscard]] QPushButton& verifyButton() const { return *m_verify; }
    [[nodiscard]] QString safetyNumberText() const;
    [[nodiscard]] QString scanResultText() const;
    [[nodiscard]] QString titleText() const;
    [[nodiscard]] const QImage& verificationQr() const { return m_qrImage; }
    [[nodiscard]] QrScanButtons& scanButtons() const { return *m_scan; }

private:
    void build();
    void display(const core::ContactView& contact);
    void onContactChanged(const core::ContactView& contact);
    void onContactRemoved(core::ContactId contact);
    void onScanned(const std::string& text);
    void setScanResult(const QString& text, bool good);
    void showError(const QString& action, const core::Error& error);
    [[nodiscard]] QString shownAlias() const;

    core::Messenger& m_messenger;
    core::ContactId m_id;
    core::ContactView m_view;
    std::string m_safetyNumber;
    QImage m_qrImage;

    QLabel* m_title = nullptr;
    QLabel* m_status = nullptr;
    QLineEdit* m_alias = nullptr;
    QPushButton* m_rename = nullptr;
    QLabel* m_number = nullptr;
    QLabel* m_qr = nullptr;
    QLabel* m_verification = nullptr;
    QPushButton* m_verify = nullptr;
    QrScanButtons* m_scan = nullptr;
    QLabel* m_scanResult = nullptr;
    QLabel* m_error = nullptr;
    QPushButton* m_deleteConversation = nullptr;
    QPushButton* m_deleteContact = nullptr;
};

} // namespace chive::ui
