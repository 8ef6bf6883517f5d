#include "app/CommandLine.h"
#include "app/GuiApplication.h"
#include "app/HeadlessApplication.h"
#include "app/VersionInfo.h"
#include "core/Sodium.h"

#include <iostream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    chive::core::ensureSodium();
    const std::vector<std::string> arguments(argv, argv + argc);
    auto commandLine = chive::app::parseCommandLine(arguments);
    if (!commandLine) {
        std::cerr << "chive: " << commandLine.error().message << "\n\n" << chive::app::usageText();
        return 2;
    }
    if (commandLine->showHelp) {
        std::cout << chive::app::usageText();
        return 0;
    }
    if (commandLine->showVersion) {
        std::cout << chive::app::versionText();
        return 0;
    }
    if (commandLine->headless) {
        // Before anything of Qt exists: the headless mode needs no display.
        return chive::app::runHeadless(*commandLine);
    }
    return chive::app::runGui(*commandLine, argc, argv);
}
