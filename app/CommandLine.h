#pragma once

// The chive command line. Parsed without Qt so that --version and --help work
// with no display, and so that tests can check every option.

#include "core/Result.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace chive::app {

struct CommandLine {
    bool showVersion = false;
    bool showHelp = false;
    // --profile DIR; empty means storage::ProfileDirectory::defaultPath().
    std::filesystem::path profileDirectory;
    // --tor-config FILE: extra torrc lines for the embedded Tor (bridges, or
    // the private test network).
    std::filesystem::path torConfigFile;
    // --offline: start Tor with DisableNetwork 1.
    bool offline = false;
    // Arguments left for Qt (e.g. -platform offscreen).
    std::vector<std::string> qtArguments;
};

core::Result<CommandLine> parseCommandLine(const std::vector<std::string>& arguments);

std::string usageText();

} // namespace chive::app
