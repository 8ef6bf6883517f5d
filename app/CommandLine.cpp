#include "app/CommandLine.h"

#include "storage/ProfileDirectory.h"

namespace chive::app {

using core::ErrorCode;
using core::fail;

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
        } else {
            return fail(ErrorCode::InvalidArgument, "unknown option: " + arg);
        }
    }
    return line;
}

std::string usageText() {
    return "Usage: chive [options]\n"
           "\n"
           "Chive: a peer-to-peer messenger over Tor onion services.\n"
           "\n"
           "Options:\n"
           "  --profile DIR      use the profile in DIR (default: " +
           storage::ProfileDirectory::defaultPath().value_or("$XDG_DATA_HOME/chive").string() +
           ")\n"
           "  --tor-config FILE  extra torrc lines for the embedded Tor\n"
           "  --offline          start Tor with its network disabled\n"
           "  --version, -v      print the versions of Chive and its libraries\n"
           "  --help, -h         print this help\n";
}

} // namespace chive::app
