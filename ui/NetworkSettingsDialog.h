#pragma once

// NetworkSettingsDialog: how Chive reaches Tor: bridges (none, obfs4,
// Snowflake or plain) with pasted bridge lines checked line by line as they
// are typed, or, where the backend supports it, a Tor that the system runs,
// reached over its control socket or a control port on 127.0.0.1 with
// cookie or password authentication.
//
// Apply and OK hand the settings to the backend on a worker thread (Tor
// takes them without a restart); while it works the dialog is busy, and if
// it fails the reason (Tor's own words) is shown and the dialog stays open.
// Text that the person pasted is shown back only as plain text.
//
// Threads: GUI thread, except the one apply under way on the dialog's
// worker thread, which the destructor waits for. Does not own the backend,
// which must outlive the dialog.

#include "core/Result.h"
#include "core/net/NetworkSettings.h"
#include "ui/NetworkSettingsBackend.h"

#include <QDialog>

#include <optional>
#include <thread>

class QComboBox;
class QDialogButtonBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QRadioButton;
class QSpinBox;

namespace chive::ui {

class NetworkSettingsDialog : public QDialog {
    Q_OBJECT

public:
    explicit NetworkSettingsDialog(NetworkSettingsBackend& backend, QWidget* parent = nullptr);
    ~NetworkSettingsDialog() override;
    NetworkSettingsDialog(const NetworkSettingsDialog&) = delete;
    NetworkSettingsDialog& operator=(const NetworkSettingsDialog&) = delete;
    NetworkSettingsDialog(NetworkSettingsDialog&&) = delete;
    NetworkSettingsDialog& operator=(NetworkSettingsDialog&&) = delete;

    // The settings the fields describe, or nullopt while they do not
    // validate (reportText() then says why).
    [[nodiscard]] std::optional<core::NetworkSettings> settingsFromFields() const;
    // The live check of the bridge lines and fields.
    [[nodiscard]] QString reportText() const;
    // Progress or the outcome of the last apply.
    [[nodiscard]] QString messageText() const;
    [[nodiscard]] bool isApplying() const { return m_applying; }

    [[nodiscard]] QComboBox* bridgeTypeBox() const { return m_bridgeType; }
    [[nodiscard]] QPlainTextEdit* bridgeLinesEdit() const { return m_bridgeLines; }
    [[nodiscard]] QRadioButton* systemTorChoice() const { return m_system; }
    [[nodiscard]] QLineEdit* controlSocketEdit() const { return m_socketPath; }
    [[nodiscard]] QSpinBox* controlPortBox() const { return m_port; }
    [[nodiscard]] QPushButton* applyButton() const;
    [[nodiscard]] QPushButton* okButton() const;

    void accept() override;
    void reject() override;

signals:
    // After the backend took new settings.
    void applied();

private:
    struct Check {
        std::optional<core::NetworkSettings> settings;
        QString report;
    };

    void buildBridgeGroup(QGroupBox* group);
    void buildSystemGroup(QGroupBox* group);
    void load();
    void refresh();
    [[nodiscard]] Check check() const;
    [[nodiscard]] core::BridgeMode bridgeMode() const;
    void startApply(bool closeAfter);
    void finishApply(const core::Status& status, bool closeAfter);

    NetworkSettingsBackend& m_backend;
    QRadioButton* m_embedded = nullptr;
    QRadioButton* m_system = nullptr;
    QGroupBox* m_bridgeGroup = nullptr;
    QComboBox* m_bridgeType = nullptr;
    QLabel* m_pluginNote = nullptr;
    QPlainTextEdit* m_bridgeLines = nullptr;
    QLabel* m_report = nullptr;
    QGroupBox* m_systemGroup = nullptr;
    QRadioButton* m_socketChoice = nullptr;
    QLineEdit* m_socketPath = nullptr;
    QRadioButton* m_portChoice = nullptr;
    QSpinBox* m_port = nullptr;
    QComboBox* m_auth = nullptr;
    QLineEdit* m_cookieFile = nullptr;
    QLineEdit* m_password = nullptr;
    QLabel* m_message = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
    bool m_loaded = false;
    bool m_applying = false;
    std::thread m_worker; // the apply under way, if any
};

} // namespace chive::ui
