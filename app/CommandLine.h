#pragma once

// The chive command line. Parsed without Qt so that --version and --help work
// with no display, and so that tests can check every option.

#include "core/Result.h"

#include <cstddef>
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
    // --headless: JSON commands on stdin, replies and events on stdout, no
    // GUI (app/HeadlessApplication.h, doc/headless.md).
    bool headless = false;
    // A `chive:` contact link given as the one positional argument (the
    // desktop file's `Exec=chive %u`), kept verbatim for the add-contact
    // dialog, which parses it. Only the scheme and the length are checked
    // here.
    std::optional<std::string> contactLink;
    // Arguments left for Qt (e.g. -platform offscreen).
    std::vector<std::string> qtArguments;
};

// A contact link is well under 200 characters; anything longer than this is
// refused before it reaches the GUI.
inline constexpr std::size_t kMaxContactLinkArgument = 4096;

// True if text starts with the `chive:` scheme, in any letter case (RFC 3986
// schemes are case-insensitive).
bool hasChiveScheme(const std::string& text);

core::Result<CommandLine> parseCommandLine(const std::vector<std::string>& arguments);

std::string usageText();

} // namespace chive::app
