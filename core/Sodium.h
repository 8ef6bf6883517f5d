#pragma once

// libsodium must be initialised once per process before any use; every
// function in Chive that calls libsodium calls ensureSodium() first (or is
// only reachable after one that did). Thread-safe.

namespace chive::core {

// Initialises libsodium. Aborts if it cannot: without a working CSPRNG no key
// may be made.
void ensureSodium() noexcept;

// Version string of the libsodium actually linked.
const char* sodiumVersion() noexcept;

} // namespace chive::core
