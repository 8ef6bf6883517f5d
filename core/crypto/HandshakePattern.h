#pragma once

// HandshakePattern: a Noise handshake pattern (revision 34, section 7): the
// pre-messages and the token sequence of each message. The table holds the
// 12 fundamental interactive patterns and the 23 deferred interactive
// patterns of the spec, written in the spec's own notation; one-way
// patterns (N, K, X), PSK and fallback modifiers are not supported: Chive
// needs none of them.
//
// A value; thread-safe to share once built.

#include "core/Result.h"
#include "core/crypto/HandshakeRole.h"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace chive::core {

enum class NoiseToken : std::uint8_t { E, S, EE, ES, SE, SS };

class HandshakePattern {
public:
    struct Message {
        HandshakeRole sender = HandshakeRole::Initiator;
        std::vector<NoiseToken> tokens;
    };

    // The pattern named `name` ("KK", "X1K1", ...). InvalidArgument if the
    // table does not have it.
    static Result<HandshakePattern> find(std::string_view name);
    // Every name find() accepts, in the spec's order.
    static std::vector<std::string_view> supportedNames();

    [[nodiscard]] const std::string& name() const noexcept { return m_name; }
    // The tokens of `role`'s pre-message (empty, or just S: the supported
    // patterns have no ephemeral pre-messages).
    [[nodiscard]] const std::vector<NoiseToken>& preMessage(HandshakeRole role) const noexcept {
        return role == HandshakeRole::Initiator ? m_initiatorPreMessage : m_responderPreMessage;
    }
    [[nodiscard]] const std::vector<Message>& messages() const noexcept { return m_messages; }

    // Whether `role` must hold a static key pair: it is in its pre-message or
    // it sends an S token.
    [[nodiscard]] bool needsLocalStatic(HandshakeRole role) const noexcept;
    // Whether `role` must know the peer's static key before the handshake.
    [[nodiscard]] bool needsRemoteStaticBefore(HandshakeRole role) const noexcept;

private:
    HandshakePattern() = default;
    static HandshakePattern fromNotation(std::string_view name, std::string_view notation);

    std::string m_name;
    std::vector<NoiseToken> m_initiatorPreMessage;
    std::vector<NoiseToken> m_responderPreMessage;
    std::vector<Message> m_messages;
};

} // namespace chive::core
