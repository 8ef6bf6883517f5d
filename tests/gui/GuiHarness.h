#pragma once

// GuiHarness: the real desktop app composed the way app/GuiApplication.cpp
// composes it (preferences, palettes, Tor status, the MessengerBridge, the
// real profile through app::GuiProfileBackend with the embedded Tor, the
// ProfileController and the MainWindow), for the programs that drive it
// through its widgets: chive_gui_driver and bench_gui_start. Only the
// preferences file differs: it is `settingsFile`, never the user's.
//
// Ownership: owns every part. Destroying it closes the window first, then
// joins the controller's thread, then locks the profile and stops Tor, in
// the app's order. Threads: GUI thread only; make it after the
// QApplication.

#include "core/Result.h"
#include "transport/TorOptions.h"

#include <QSettings>

#include <filesystem>
#include <memory>
#include <optional>

namespace chive::app {
class GuiProfileBackend;
}

namespace chive::ui {
class AppSettings;
class MainWindow;
class MessengerBridge;
class Palettes;
class ProfileController;
class TorStatusModel;
} // namespace chive::ui

namespace chive::gui::test {

struct HarnessOptions {
    std::filesystem::path profile;
    std::filesystem::path settingsFile;
    // A torrc fragment (the private network's client-torrc), or empty.
    std::filesystem::path torConfig;
    bool offline = false;
};

class GuiHarness {
public:
    // The Tor options the app would use (reads `torConfig`).
    static core::Result<transport::TorOptions> torOptions(const HarnessOptions& options);

    GuiHarness(const HarnessOptions& options, transport::TorOptions tor);
    ~GuiHarness();
    GuiHarness(const GuiHarness&) = delete;
    GuiHarness& operator=(const GuiHarness&) = delete;
    GuiHarness(GuiHarness&&) = delete;
    GuiHarness& operator=(GuiHarness&&) = delete;

    [[nodiscard]] ui::MainWindow& window() const { return *m_window; }
    [[nodiscard]] ui::ProfileController& controller() const { return *m_controller; }
    [[nodiscard]] ui::TorStatusModel& torStatus() const { return *m_torStatus; }
    [[nodiscard]] ui::MessengerBridge& bridge() const { return *m_bridge; }
    [[nodiscard]] ui::AppSettings& settings() const { return *m_settings; }

private:
    QSettings m_qsettings;
    std::unique_ptr<ui::AppSettings> m_settings;
    std::unique_ptr<ui::Palettes> m_palettes;
    std::unique_ptr<ui::TorStatusModel> m_torStatus;
    std::unique_ptr<ui::MessengerBridge> m_bridge;
    std::unique_ptr<app::GuiProfileBackend> m_backend;
    std::unique_ptr<ui::ProfileController> m_controller;
    std::unique_ptr<ui::MainWindow> m_window;
};

} // namespace chive::gui::test
