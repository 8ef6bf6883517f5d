#pragma once

// Reads the --tor-config file: extra torrc lines for the embedded Tor. The
// file is the user's (or a test's); it is size-limited and must be text.

#include "core/Result.h"

#include <filesystem>
#include <string>
#include <vector>

namespace chive::app {

inline constexpr std::size_t kMaxTorConfigSize = 256 * 1024;

core::Result<std::vector<std::string>> readTorConfigFile(const std::filesystem::path& path);

} // namespace chive::app
