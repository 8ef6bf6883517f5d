#include "core/session/SessionHello.h"

namespace chive::core {

std::vector<std::uint8_t> SessionHello::encode() const {
    return {static_cast<std::uint8_t>(version >> 8), static_cast<std::uint8_t>(version & 0xFFU)};
}

Result<SessionHello> SessionHello::parse(std::span<const std::uint8_t> payload) {
    if (payload.size() < 2) {
        return fail(ErrorCode::Malformed, "a session hello shorter than its version");
    }
    if (payload.size() - 2 > kMaxExtensionLength) {
        return fail(ErrorCode::Malformed, "a session hello with too many extension bytes");
    }
    return SessionHello{
        static_cast<std::uint16_t>((static_cast<unsigned>(payload[0]) << 8) | payload[1])};
}

} // namespace chive::core
