#pragma once

// Runs the desktop app: the Qt event loop, the embedded Tor, the windows.
// The composition root for the GUI: it creates each part and passes
// references down.

#include "app/CommandLine.h"

namespace chive::app {

// Returns the process exit code.
int runGui(const CommandLine& commandLine, int argc, char** argv);

} // namespace chive::app
