#pragma once

// What `chive --version` prints: Chive's version and the versions of the
// libraries actually linked (asked of each library at run time, not taken
// from headers).

#include <string>

namespace chive::app {

std::string versionText();

} // namespace chive::app
