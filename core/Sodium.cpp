#include "core/Sodium.h"

#include <sodium.h>

#include <cstdlib>

namespace chive::core {

void ensureSodium() noexcept {
    // sodium_init is itself thread-safe and idempotent; it returns 1 when
    // already initialised.
    if (sodium_init() < 0) {
        std::abort();
    }
}

const char* sodiumVersion() noexcept {
    return sodium_version_string();
}

} // namespace chive::core
