// The network settings dialog over a backend kept in memory: the real one
// needs a running Tor, and its apply path is tested on the private Tor
// network (tests/transport/network/TorBridgesNetworkTests.cpp) and offline
// (tests/transport/TorBridgesTests.cpp). Here: the live per-line check,
// what Apply hands over, and how a refusal is shown.

#include "ui/NetworkSettingsDialog.h"

#include <catch2/catch_test_macros.hpp>

#include <QComboBox>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>

#include <mutex>
#include <optional>

#include "UiTestSupport.h"

using chive::core::BridgeLine;
using chive::core::BridgeMode;
using chive::core::BridgeTransport;
using chive::core::ErrorCode;
using chive::core::NetworkSettings;
using chive::core::TorMode;
using chive::ui::NetworkSettingsDialog;
using chive::ui::test::testApplication;
using chive::ui::test::waitFor;

namespace {

const QString kFingerprint = QStringLiteral("52888FFE2AF418221B7027A03467307FB104244C");
const QString kObfs4 = QStringLiteral(
    "obfs4 192.0.2.10:443 2B280B23E1107BB62ABFC40DDCC8824814F80A72 "
    "cert=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMw iat-mode=0");

// Settings kept in memory; apply() is called on the dialog's worker thread.
class MemoryBackend final : public chive::ui::NetworkSettingsBackend {
public:
    chive::core::Result<NetworkSettings> current() override {
        std::lock_guard lock(m_mutex);
        return m_settings;
    }
    chive::core::Status apply(const NetworkSettings& settings) override {
        std::lock_guard lock(m_mutex);
        ++m_applies;
        if (m_refusal) {
            return chive::core::fail(ErrorCode::Tor, *m_refusal);
        }
        m_settings = settings;
        return {};
    }
    bool pluginInstalled(BridgeTransport transport) override {
        return transport != BridgeTransport::Snowflake || m_snowflakeInstalled;
    }
    bool supportsSystemTor() override { return m_systemTor; }

    NetworkSettings settings() {
        std::lock_guard lock(m_mutex);
        return m_settings;
    }
    int applies() {
        std::lock_guard lock(m_mutex);
        return m_applies;
    }
    void refuseWith(std::string text) {
        std::lock_guard lock(m_mutex);
        m_refusal = std::move(text);
    }

    bool m_snowflakeInstalled = false;
    bool m_systemTor = false;

private:
    std::mutex m_mutex;
    NetworkSettings m_settings;
    std::optional<std::string> m_refusal;
    int m_applies = 0;
};

void chooseType(NetworkSettingsDialog& dialog, BridgeMode mode) {
    auto* box = dialog.bridgeTypeBox();
    box->setCurrentIndex(box->findData(static_cast<int>(mode)));
}

void paste(NetworkSettingsDialog& dialog, const QString& text) {
    dialog.bridgeLinesEdit()->setFocus();
    dialog.bridgeLinesEdit()->selectAll();
    dialog.bridgeLinesEdit()->insertPlainText(text);
}

} // namespace

TEST_CASE("bridge lines are checked line by line as they are pasted", "[ui][network]") {
    testApplication();
    MemoryBackend backend;
    NetworkSettingsDialog dialog(backend);
    dialog.show();
    CHECK(dialog.okButton()->isEnabled()); // no bridges is a valid choice
    CHECK(dialog.reportText().isEmpty());

    chooseType(dialog, BridgeMode::Plain);
    CHECK(dialog.reportText() == QStringLiteral("Paste at least one bridge line."));
    CHECK_FALSE(dialog.applyButton()->isEnabled());

    paste(dialog, QStringLiteral("127.0.0.1:5000 ") + kFingerprint +
                      QStringLiteral("\n\n192.0.2.1:0\n192.0.2.1:443 \"x\n") + kObfs4);
    const QString report = dialog.reportText();
    INFO(report.toStdString());
    CHECK(report.contains(QStringLiteral("Line 3: port \"0\" is not a number from 1 to 65535")));
    CHECK(report.contains(QStringLiteral("Line 4: character 15 is a quote")));
    CHECK(report.contains(
        QStringLiteral("Line 5: this is a obfs4 bridge, but plain bridges are chosen")));
    CHECK_FALSE(report.contains(QStringLiteral("Line 1")));
    CHECK_FALSE(dialog.okButton()->isEnabled());
    CHECK_FALSE(dialog.applyButton()->isEnabled());
    CHECK_FALSE(dialog.settingsFromFields());

    // Typing the fixes makes the lines acceptable.
    paste(dialog, QStringLiteral("127.0.0.1:5000 ") + kFingerprint +
                      QStringLiteral("\r\n# a comment\n[::1]:443"));
    CHECK(dialog.reportText() == QStringLiteral("2 bridge(s) ready."));
    CHECK(dialog.applyButton()->isEnabled());
    const auto settings = dialog.settingsFromFields();
    REQUIRE(settings);
    CHECK(settings->bridges == BridgeMode::Plain);
    REQUIRE(settings->bridgeLines.size() == 2);
    CHECK(settings->bridgeLines[1].address() == "[::1]:443");
}

TEST_CASE("pasting bridges while they are off chooses their type", "[ui][network]") {
    testApplication();
    MemoryBackend backend;
    NetworkSettingsDialog dialog(backend);
    dialog.show();
    paste(dialog, kObfs4);
    CHECK(static_cast<BridgeMode>(dialog.bridgeTypeBox()->currentData().toInt()) ==
          BridgeMode::Obfs4);
    CHECK(dialog.reportText() == QStringLiteral("1 bridge(s) ready."));
}

