#include "app/TorConfigFile.h"

#include <fstream>
#include <sstream>

namespace chive::app {

using core::ErrorCode;
using core::fail;

core::Result<std::vector<std::string>> readTorConfigFile(const std::filesystem::path& path) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (ec) {
        return fail(ErrorCode::NotFound,
                    "cannot read the Tor configuration " + path.string() + ": " + ec.message());
    }
    if (size > kMaxTorConfigSize) {
        return fail(ErrorCode::TooLarge,
                    "the Tor configuration " + path.string() + " is too large");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return fail(ErrorCode::Io, "cannot open the Tor configuration " + path.string());
    }
    std::vector<std::string> lines;
    std::string line;
    while (std::getline(in, line)) {
        if (line.find('\0') != std::string::npos) {
            return fail(ErrorCode::Malformed,
                        "the Tor configuration " + path.string() + " is not text");
        }
        lines.push_back(line);
    }
    return lines;
}

} // namespace chive::app
