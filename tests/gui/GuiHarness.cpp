#include "GuiHarness.h"

#include "app/GuiProfileBackend.h"
#include "app/TorConfigFile.h"
#include "ui/AppSettings.h"
#include "ui/MainWindow.h"
#include "ui/MessengerBridge.h"
#include "ui/Palettes.h"
#include "ui/ProfileController.h"
#include "ui/TorStatusModel.h"

#include <QString>

#include <iostream>

namespace chive::gui::test {

core::Result<transport::TorOptions> GuiHarness::torOptions(const HarnessOptions& options) {
    transport::TorOptions tor;
    tor.dataDirectory = options.profile / "tor";
    tor.disableNetwork = options.offline;
    if (!options.torConfig.empty()) {
        auto lines = app::readTorConfigFile(options.torConfig);
        if (!lines) {
            return core::fail(lines.error());
        }
        tor.extraTorrcLines = std::move(*lines);
    }
    return tor;
}

GuiHarness::GuiHarness(const HarnessOptions& options, transport::TorOptions tor)
    : m_qsettings(QString::fromStdString(options.settingsFile.string()), QSettings::IniFormat)
    , m_settings(std::make_unique<ui::AppSettings>(m_qsettings))
    , m_palettes(std::make_unique<ui::Palettes>())
    , m_torStatus(std::make_unique<ui::TorStatusModel>())
    , m_bridge(std::make_unique<ui::MessengerBridge>()) {
    m_palettes->apply(m_settings->theme());
    QObject::connect(m_settings.get(), &ui::AppSettings::changed, m_settings.get(),
                     [this] { m_palettes->apply(m_settings->theme()); });
    m_torStatus->setNetworkDisabled(options.offline);
    m_backend = std::make_unique<app::GuiProfileBackend>(options.profile, std::move(tor), *m_bridge,
                                                         *m_torStatus);
    m_controller = std::make_unique<ui::ProfileController>(*m_backend);
    QObject::connect(
        m_controller.get(), &ui::ProfileController::failed, m_controller.get(),
        [](ui::ProfileController::Operation, const QString& reason, core::ErrorCode code) {
            std::cerr << "chive: " << core::errorCodeName(code) << ": " << reason.toStdString()
                      << '\n';
        });
    m_window =
        std::make_unique<ui::MainWindow>(*m_controller, *m_bridge, *m_torStatus, *m_settings);
    m_window->show();
}

GuiHarness::~GuiHarness() {
    m_window.reset();
    m_controller.reset();
    m_backend->shutdown();
    m_backend.reset();
}

} // namespace chive::gui::test
