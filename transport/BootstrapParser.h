#pragma once

// Turns Tor's bootstrap reports into core::BootstrapStatus. Accepts both the
// STATUS_CLIENT event text ("STATUS_CLIENT NOTICE BOOTSTRAP PROGRESS=…") and
// the value of GETINFO status/bootstrap-phase ("NOTICE BOOTSTRAP PROGRESS=…").

#include "core/Result.h"
#include "core/net/BootstrapStatus.h"

#include <optional>
#include <string_view>

namespace chive::transport {

// Returns nullopt for a well-formed STATUS_CLIENT event that is not about
// bootstrapping (Tor sends others, e.g. CIRCUIT_ESTABLISHED), and an error for
// malformed text.
core::Result<std::optional<core::BootstrapStatus>> parseBootstrapStatus(std::string_view text);

} // namespace chive::transport
