#pragma once

// Helpers shared by everything in transport/ that waits on a socket with a
// deadline (the SOCKS handshake, byte streams) or reports a failed system
// call. Free functions; thread-safe.

#include "core/Result.h"

#include <chrono>
#include <string>
#include <string_view>

namespace chive::transport {

// "<what>: <the system's text for `error`>". Uses std::error_code, whose
// message is thread-safe (strerror is not).
std::string systemError(std::string_view what, int error);

// Waits until `fd` is ready for `events` (poll flags) or `deadline` passes.
// Returns false on timeout; Io, naming `what`, if poll itself fails. EINTR is
// retried.
core::Result<bool> waitReady(int fd, short events, std::chrono::steady_clock::time_point deadline,
                             std::string_view what);

} // namespace chive::transport
