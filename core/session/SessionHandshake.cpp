#include "core/session/SessionHandshake.h"

#include "core/crypto/NoiseProtocol.h"
#include "core/session/SessionHello.h"

#include <algorithm>
#include <string>
#include <utility>

namespace chive::core {

namespace {

std::span<const std::uint8_t> bytesOf(std::string_view text) {
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

const NoiseProtocol& sessionProtocol() {
    static const NoiseProtocol protocol =
        NoiseProtocol::parse(NoiseProtocol::kSessionProtocolName).value();
    return protocol;
}

} // namespace

Result<SessionHandshake> SessionHandshake::create(HandshakeRole role,
                                                  const X25519KeyPair& ownStatic,
                                                  const X25519PublicKey& peerStatic,
                                                  std::string_view prologue) {
    auto state =
        HandshakeState::create(sessionProtocol(), role, bytesOf(prologue), &ownStatic, peerStatic);
    if (!state) {
        return fail(state.error());
    }
    return SessionHandshake(std::move(*state));
}

Result<SessionHandshake> SessionHandshake::createWithFixedEphemeralForTest(
    HandshakeRole role, const X25519KeyPair& ownStatic, const X25519PublicKey& peerStatic,
    std::string_view prologue, X25519KeyPair ephemeral) {
    auto state = HandshakeState::createWithFixedEphemeralForTest(
        sessionProtocol(), role, bytesOf(prologue), &ownStatic, peerStatic, std::move(ephemeral));
    if (!state) {
        return fail(state.error());
    }
    return SessionHandshake(std::move(*state));
}

Result<std::vector<std::uint8_t>> SessionHandshake::start() {
    if (role() != HandshakeRole::Initiator) {
        return fail(ErrorCode::InvalidArgument, "only the initiator starts a session handshake");
    }
    return m_state.writeMessage(SessionHello{SessionHello::kMaxVersion}.encode());
}

Status SessionHandshake::finish(std::span<const std::uint8_t> message2) {
    if (role() != HandshakeRole::Initiator) {
        return fail(ErrorCode::InvalidArgument, "only the initiator finishes a session handshake");
    }
    if (message2.size() > kMaxMessageLength) {
        return fail(ErrorCode::TooLarge, "the session handshake reply is too large");
    }
    auto payload = m_state.readMessage(message2);
    if (!payload) {
        return fail(payload.error());
    }
    m_peerPayload.assign(payload->begin(), payload->end());
    auto hello = SessionHello::parse(*payload);
    if (!hello) {
        m_state.abort();
        return fail(hello.error());
    }
    // The responder picks a version no higher than ours; one we do not speak
    // means there is none in common.
    if (hello->version > SessionHello::kMaxVersion || hello->version < SessionHello::kMinVersion) {
        m_state.abort();
        return fail(ErrorCode::UnsupportedVersion,
                    "the contact speaks session protocol version " +
                        std::to_string(hello->version) + ", this build " +
                        std::to_string(SessionHello::kMinVersion) + " to " +
                        std::to_string(SessionHello::kMaxVersion));
    }
    m_version = hello->version;
    return {};
}

Result<std::vector<std::uint8_t>>
SessionHandshake::respond(std::span<const std::uint8_t> message1) {
    if (role() != HandshakeRole::Responder) {
        return fail(ErrorCode::InvalidArgument, "only the responder answers a session handshake");
    }
    if (message1.size() > kMaxMessageLength) {
        return fail(ErrorCode::TooLarge, "the session handshake message is too large");
    }
    auto payload = m_state.readMessage(message1);
    if (!payload) {
        return fail(payload.error());
    }
    m_peerPayload.assign(payload->begin(), payload->end());
    auto hello = SessionHello::parse(*payload);
    if (!hello) {
        m_state.abort();
        return fail(hello.error());
    }
    const std::uint16_t chosen = std::min(hello->version, SessionHello::kMaxVersion);
    if (chosen < SessionHello::kMinVersion) {
        m_state.abort();
        return fail(ErrorCode::UnsupportedVersion,
                    "the contact speaks session protocol version " +
                        std::to_string(hello->version) + ", this build " +
                        std::to_string(SessionHello::kMinVersion) + " to " +
                        std::to_string(SessionHello::kMaxVersion));
    }
    m_version = chosen;
    return m_state.writeMessage(SessionHello{chosen}.encode());
}

Result<SessionKeys> SessionHandshake::complete() {
    if (m_version == 0) {
        return fail(ErrorCode::InvalidArgument, "the session handshake is not complete");
    }
    auto ciphers = m_state.split();
    if (!ciphers) {
        return fail(ciphers.error());
    }
    const auto hash = m_state.handshakeHash();
    return SessionKeys{std::move(*ciphers), m_version,
                       std::vector<std::uint8_t>(hash.begin(), hash.end())};
}

} // namespace chive::core
