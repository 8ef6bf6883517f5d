#include "app/CommandLine.h"

#include "storage/ProfileDirectory.h"

#include <algorithm>
#include <cctype>
#include <string_view>

namespace chive::app {

using core::ErrorCode;
using core::fail;

bool hasChiveScheme(const std::string& text) {
    constexpr std::string_view kScheme = "chive:";
    return text.size() >= kScheme.size() &&
           std::equal(kScheme.begin(), kScheme.end(), text.begin(), [](char want, char got) {
               return want == std::tolower(static_cast<unsigned char>(got));
           });
}

core::Result<CommandLine> parseCommandLine(const std::vector<std::string>& arguments) {
    CommandLine line;
    for (std::size_t i = 1; i < arguments.size(); ++i) {
        const std::string& arg = arguments[i];
        auto takeValue = [&](const std::string& name) -> core::Result<std::string> {
            if (i + 1 >= arguments.size() || arguments[i + 1].empty()) {
                return fail(ErrorCode::InvalidArgument, name + " needs a value");
            }
            return arguments[++i];
        };
        if (arg == "--version" || arg == "-v") {
            line.showVersion = true;
        } else if (arg == "--help" || arg == "-h") {
            line.showHelp = true;
        } else if (arg == "--offline") {
            line.offline = true;
        } else if (arg == "--headless") {
            line.headless = true;
        } else if (arg == "--profile") {
            auto value = takeValue(arg);
            if (!value) {
                return tl::unexpected(value.error());
            }
            line.profileDirectory = *value;
        } else if (arg == "--tor-config") {
            auto value = takeValue(arg);
            if (!value) {
                return tl::unexpected(value.error());
            }
            line.torConfigFile = *value;
        } else if (arg == "-platform" || arg == "-style" || arg == "-display") {
            // Qt's own options and their values pass through.
            auto value = takeValue(arg);
            if (!value) {
                return tl::unexpected(value.error());
            }
            line.qtArguments.push_back(arg);
            line.qtArguments.push_back(*value);
        } else if (hasChiveScheme(arg)) {
            // The link itself is never echoed: it is meant for one contact.
            if (line.contactLink) {
                return fail(ErrorCode::InvalidArgument, "only one chive: link may be given");
            }
            if (arg.size() > kMaxContactLinkArgument) {
                return fail(ErrorCode::TooLarge, "the chive: link is too long");
            }
            line.contactLink = arg;
        } else if (!arg.empty() && arg.front() == '-') {
            return fail(ErrorCode::InvalidArgument, "unknown option: " + arg);
        } else {
            return fail(ErrorCode::InvalidArgument,
                        "unexpected argument: " + arg + " (only a chive: link may be given)");
        }
    }
    if (line.headless && line.contactLink) {
        return fail(ErrorCode::InvalidArgument,
                    "a chive: link cannot be given with --headless (use add_contact)");
    }
    return line;
}

std::string usageText() {
    return "Usage: chive [options] [chive:LINK]\n"
           "\n"
           "Chive: a peer-to-peer messenger over Tor onion services.\n"
           "\n"
           "Options:\n"
           "  --profile DIR      use the profile in DIR (default: " +
           storage::ProfileDirectory::defaultPath().value_or("$XDG_DATA_HOME/chive").string() +
           ")\n"
           "  --tor-config FILE  extra torrc lines for the embedded Tor\n"
           "  --offline          start Tor with its network disabled\n"
           "  --headless         no window: read JSON commands on stdin, write JSON\n"
           "                     replies and events on stdout (see doc/headless.md)\n"
           "  --version, -v      print the versions of Chive and its libraries\n"
           "  --help, -h         print this help\n"
           "\n"
           "A chive: contact link may be given as the only argument; the desktop\n"
           "passes clicked links this way.\n";
}

} // namespace chive::app
