#include "ui/NetworkSettingsDialog.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <set>

namespace chive::ui {

using core::BridgeMode;
using core::BridgeTransport;
using core::ControlAuth;
using core::TorMode;

namespace {

QString transportLabel(BridgeTransport transport) {
    switch (transport) {
    case BridgeTransport::Obfs4:
        return NetworkSettingsDialog::tr("obfs4");
    case BridgeTransport::Snowflake:
        return NetworkSettingsDialog::tr("Snowflake");
    case BridgeTransport::Plain:
        break;
    }
    return NetworkSettingsDialog::tr("plain");
}

QString fromUtf8(const std::string& text) {
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

QLabel* plainLabel(QWidget* parent, const QString& accessibleName) {
    auto* label = new QLabel(parent);
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    label->setAccessibleName(accessibleName);
    return label;
}

} // namespace

NetworkSettingsDialog::NetworkSettingsDialog(NetworkSettingsBackend& backend, QWidget* parent)
    : QDialog(parent)
    , m_backend(backend) {
    setWindowTitle(tr("Network settings"));
    setAccessibleName(tr("Network settings"));

    m_embedded = new QRadioButton(tr("Use Chive's own &Tor"), this);
    m_embedded->setAccessibleName(tr("Use Chive's own Tor"));
    m_system =
        new QRadioButton(tr("Use the Tor &running on this system (for example on Tails)"), this);
    m_system->setAccessibleName(tr("Use the Tor running on this system"));
    auto* modes = new QButtonGroup(this);
    modes->addButton(m_embedded);
    modes->addButton(m_system);
    m_embedded->setChecked(true);
    const bool systemTor = m_backend.supportsSystemTor();
    m_embedded->setVisible(systemTor);
    m_system->setVisible(systemTor);

    m_bridgeGroup = new QGroupBox(tr("Bridges"), this);
    buildBridgeGroup(m_bridgeGroup);
    m_systemGroup = new QGroupBox(tr("System Tor"), this);
    buildSystemGroup(m_systemGroup);
    m_systemGroup->setVisible(systemTor);

    m_message = plainLabel(this, tr("Outcome"));

    m_buttons = new QDialogButtonBox(
        QDialogButtonBox::Ok | QDialogButtonBox::Apply | QDialogButtonBox::Cancel, this);
    okButton()->setAccessibleName(tr("Apply and close"));
    applyButton()->setAccessibleName(tr("Apply"));
    m_buttons->button(QDialogButtonBox::Cancel)->setAccessibleName(tr("Cancel"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &NetworkSettingsDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &NetworkSettingsDialog::reject);
    connect(applyButton(), &QPushButton::clicked, this, [this] { startApply(false); });

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_embedded);
    layout->addWidget(m_system);
    layout->addWidget(m_bridgeGroup);
    layout->addWidget(m_systemGroup);
    layout->addWidget(m_message);
    layout->addWidget(m_buttons);

    connect(m_embedded, &QRadioButton::toggled, this, &NetworkSettingsDialog::refresh);

    setTabOrder(m_embedded, m_system);
    setTabOrder(m_system, m_bridgeType);
    setTabOrder(m_bridgeType, m_bridgeLines);
    setTabOrder(m_bridgeLines, m_socketChoice);
    setTabOrder(m_socketChoice, m_socketPath);
    setTabOrder(m_socketPath, m_portChoice);
    setTabOrder(m_portChoice, m_port);
    setTabOrder(m_port, m_auth);
    setTabOrder(m_auth, m_cookieFile);
    setTabOrder(m_cookieFile, m_password);
    setTabOrder(m_password, m_buttons);

    load();
    refresh();
}

NetworkSettingsDialog::~NetworkSettingsDialog() {
    // An apply under way must not outlive the dialog it reports to.
    if (m_worker.joinable()) {
        m_worker.join();
    }
}

void NetworkSettingsDialog::buildBridgeGroup(QGroupBox* group) {
    m_bridgeType = new QComboBox(group);
    m_bridgeType->setAccessibleName(tr("Bridge type"));
    m_bridgeType->addItem(tr("No bridges: connect to Tor directly"),
                          static_cast<int>(BridgeMode::Off));
    m_bridgeType->addItem(tr("obfs4"), static_cast<int>(BridgeMode::Obfs4));
    m_bridgeType->addItem(tr("Snowflake"), static_cast<int>(BridgeMode::Snowflake));
    m_bridgeType->addItem(tr("Plain bridges (no pluggable transport)"),
                          static_cast<int>(BridgeMode::Plain));

    m_pluginNote = plainLabel(group, tr("Pluggable transport"));
    m_bridgeLines = new QPlainTextEdit(group);
    m_bridgeLines->setAccessibleName(tr("Bridge lines"));
    m_bridgeLines->setAccessibleDescription(tr("One bridge per line, as given by "
                                               "bridges.torproject.org or a friend"));
    m_bridgeLines->setPlaceholderText(
        tr("One bridge per line, for example:\nobfs4 192.0.2.10:443 FINGERPRINT cert=… "
           "iat-mode=0"));
    m_bridgeLines->setTabChangesFocus(true);
    m_bridgeLines->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_report = plainLabel(group, tr("Bridge line check"));

    auto* help = plainLabel(group, tr("About bridges"));
    help->setText(tr("Bridges are unlisted Tor relays for networks that block Tor. Get bridge "
                     "lines from bridges.torproject.org or from someone you trust."));

    auto* form = new QFormLayout;
    form->addRow(tr("&Type:"), m_bridgeType);
    auto* layout = new QVBoxLayout(group);
    layout->addWidget(help);
    layout->addLayout(form);
    layout->addWidget(m_pluginNote);
    auto* linesLabel = new QLabel(tr("Bridge &lines:"), group);
    linesLabel->setBuddy(m_bridgeLines);
    layout->addWidget(linesLabel);
    layout->addWidget(m_bridgeLines);
    layout->addWidget(m_report);

    connect(m_bridgeType, &QComboBox::currentIndexChanged, this, &NetworkSettingsDialog::refresh);
    connect(m_bridgeLines, &QPlainTextEdit::textChanged, this, [this] {
        // Lines pasted while bridges are off: turn on the type they are.
        if (m_loaded && bridgeMode() == BridgeMode::Off) {
            std::set<BridgeTransport> kinds;
            for (const auto& entry :
                 core::checkBridgeLines(m_bridgeLines->toPlainText().toStdString())) {
                if (entry.line) {
                    kinds.insert(entry.line->transport());
                }
            }
            if (kinds.size() == 1) {
                const auto mode = *kinds.begin() == BridgeTransport::Obfs4 ? BridgeMode::Obfs4
                                  : *kinds.begin() == BridgeTransport::Snowflake
                                      ? BridgeMode::Snowflake
                                      : BridgeMode::Plain;
                m_bridgeType->setCurrentIndex(m_bridgeType->findData(static_cast<int>(mode)));
            }
        }
        refresh();
    });
}

void NetworkSettingsDialog::buildSystemGroup(QGroupBox* group) {
    m_socketChoice = new QRadioButton(tr("Control &socket:"), group);
    m_socketChoice->setAccessibleName(tr("Reach Tor's control socket"));
    m_socketPath = new QLineEdit(group);
    m_socketPath->setAccessibleName(tr("Control socket path"));
    m_socketPath->setPlaceholderText(QStringLiteral("/run/tor/control"));
    m_portChoice = new QRadioButton(tr("Control &port on 127.0.0.1:"), group);
    m_portChoice->setAccessibleName(tr("Reach Tor's control port on 127.0.0.1"));
    m_port = new QSpinBox(group);
    m_port->setAccessibleName(tr("Control port"));
    m_port->setRange(1, 65535);
    m_port->setValue(9051);
    auto* endpoints = new QButtonGroup(group);
    endpoints->addButton(m_socketChoice);
    endpoints->addButton(m_portChoice);
    m_socketChoice->setChecked(true);

    m_auth = new QComboBox(group);
    m_auth->setAccessibleName(tr("Authentication"));
    m_auth->addItem(tr("Cookie file (SAFECOOKIE)"), static_cast<int>(ControlAuth::Cookie));
    m_auth->addItem(tr("Password"), static_cast<int>(ControlAuth::Password));
    m_cookieFile = new QLineEdit(group);
    m_cookieFile->setAccessibleName(tr("Cookie file"));
    m_cookieFile->setPlaceholderText(tr("The file Tor names (leave empty)"));
    m_password = new QLineEdit(group);
    m_password->setAccessibleName(tr("Control port password"));
    m_password->setEchoMode(QLineEdit::Password);

    auto* form = new QFormLayout(group);
    form->addRow(m_socketChoice, m_socketPath);
    form->addRow(m_portChoice, m_port);
    form->addRow(tr("&Authentication:"), m_auth);
    form->addRow(tr("&Cookie file:"), m_cookieFile);
    form->addRow(tr("Pass&word:"), m_password);

    for (auto* edit : {m_socketPath, m_cookieFile, m_password}) {
        connect(edit, &QLineEdit::textChanged, this, &NetworkSettingsDialog::refresh);
    }
    connect(m_socketChoice, &QRadioButton::toggled, this, &NetworkSettingsDialog::refresh);
    connect(m_port, &QSpinBox::valueChanged, this, &NetworkSettingsDialog::refresh);
    connect(m_auth, &QComboBox::currentIndexChanged, this, &NetworkSettingsDialog::refresh);
}

void NetworkSettingsDialog::load() {
    auto current = m_backend.current();
    if (!current) {
        m_message->setText(
            tr("The network settings cannot be read: %1").arg(fromUtf8(current.error().message)));
        return;
    }
    const auto& settings = *current;
    (settings.mode == TorMode::System && m_backend.supportsSystemTor() ? m_system : m_embedded)
        ->setChecked(true);
    m_bridgeType->setCurrentIndex(m_bridgeType->findData(static_cast<int>(settings.bridges)));
    QStringList lines;
    for (const auto& line : settings.bridgeLines) {
        lines << fromUtf8(line.toTorValue());
    }
    m_bridgeLines->setPlainText(lines.join(QLatin1Char('\n')));
    const auto& tor = settings.systemTor;
    m_socketPath->setText(fromUtf8(tor.controlSocket));
    if (tor.controlPort != 0) {
        m_port->setValue(tor.controlPort);
        m_portChoice->setChecked(true);
    }
    m_auth->setCurrentIndex(m_auth->findData(static_cast<int>(tor.auth)));
    m_cookieFile->setText(fromUtf8(tor.cookieFile));
    m_password->setText(fromUtf8(tor.password));
    m_loaded = true;
}

BridgeMode NetworkSettingsDialog::bridgeMode() const {
    return static_cast<BridgeMode>(m_bridgeType->currentData().toInt());
}

NetworkSettingsDialog::Check NetworkSettingsDialog::check() const {
    Check result;
    core::NetworkSettings settings;
    settings.mode = m_system->isChecked() ? TorMode::System : TorMode::Embedded;
    settings.bridges = bridgeMode();
    const auto wanted = core::bridgeTransportOf(settings.bridges);

    QStringList problems;
    const auto checks = core::checkBridgeLines(m_bridgeLines->toPlainText().toStdString());
    for (const auto& entry : checks) {
        if (!entry.line) {
            problems << (entry.lineNumber == 0 ? fromUtf8(entry.line.error().message)
                                               : tr("Line %1: %2")
                                                     .arg(entry.lineNumber)
                                                     .arg(fromUtf8(entry.line.error().message)));
        } else if (settings.bridges != BridgeMode::Off && entry.line->transport() != wanted) {
            problems << tr("Line %1: this is a %2 bridge, but %3 bridges are chosen")
                            .arg(entry.lineNumber)
                            .arg(transportLabel(entry.line->transport()), transportLabel(wanted));
        } else {
            settings.bridgeLines.push_back(*entry.line);
        }
    }
    const bool useBridges =
        settings.mode == TorMode::Embedded && settings.bridges != BridgeMode::Off;
    if (!useBridges) {
        // Lines kept for later are stored only if they are all good.
        if (!problems.isEmpty() || settings.bridges == BridgeMode::Off) {
            settings.bridges = BridgeMode::Off;
            if (!problems.isEmpty()) {
                settings.bridgeLines.clear();
            }
        }
        problems.clear();
    } else if (checks.empty()) {
        problems << tr("Paste at least one bridge line.");
    }

    auto& tor = settings.systemTor;
    if (m_socketChoice->isChecked()) {
        tor.controlSocket = m_socketPath->text().trimmed().toStdString();
    } else {
        tor.controlPort = static_cast<std::uint16_t>(m_port->value());
    }
    tor.auth = static_cast<ControlAuth>(m_auth->currentData().toInt());
    tor.cookieFile = m_cookieFile->text().trimmed().toStdString();
    if (tor.auth == ControlAuth::Password) {
        tor.password = m_password->text().toStdString();
    }
    if (settings.mode == TorMode::System) {
        if (auto ok = core::validateNetworkSettings(settings); !ok) {
            problems << fromUtf8(ok.error().message);
        }
    }

    if (problems.isEmpty() && useBridges && !m_backend.pluginInstalled(wanted)) {
        problems << (wanted == BridgeTransport::Obfs4
                         ? tr("obfs4 bridges need obfs4proxy, which is not installed.")
                         : tr("Snowflake needs snowflake-client, which is not installed."));
    }
    if (problems.isEmpty()) {
        if (auto ok = core::validateNetworkSettings(settings); !ok) {
            problems << fromUtf8(ok.error().message);
        }
    }
    if (problems.isEmpty()) {
        if (useBridges) {
            result.report =
                tr("%n bridge(s) ready.", "", static_cast<int>(settings.bridgeLines.size()));
        }
        result.settings = std::move(settings);
    } else {
        result.report = problems.join(QLatin1Char('\n'));
    }
    return result;
}

void NetworkSettingsDialog::refresh() {
    const bool system = m_system->isChecked();
    m_bridgeGroup->setEnabled(!system && !m_applying);
    m_systemGroup->setEnabled(system && !m_applying);
    const auto mode = bridgeMode();
    m_bridgeLines->setEnabled(mode != BridgeMode::Off);
    m_socketPath->setEnabled(m_socketChoice->isChecked());
    m_port->setEnabled(m_portChoice->isChecked());
    const bool password =
        static_cast<ControlAuth>(m_auth->currentData().toInt()) == ControlAuth::Password;
    m_cookieFile->setEnabled(!password);
    m_password->setEnabled(password);

    const auto transport = core::bridgeTransportOf(mode);
    if (mode == BridgeMode::Obfs4 && !m_backend.pluginInstalled(transport)) {
        m_pluginNote->setText(tr("obfs4proxy is not installed. Install the package obfs4proxy "
                                 "(sudo apt install obfs4proxy), then apply."));
    } else if (mode == BridgeMode::Snowflake && !m_backend.pluginInstalled(transport)) {
        m_pluginNote->setText(tr("snowflake-client is not installed. Install the package "
                                 "snowflake-client (sudo apt install snowflake-client), then "
                                 "apply."));
    } else {
        m_pluginNote->clear();
    }
    m_pluginNote->setVisible(!m_pluginNote->text().isEmpty());

    const auto result = check();
    m_report->setText(result.report);
    const bool ready = m_loaded && result.settings.has_value() && !m_applying;
    okButton()->setEnabled(ready);
    applyButton()->setEnabled(ready);
}

std::optional<core::NetworkSettings> NetworkSettingsDialog::settingsFromFields() const {
    return check().settings;
}

QString NetworkSettingsDialog::reportText() const {
    return m_report->text();
}

QString NetworkSettingsDialog::messageText() const {
    return m_message->text();
}

QPushButton* NetworkSettingsDialog::applyButton() const {
    return m_buttons->button(QDialogButtonBox::Apply);
}

QPushButton* NetworkSettingsDialog::okButton() const {
    return m_buttons->button(QDialogButtonBox::Ok);
}

void NetworkSettingsDialog::accept() {
    startApply(true);
}

void NetworkSettingsDialog::reject() {
    if (m_applying) {
        return; // Tor is being asked; closing now would hide its answer
    }
    QDialog::reject();
}

void NetworkSettingsDialog::startApply(bool closeAfter) {
    if (m_applying) {
        return;
    }
    auto settings = settingsFromFields();
    if (!settings || !m_loaded) {
        return;
    }
    if (m_worker.joinable()) {
        m_worker.join();
    }
    m_applying = true;
    m_message->setText(tr("Giving the settings to Tor…"));
    refresh();
    m_worker = std::thread([this, closeAfter, settings = std::move(*settings)] {
        auto status = m_backend.apply(settings);
        QMetaObject::invokeMethod(
            this, [this, status, closeAfter] { finishApply(status, closeAfter); },
            Qt::QueuedConnection);
    });
}

void NetworkSettingsDialog::finishApply(const core::Status& status, bool closeAfter) {
    if (m_worker.joinable()) {
        m_worker.join();
    }
    m_applying = false;
    if (status) {
        m_message->setText(tr("Tor uses the new settings."));
        emit applied();
        refresh();
        if (closeAfter) {
            QDialog::accept();
        }
        return;
    }
    m_message->setText(tr("The settings were not applied; the previous ones stay in force. %1")
                           .arg(fromUtf8(status.error().message)));
    refresh();
}

} // namespace chive::ui
