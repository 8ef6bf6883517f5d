#include "ui/StartupWindow.h"
#include "ui/TorStatusModel.h"

#include <catch2/catch_test_macros.hpp>

#include <QApplication>
#include <QCoreApplication>

#include <thread>

using chive::core::BootstrapStatus;
using chive::ui::StartupWindow;
using chive::ui::TorStatusModel;

namespace {

QApplication& application() {
    static int argc = 3;
    static char arg0[] = "tests_ui";
    static char arg1[] = "-platform";
    static char arg2[] = "offscreen";
    static char* argv[] = {arg0, arg1, arg2, nullptr};
    static QApplication app(argc, argv);
    return app;
}

BootstrapStatus phase(int progress, std::string tag, std::string summary) {
    BootstrapStatus status;
    status.progress = progress;
    status.tag = std::move(tag);
    status.summary = std::move(summary);
    return status;
}

} // namespace

TEST_CASE("the window follows Tor's bootstrap events from another thread", "[ui][startup]") {
    application();
    TorStatusModel model;
    StartupWindow window(model);
    CHECK(window.headline() == "Connecting to the Tor network…");
    CHECK(window.detail() == "Starting Tor");

    // Events arrive on the transport's reader thread; the window changes only
    // once the GUI thread has processed the queued call.
    std::thread reader(
        [&] { model.onBootstrapStatus(phase(14, "handshake", "Handshaking with a relay")); });
    reader.join();
    CHECK(window.progress() == 0);
    QCoreApplication::processEvents();
    CHECK(window.progress() == 14);
    CHECK(window.detail() == "Handshaking with a relay (14%)");
    CHECK(window.problem().isEmpty());

    model.onBootstrapStatus(phase(100, "done", "Done"));
    QCoreApplication::processEvents();
    CHECK(window.headline() == "Connected to the Tor network");
    CHECK(window.progress() == 100);
}

TEST_CASE("a network problem is explained in plain words", "[ui][startup]") {
    application();
    TorStatusModel model;
    StartupWindow window(model);
    auto status = phase(5, "conn", "Connecting to a relay");
    status.warning = "Connection refused";
    status.reason = "CONNECTREFUSED";
    status.warningCount = 3;
    model.onBootstrapStatus(status);
    QCoreApplication::processEvents();
    CHECK(window.problem().contains(
        "Tor cannot reach the network: connections to Tor relays are refused"));
    CHECK(window.problem().contains("3 attempt(s)"));

    status.reason = "SOMETHING_NEW";
    CHECK(StartupWindow::networkProblem(status) == "Connection refused");
}

TEST_CASE("an offline start and a Tor failure are shown as such", "[ui][startup]") {
    application();
    TorStatusModel model;
    StartupWindow window(model);
    model.setNetworkDisabled(true);
    CHECK(window.headline() == "Tor's network access is turned off");

    model.onTorStopped(""); // a requested stop is not a failure
    QCoreApplication::processEvents();
    CHECK_FALSE(model.failure().has_value());

    model.onTorStopped("Tor closed the control connection");
    QCoreApplication::processEvents();
    CHECK(window.headline() == "Tor stopped");
    CHECK(window.problem().contains("Tor closed the control connection"));
}
