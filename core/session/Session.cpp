#include "core/session/Session.h"

#include "core/session/SessionHandshake.h"

#include <algorithm>
#include <string>
#include <utility>

namespace chive::core {

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

milliseconds remaining(Clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
    return std::max(left, milliseconds(0));
}

// A CLOSE is a courtesy: never wait long for a peer that is not reading.
constexpr milliseconds kCloseWriteTimeout{1000};

void tapHandshake(const SessionOptions& options, std::span<const std::uint8_t> message,
                  std::span<const std::uint8_t> payload) {
    if (options.plaintextTap) {
        options.plaintextTap(TapPart::HandshakeMessage, message);
        if (!payload.empty()) {
            options.plaintextTap(TapPart::HandshakePayload, payload);
        }
    }
}

} // namespace

Result<std::unique_ptr<Session>> Session::initiate(std::unique_ptr<ByteStream> stream,
                                                   const X25519KeyPair& ownStatic,
                                                   const X25519PublicKey& peerStatic,
                                                   const SessionOptions& options) {
    return establish(std::move(stream), HandshakeRole::Initiator, ownStatic, peerStatic, options);
}

Result<std::unique_ptr<Session>> Session::accept(std::unique_ptr<ByteStream> stream,
                                                 const X25519KeyPair& ownStatic,
                                                 const X25519PublicKey& peerStatic,
                                                 const SessionOptions& options) {
    return establish(std::move(stream), HandshakeRole::Responder, ownStatic, peerStatic, options);
}

Result<std::unique_ptr<Session>> Session::establish(std::unique_ptr<ByteStream> stream,
                                                    HandshakeRole role,
                                                    const X25519KeyPair& ownStatic,
                                                    const X25519PublicKey& peerStatic,
                                                    const SessionOptions& options) {
    auto framed =
        std::make_unique<FramedStream>(std::move(stream), SessionHandshake::kMaxMessageLength);
    const auto deadline = Clock::now() + options.handshakeTimeout;
    auto handshake = SessionHandshake::create(role, ownStatic, peerStatic, options.prologue);
    if (!handshake) {
        return fail(handshake.error());
    }
    // Any early return closes the stream (FramedStream's destructor).
    if (role == HandshakeRole::Initiator) {
        auto message1 = handshake->start();
        if (!message1) {
            return fail(message1.error());
        }
        if (auto status = framed->writeFrame(*message1, remaining(deadline)); !status) {
            return fail(status.error());
        }
        auto message2 = framed->readFrame(remaining(deadline));
        if (!message2) {
            Error error = message2.error();
            if (error.code == ErrorCode::Closed) {
                error.message = "the contact ended the handshake (it does not accept our key, "
                                "or it went away)";
            } else if (error.code == ErrorCode::Timeout) {
                error.message = "the contact did not answer the handshake in time";
            }
            return fail(std::move(error));
        }
        const auto status = handshake->finish(*message2);
        tapHandshake(options, *message2, handshake->peerPayload());
        if (!status) {
            return fail(status.error());
        }
    } else {
        auto message1 = framed->readFrame(remaining(deadline));
        if (!message1) {
            Error error = message1.error();
            if (error.code == ErrorCode::Timeout) {
                error.message = "the contact did not start the handshake in time";
            }
            return fail(std::move(error));
        }
        auto message2 = handshake->respond(*message1);
        tapHandshake(options, *message1, handshake->peerPayload());
        if (!message2) {
            return fail(message2.error());
        }
        if (auto status = framed->writeFrame(*message2, remaining(deadline)); !status) {
            return fail(status.error());
        }
    }
    auto keys = handshake->complete();
    if (!keys) {
        return fail(keys.error());
    }
    framed->setMaxFrameLength(FrameReader::kMaxFrameLength);
    return std::unique_ptr<Session>(new Session(std::move(framed), role, ownStatic.publicKey(),
                                                peerStatic, std::move(*keys), options));
}

Session::Session(std::unique_ptr<FramedStream> stream, HandshakeRole role,
                 const X25519PublicKey& ownStatic, const X25519PublicKey& peerStatic,
                 SessionKeys keys, const SessionOptions& options)
    : m_stream(std::move(stream))
    , m_role(role)
    , m_ownStatic(ownStatic)
    , m_peerStatic(peerStatic)
    , m_version(keys.version)
    , m_handshakeHash(std::move(keys.handshakeHash))
    , m_options(options)
    , m_cipher(std::move(keys.ciphers), options.rekeyInterval)
    , m_lastReceived(Clock::now()) {}

Session::~Session() {
    close();
}

Status Session::send(RecordType type, std::span<const std::uint8_t> body) {
    if (isSessionRecordType(type) || recordTypeByte(type) == 0) {
        return fail(ErrorCode::InvalidArgument, "not an application record type");
    }
    return sendInternal(type, body);
}

