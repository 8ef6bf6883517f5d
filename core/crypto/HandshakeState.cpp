#include "core/crypto/HandshakeState.h"

#include "core/crypto/WipedArray.h"

#include <algorithm>
#include <cstring>
#include <utility>

namespace chive::core {

HandshakeState::HandshakeState(const NoiseProtocol& protocol, HandshakeRole role)
    : m_pattern(protocol.pattern())
    , m_role(role)
    , m_symmetric(protocol.hash(), protocol.name()) {}

Result<HandshakeState> HandshakeState::create(const NoiseProtocol& protocol, HandshakeRole role,
                                              std::span<const std::uint8_t> prologue,
                                              const X25519KeyPair* localStatic,
                                              std::optional<X25519PublicKey> remoteStatic) {
    return build(protocol, role, prologue, localStatic, remoteStatic, std::nullopt);
}

Result<HandshakeState> HandshakeState::createWithFixedEphemeralForTest(
    const NoiseProtocol& protocol, HandshakeRole role, std::span<const std::uint8_t> prologue,
    const X25519KeyPair* localStatic, std::optional<X25519PublicKey> remoteStatic,
    X25519KeyPair ephemeral) {
    return build(protocol, role, prologue, localStatic, remoteStatic, std::move(ephemeral));
}

Result<HandshakeState> HandshakeState::build(const NoiseProtocol& protocol, HandshakeRole role,
                                             std::span<const std::uint8_t> prologue,
                                             const X25519KeyPair* localStatic,
                                             std::optional<X25519PublicKey> remoteStatic,
                                             std::optional<X25519KeyPair> ephemeral) {
    const HandshakePattern& pattern = protocol.pattern();
    if (pattern.needsLocalStatic(role) && (localStatic == nullptr || localStatic->empty())) {
        return core::fail(ErrorCode::InvalidArgument,
                          "the handshake pattern needs a local static key");
    }
    if (pattern.needsRemoteStaticBefore(role) && !remoteStatic) {
        return core::fail(ErrorCode::InvalidArgument,
                          "the handshake pattern needs the peer's static key");
    }
    HandshakeState state(protocol, role);
    if (localStatic != nullptr && !localStatic->empty()) {
        state.m_localStatic = localStatic->copy();
    }
    if (pattern.needsRemoteStaticBefore(role)) {
        state.m_remoteStatic = remoteStatic;
    }
    state.m_localEphemeral = std::move(ephemeral);

    state.m_symmetric.mixHash(prologue);
    // Pre-messages: the initiator's first, then the responder's; each side
    // hashes the same keys, its own or the peer's.
    for (const HandshakeRole owner : {HandshakeRole::Initiator, HandshakeRole::Responder}) {
        for (const NoiseToken token : pattern.preMessage(owner)) {
            // The table has only static keys in pre-messages.
            (void)token;
            const X25519PublicKey& key =
                owner == role ? state.m_localStatic->publicKey() : *state.m_remoteStatic;
            state.m_symmetric.mixHash(key);
        }
    }
    return state;
}

bool HandshakeState::isComplete() const noexcept {
    return m_nextMessage >= m_pattern.messages().size();
}

bool HandshakeState::isMyTurn() const noexcept {
    return !isComplete() && m_pattern.messages()[m_nextMessage].sender == m_role;
}

Status HandshakeState::mixDh(const std::optional<X25519KeyPair>& local,
                             const std::optional<X25519PublicKey>& remote) {
    if (!local || !remote) {
        return core::fail(ErrorCode::Internal, "a Noise DH token lacks a key");
    }
    WipedArray<X25519KeyPair::kSharedSecretLength> shared;
    if (auto status = local->dh(*remote, shared.span()); !status) {
        return status;
    }
    m_symmetric.mixKey(shared.span());
    return {};
}

Status HandshakeState::processDhToken(NoiseToken token) {
    // The first letter names the initiator's key, the second the responder's.
    const bool initiator = m_role == HandshakeRole::Initiator;
    switch (token) {
    case NoiseToken::EE:
        return mixDh(m_localEphemeral, m_remoteEphemeral);
    case NoiseToken::ES:
        return initiator ? mixDh(m_localEphemeral, m_remoteStatic)
                         : mixDh(m_localStatic, m_remoteEphemeral);
    case NoiseToken::SE:
        return initiator ? mixDh(m_localStatic, m_remoteEphemeral)
                         : mixDh(m_localEphemeral, m_remoteStatic);
    case NoiseToken::SS:
        return mixDh(m_localStatic, m_remoteStatic);
    case NoiseToken::E:
    case NoiseToken::S:
        break;
    }
    return core::fail(ErrorCode::Internal, "not a DH token");
}

Result<std::vector<std::uint8_t>> HandshakeState::abortWith(Error error) {
    m_failed = true;
    wipeSecrets();
    return core::fail(std::move(error));
}

Result<std::vector<std::uint8_t>>
HandshakeState::writeMessage(std::span<const std::uint8_t> payload) {
    if (m_failed || m_split) {
        return core::fail(ErrorCode::Closed, "the handshake has ended");
    }
    if (!isMyTurn()) {
        return core::fail(ErrorCode::InvalidArgument, "not this side's turn to write");
    }
    std::vector<std::uint8_t> message;
    for (const NoiseToken token : m_pattern.messages()[m_nextMessage].tokens) {
        if (token == NoiseToken::E) {
            if (!m_localEphemeral) {
                m_localEphemeral = X25519KeyPair::generate();
            }
            const X25519PublicKey& e = m_localEphemeral->publicKey();
            message.insert(message.end(), e.begin(), e.end());
            m_symmetric.mixHash(e);
        } else if (token == NoiseToken::S) {
            if (auto status = m_symmetric.encryptAndHash(m_localStatic->publicKey(), message);
                !status) {
                return abortWith(status.error());
            }
        } else if (auto status = processDhToken(token); !status) {
            return abortWith(status.error());
        }
    }
    if (message.size() + payload.size() + m_symmetric.overhead() > kMaxMessageLength) {
        // Nothing has been sent: the handshake state is unusable anyway,
        // since the tokens above have been processed.
        return abortWith(
            Error{ErrorCode::TooLarge, "a Noise handshake message is over 65535 bytes"});
    }
    if (auto status = m_symmetric.encryptAndHash(payload, message); !status) {
        return abortWith(status.error());
    }
    ++m_nextMessage;
    return message;
}

Result<std::vector<std::uint8_t>>
HandshakeState::readMessage(std::span<const std::uint8_t> message) {
    if (m_failed || m_split) {
        return core::fail(ErrorCode::Closed, "the handshake has ended");
    }
    if (isComplete() || isMyTurn()) {
        return core::fail(ErrorCode::InvalidArgument, "not the peer's turn to write");
    }
    if (message.size() > kMaxMessageLength) {
        return abortWith(
            Error{ErrorCode::TooLarge, "a Noise handshake message is over 65535 bytes"});
    }
    std::span<const std::uint8_t> rest = message;
    std::vector<std::uint8_t> field;
    for (const NoiseToken token : m_pattern.messages()[m_nextMessage].tokens) {
        if (token == NoiseToken::E) {
            if (rest.size() < kPublicKeyLength) {
                return abortWith(
                    Error{ErrorCode::Malformed, "a Noise handshake message is truncated"});
            }
            X25519PublicKey re{};
            std::copy_n(rest.begin(), kPublicKeyLength, re.begin());
            rest = rest.subspan(kPublicKeyLength);
            m_remoteEphemeral = re;
            m_symmetric.mixHash(re);
        } else if (token == NoiseToken::S) {
            const std::size_t length = kPublicKeyLength + m_symmetric.overhead();
            if (rest.size() < length) {
                return abortWith(
                    Error{ErrorCode::Malformed, "a Noise handshake message is truncated"});
            }
            field.clear();
            if (auto status = m_symmetric.decryptAndHash(rest.first(length), field); !status) {
                return abortWith(status.error());
            }
            rest = rest.subspan(length);
            X25519PublicKey rs{};
            std::copy_n(field.begin(), kPublicKeyLength, rs.begin());
            m_remoteStatic = rs;
        } else if (auto status = processDhToken(token); !status) {
            return abortWith(status.error());
        }
    }
    std::vector<std::uint8_t> payload;
    if (rest.size() < m_symmetric.overhead()) {
        return abortWith(Error{ErrorCode::Malformed, "a Noise handshake message is truncated"});
    }
    if (auto status = m_symmetric.decryptAndHash(rest, payload); !status) {
        return abortWith(status.error());
    }
    ++m_nextMessage;
    return payload;
}

Result<TransportCiphers> HandshakeState::split() {
    if (m_failed || m_split || !isComplete()) {
        return core::fail(ErrorCode::InvalidArgument, "the handshake is not complete");
    }
    auto [c1, c2] = m_symmetric.split();
    m_split = true;
    wipeSecrets();
    if (m_role == HandshakeRole::Initiator) {
        return TransportCiphers{std::move(c1), std::move(c2)};
    }
    return TransportCiphers{std::move(c2), std::move(c1)};
}

void HandshakeState::abort() noexcept {
    m_failed = true;
    wipeSecrets();
}

void HandshakeState::wipeSecrets() noexcept {
    m_symmetric.wipe();
    if (m_localStatic) {
        m_localStatic->wipe();
    }
    if (m_localEphemeral) {
        m_localEphemeral->wipe();
    }
}

std::vector<std::span<const std::uint8_t>> HandshakeState::secretBuffersForTest() const {
    std::vector<std::span<const std::uint8_t>> buffers = m_symmetric.secretBuffersForTest();
    if (m_localStatic) {
        buffers.push_back(m_localStatic->secretKey());
    }
    if (m_localEphemeral) {
        buffers.push_back(m_localEphemeral->secretKey());
    }
    return buffers;
}

} // namespace chive::core
