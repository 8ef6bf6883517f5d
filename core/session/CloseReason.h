#pragma once

// CloseReason: the body of a CLOSE record (doc/protocol.md). Receivers treat
// a value they do not know like Normal.

#include <cstdint>
#include <string>

namespace chive::core {

enum class CloseReason : std::uint8_t {
    Normal = 0,        // the user or the app ended it (quit, lock, contact deleted)
    Duplicate = 1,     // a second session to the same contact won (DuplicateSessionRule)
    IdleTimeout = 2,   // nothing arrived within the idle timeout
    ProtocolError = 3, // the peer sent something this side cannot accept
};

[[nodiscard]] inline std::string closeReasonText(std::uint8_t reason) {
    switch (reason) {
    case static_cast<std::uint8_t>(CloseReason::Normal):
        return "closed normally";
    case static_cast<std::uint8_t>(CloseReason::Duplicate):
        return "a duplicate session";
    case static_cast<std::uint8_t>(CloseReason::IdleTimeout):
        return "nothing arrived in time";
    case static_cast<std::uint8_t>(CloseReason::ProtocolError):
        return "a protocol error";
    default:
        return "reason " + std::to_string(reason);
    }
}

} // namespace chive::core