Status Session::sendInternal(RecordType type, std::span<const std::uint8_t> body) {
    const std::lock_guard lock(m_sendMutex);
    if (m_closed.load()) {
        return fail(ErrorCode::Closed, "the session has ended");
    }
    if (m_sendBroken.load()) {
        return fail(ErrorCode::Closed, "the session can no longer send");
    }
    return sendLocked(type, body);
}

Status Session::sendLocked(RecordType type, std::span<const std::uint8_t> body) {
    auto status = m_cipher.seal(type, body, m_sendBuffer);
    if (status) {
        status = m_stream->writeFramed(m_sendBuffer, m_options.writeTimeout);
    }
    // TooLarge leaves the session as it was: nothing was sent and the nonce
    // did not move. Any other failure ends sending for good, but the stream
    // stays open for the reader: what the peer sent before it went away
    // (often a CLOSE with its reason) is still to be read.
    if (!status && status.error().code != ErrorCode::TooLarge) {
        m_sendBroken.store(true);
        m_cipher.wipeSend();
    }
    return status;
}

void Session::close(CloseReason reason) {
    {
        // A sender blocked on a slow peer holds the lock; then skip the
        // CLOSE rather than wait for it.
        const std::unique_lock lock(m_sendMutex, std::try_to_lock);
        const bool wasOpen = !m_closed.exchange(true);
        if (lock.owns_lock()) {
            if (wasOpen && !m_sendBroken.load()) {
                const auto body = static_cast<std::uint8_t>(reason);
                if (m_cipher.seal(RecordType::Close, {&body, 1}, m_sendBuffer)) {
                    (void)m_stream->writeFramed(m_sendBuffer, kCloseWriteTimeout);
                }
            }
            m_cipher.wipeSend();
        }
    }
    m_stream->close();
}

Error Session::endFromReader(Error error, std::optional<CloseReason> sendClose) {
    if (sendClose) {
        close(*sendClose);
    } else {
        m_closed.store(true);
        m_stream->close();
    }
    m_cipher.wipeReceive();
    return error;
}

Result<Record> Session::receive() {
    while (true) {
        if (m_closed.load()) {
            m_cipher.wipeReceive();
            return fail(ErrorCode::Closed, "the session has ended");
        }
        if (!m_pingSent && Clock::now() - m_lastReceived >= m_options.pingInterval) {
            // A failed PING only means we cannot send; keep reading what the
            // peer sent until the stream or the idle timeout ends it.
            (void)sendInternal(RecordType::Ping, {});
            m_pingSent = true;
        }
        const auto wakeUp =
            m_lastReceived + (m_pingSent ? m_options.idleTimeout : m_options.pingInterval);
        auto frame = m_stream->readFrame(remaining(wakeUp));
        if (!frame) {
            if (frame.error().code == ErrorCode::Timeout) {
                if (Clock::now() - m_lastReceived >= m_options.idleTimeout) {
                    return fail(endFromReader(
                        Error{ErrorCode::Timeout, "nothing arrived from the contact in time"},
                        CloseReason::IdleTimeout));
                }
                continue;
            }
            if (m_closed.load()) {
                return fail(
                    endFromReader(Error{ErrorCode::Closed, "the session has ended"}, std::nullopt));
            }
            return fail(endFromReader(frame.error(), std::nullopt));
        }
        auto record = m_cipher.open(*frame);
        if (!record) {
            return fail(endFromReader(record.error(), CloseReason::ProtocolError));
        }
        if (m_options.plaintextTap) {
            const std::span<const std::uint8_t> message = *frame;
            m_options.plaintextTap(TapPart::Record,
                                   message.first(message.size() - CipherState::kTagLength));
        }
        m_lastReceived = Clock::now();
        m_pingSent = false;
        switch (record->type) {
        case RecordType::Ping:
            (void)sendInternal(RecordType::Pong, {});
            continue;
        case RecordType::Pong:
            continue;
        case RecordType::Close: {
            if (record->body.empty()) {
                return fail(endFromReader(Error{ErrorCode::Malformed, "a CLOSE without a reason"},
                                          std::nullopt));
            }
            return fail(
                endFromReader(Error{ErrorCode::Closed, "the contact closed the session: " +
                                                           closeReasonText(record->body[0])},
                              std::nullopt));
        }
        default:
            break;
        }
        if (isSessionRecordType(record->type)) {
            if (isOptionalRecordType(record->type)) {
                continue;
            }
            return fail(endFromReader(
                Error{ErrorCode::Malformed, "an unknown session record type " +
                                                std::to_string(recordTypeByte(record->type))},
                CloseReason::ProtocolError));
        }
        return Record{record->type,
                      std::vector<std::uint8_t>(record->body.begin(), record->body.end())};
    }
}

std::uint64_t Session::sentRecords() const {
    const std::lock_guard lock(m_sendMutex);
    return m_cipher.sentCount();
}

} // namespace chive::core
