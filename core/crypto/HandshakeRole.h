#pragma once

// Which side of a Noise handshake this party plays. In Chive the initiator
// is always the side that opened the stream.

namespace chive::core {

enum class HandshakeRole { Initiator, Responder };

[[nodiscard]] constexpr HandshakeRole otherRole(HandshakeRole role) noexcept {
    return role == HandshakeRole::Initiator ? HandshakeRole::Responder : HandshakeRole::Initiator;
}

} // namespace chive::core
