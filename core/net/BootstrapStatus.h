#pragma once

// Where Tor is in starting up, as the rest of the app sees it. Produced by the
// transport from Tor's STATUS_CLIENT BOOTSTRAP events; shown by the UI.

#include <optional>
#include <string>

namespace chive::core {

struct BootstrapStatus {
    int progress = 0;    // 0..100; 100 means Tor can build circuits
    std::string tag;     // Tor's phase keyword, e.g. "conn", "done"
    std::string summary; // Tor's human-readable phase, e.g. "Connecting to a relay"
    // Set when Tor reports a problem reaching the network (a WARN bootstrap
    // event): Tor's description of the last failure, e.g. "Connection refused".
    std::optional<std::string> warning;
    // Tor's REASON keyword for the problem (e.g. "CONNECTREFUSED", "TIMEOUT",
    // "NOROUTE"), empty if Tor gave none.
    std::string reason;
    // How many times the problem has been seen; Tor keeps retrying meanwhile.
    int warningCount = 0;

    [[nodiscard]] bool done() const noexcept { return progress >= 100; }
    bool operator==(const BootstrapStatus&) const = default;
};

} // namespace chive::core
