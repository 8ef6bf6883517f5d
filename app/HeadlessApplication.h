#pragma once

// The headless mode (chive --headless): JSON commands on stdin, JSON replies
// and events on stdout, logs on stderr; no display, no Qt. The composition
// root for it: it creates the output channel, the event listener, the
// profile session and the command handler, and runs the command loop on the
// main thread until "quit", the end of stdin, or SIGINT/SIGTERM.
// doc/headless.md describes the interface.

#include "app/CommandLine.h"

#include <cstddef>

namespace chive::app {

// Lines longer than this are refused (and skipped) without being parsed.
inline constexpr std::size_t kMaxHeadlessLine = std::size_t{1024} * 1024;

// Returns the process exit code: 0 after quit or end of input, 1 if stdin
// or stdout failed, 2 for unusable options.
int runHeadless(const CommandLine& commandLine);

} // namespace chive::app