TEST_CASE("a missing pluggable transport is said and blocks applying", "[ui][network]") {
    testApplication();
    MemoryBackend backend;
    NetworkSettingsDialog dialog(backend);
    dialog.show();
    chooseType(dialog, BridgeMode::Snowflake);
    paste(dialog, QStringLiteral("snowflake 192.0.2.3:80 ") + kFingerprint +
                      QStringLiteral(" url=https://broker.example.net/"));
    CHECK(dialog.reportText() ==
          QStringLiteral("Snowflake needs snowflake-client, which is not installed."));
    CHECK_FALSE(dialog.applyButton()->isEnabled());
}

TEST_CASE("a refusal from Tor is shown and keeps the dialog and the old settings",
          "[ui][network]") {
    testApplication();
    MemoryBackend backend;
    {
        NetworkSettings stored;
        stored.bridges = BridgeMode::Obfs4;
        stored.bridgeLines = {*BridgeLine::parse(kObfs4.toStdString())};
        REQUIRE(backend.apply(stored));
    }
    NetworkSettingsDialog dialog(backend);
    dialog.show();
    // The stored settings are shown.
    CHECK(static_cast<BridgeMode>(dialog.bridgeTypeBox()->currentData().toInt()) ==
          BridgeMode::Obfs4);
    CHECK(dialog.bridgeLinesEdit()->toPlainText() == kObfs4);

    backend.refuseWith("Tor did not take the network settings: 513 Unacceptable option value: "
                       "Bridge line did not parse");
    chooseType(dialog, BridgeMode::Plain);
    paste(dialog, QStringLiteral("127.0.0.1:5000 ") + kFingerprint);
    QTest::mouseClick(dialog.okButton(), Qt::LeftButton);
    REQUIRE(waitFor([&] { return !dialog.isApplying(); }));
    CHECK(dialog.isVisible());
    CHECK(dialog.messageText().contains(QStringLiteral("Bridge line did not parse")));
    CHECK(dialog.messageText().contains(QStringLiteral("previous ones stay in force")));
    CHECK(backend.settings().bridges == BridgeMode::Obfs4);
}

TEST_CASE("Apply keeps the dialog open, OK closes it once Tor took the settings", "[ui][network]") {
    testApplication();
    MemoryBackend backend;
    NetworkSettingsDialog dialog(backend);
    dialog.show();
    QSignalSpy applied(&dialog, &NetworkSettingsDialog::applied);
    chooseType(dialog, BridgeMode::Plain);
    paste(dialog, QStringLiteral("127.0.0.1:5000 ") + kFingerprint);
    QTest::mouseClick(dialog.applyButton(), Qt::LeftButton);
    REQUIRE(waitFor([&] { return applied.count() == 1; }));
    CHECK(dialog.isVisible());
    CHECK(dialog.messageText() == QStringLiteral("Tor uses the new settings."));
    CHECK(backend.settings().bridgeLines.front().toTorValue() ==
          "127.0.0.1:5000 " + kFingerprint.toStdString());

    chooseType(dialog, BridgeMode::Off);
    QTest::mouseClick(dialog.okButton(), Qt::LeftButton);
    REQUIRE(waitFor([&] { return applied.count() == 2; }));
    CHECK_FALSE(dialog.isVisible());
    CHECK(dialog.result() == QDialog::Accepted);
    CHECK(backend.settings().bridges == BridgeMode::Off);
    CHECK(backend.applies() == 2);
}

TEST_CASE("a system Tor is offered only where the backend can use it", "[ui][network]") {
    testApplication();
    MemoryBackend without;
    NetworkSettingsDialog plain(without);
    plain.show();
    CHECK_FALSE(plain.systemTorChoice()->isVisible());

    MemoryBackend with;
    with.m_systemTor = true;
    NetworkSettingsDialog dialog(with);
    dialog.show();
    REQUIRE(dialog.systemTorChoice()->isVisible());
    dialog.systemTorChoice()->click();
    CHECK(dialog.reportText() == QStringLiteral("a system Tor needs either a control socket path "
                                                "or a control port on 127.0.0.1"));
    CHECK_FALSE(dialog.applyButton()->isEnabled());
    QTest::keyClicks(dialog.controlSocketEdit(), QStringLiteral("run/tor/control"));
    CHECK(dialog.reportText() == QStringLiteral("the control socket must be an absolute path"));
    dialog.controlSocketEdit()->clear();
    QTest::keyClicks(dialog.controlSocketEdit(), QStringLiteral("/run/tor/control"));
    CHECK(dialog.reportText().isEmpty());
    const auto settings = dialog.settingsFromFields();
    REQUIRE(settings);
    CHECK(settings->mode == TorMode::System);
    CHECK(settings->systemTor.controlSocket == "/run/tor/control");
}

TEST_CASE("every control of the network dialog has an accessible name", "[ui][network]") {
    testApplication();
    MemoryBackend backend;
    backend.m_systemTor = true;
    NetworkSettingsDialog dialog(backend);
    for (auto* widget : dialog.findChildren<QWidget*>()) {
        const bool interactive = qobject_cast<QComboBox*>(widget) != nullptr ||
                                 qobject_cast<QLineEdit*>(widget) != nullptr ||
                                 qobject_cast<QPlainTextEdit*>(widget) != nullptr ||
                                 qobject_cast<QAbstractButton*>(widget) != nullptr ||
                                 qobject_cast<QSpinBox*>(widget) != nullptr;
        if (interactive && widget->parentWidget() != nullptr &&
            qobject_cast<QComboBox*>(widget->parentWidget()) == nullptr &&
            qobject_cast<QSpinBox*>(widget->parentWidget()) == nullptr) {
            INFO(widget->metaObject()->className());
            CHECK_FALSE(widget->accessibleName().isEmpty());
        }
    }
}
