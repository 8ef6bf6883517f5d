#pragma once

// Session: one authenticated, encrypted connection to a contact over a
// ByteStream (doc/protocol.md, "Sessions"): the KK handshake on the
// per-contact static keys, then padded records in frames, with keep-alive,
// rekeying and a clean close.
//
// Ownership: owns the stream (through FramedStream) and both transport
// CipherStates. The keys passed to initiate()/accept() are copied for the
// handshake and wiped when it ends; the caller keeps its own.
//
// Threads: receive() is called by one thread at a time (the session's
// reader); send() and close() may be called from any thread at any time:
// sends are serialised under a lock, so records go out whole and in the
// order their send() calls took the lock. The reader also sends (PONG, PING,
// CLOSE) under that lock. close() wakes a blocked receive(), which then
// returns Closed. The owner must let receive() return before destroying the
// session (join the reader after close()).
//
// Keep-alive: when nothing has arrived for pingInterval, receive() sends a
// PING (the peer answers PONG); when nothing has arrived for idleTimeout,
// receive() sends CLOSE(IdleTimeout), closes and returns Timeout. Only
// complete, authenticated records count as arrivals, so a peer trickling
// bytes cannot keep a session alive.
//
// Failure: an error on the reading path ends the session for good: the
// stream is closed, later calls return Closed, the keys are wiped. A failed
// write ends sending (later send() calls return Closed, the sending key is
// wiped) but leaves the stream to the reader, which then reports what the
// peer said last (typically its CLOSE) or how the stream ended; the owner
// closes the session when either path fails.

#include "core/Result.h"
#include "core/crypto/HandshakeRole.h"
#include "core/crypto/PublicKeys.h"
#include "core/crypto/X25519KeyPair.h"
#include "core/net/ByteStream.h"
#include "core/session/CloseReason.h"
#include "core/session/FramedStream.h"
#include "core/session/Record.h"
#include "core/session/SessionCipher.h"
#include "core/session/SessionOptions.h"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <vector>

namespace chive::core {

class Session {
public:
    // Runs the handshake as the side that opened `stream`. On failure the
    // stream is closed. Errors: Crypto (the contact does not hold the keys
    // we expect), Malformed, UnsupportedVersion, Timeout, Closed (the
    // contact hung up: a responder that cannot authenticate us just closes),
    // Network/Io.
    static Result<std::unique_ptr<Session>> initiate(std::unique_ptr<ByteStream> stream,
                                                     const X25519KeyPair& ownStatic,
                                                     const X25519PublicKey& peerStatic,
                                                     const SessionOptions& options = {});
    // Runs the handshake as the side that accepted `stream`; same errors.
    static Result<std::unique_ptr<Session>> accept(std::unique_ptr<ByteStream> stream,
                                                   const X25519KeyPair& ownStatic,
                                                   const X25519PublicKey& peerStatic,
                                                   const SessionOptions& options = {});

    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;
    Session(Session&&) = delete;
    Session& operator=(Session&&) = delete;

    [[nodiscard]] HandshakeRole role() const noexcept { return m_role; }
    [[nodiscard]] const X25519PublicKey& ownStatic() const noexcept { return m_ownStatic; }
    [[nodiscard]] const X25519PublicKey& peerStatic() const noexcept { return m_peerStatic; }
    [[nodiscard]] std::uint16_t version() const noexcept { return m_version; }
    // Noise's handshake hash: the same on both ends, unique to this session.
    [[nodiscard]] std::span<const std::uint8_t> handshakeHash() const noexcept {
        return m_handshakeHash;
    }
    // False once the session has ended or can no longer send.
    [[nodiscard]] bool isOpen() const noexcept { return !m_closed.load() && !m_sendBroken.load(); }

    // Sends one application record (types 0x10-0x7F and 0x90-0xFF;
    // InvalidArgument for a session type). TooLarge for a body over
    // Record::kMaxBodyLength (the session stays usable). Closed once the
    // session has ended or an earlier write failed; Timeout, Network or Io
    // when this write fails.
    Status send(RecordType type, std::span<const std::uint8_t> body);

    // The next application record, handling PING, PONG and CLOSE on the way
    // and ignoring unknown optional session types. Errors end the session:
    // Closed (CLOSE received, the contact hung up, or close() was called),
    // Timeout (idle), Crypto (a record failed authentication: tampered,
    // replayed, reordered or dropped frames), Malformed (a bad frame or
    // record, or an unknown mandatory session type), TooLarge, Network/Io.
    Result<Record> receive();

    // Ends the session: sends CLOSE(reason) unless a send is in progress,
    // then closes the stream. Idempotent; any thread.
    void close(CloseReason reason = CloseReason::Normal);

    // Records this side has sealed and opened (tests, diagnostics).
    [[nodiscard]] std::uint64_t sentRecords() const;
    [[nodiscard]] std::uint64_t receivedRecords() const noexcept {
        return m_cipher.receivedCount();
    }

private:
    Session(std::unique_ptr<FramedStream> stream, HandshakeRole role,
            const X25519PublicKey& ownStatic, const X25519PublicKey& peerStatic, SessionKeys keys,
            const SessionOptions& options);

    static Result<std::unique_ptr<Session>> establish(std::unique_ptr<ByteStream> stream,
                                                      HandshakeRole role,
                                                      const X25519KeyPair& ownStatic,
                                                      const X25519PublicKey& peerStatic,
                                                      const SessionOptions& options);

    // Under m_sendMutex.
    Status sendLocked(RecordType type, std::span<const std::uint8_t> body);
    Status sendInternal(RecordType type, std::span<const std::uint8_t> body);
    // Ends the session from the reader: optional CLOSE, stream closed,
    // receive keys wiped. Returns `error` for convenience.
    Error endFromReader(Error error, std::optional<CloseReason> sendClose);

    std::unique_ptr<FramedStream> m_stream;
    HandshakeRole m_role;
    X25519PublicKey m_ownStatic;
    X25519PublicKey m_peerStatic;
    std::uint16_t m_version;
    std::vector<std::uint8_t> m_handshakeHash;
    SessionOptions m_options;

    // seal() under m_sendMutex; open() by the reader only.
    SessionCipher m_cipher;
    mutable std::mutex m_sendMutex;
    std::vector<std::uint8_t> m_sendBuffer;
    std::atomic<bool> m_closed{false};
    // A write failed: nothing more can be sent, but the reader may still
    // find the peer's last records (its CLOSE and reason).
    std::atomic<bool> m_sendBroken{false};

    // Reader-thread state.
    std::chrono::steady_clock::time_point m_lastReceived;
    bool m_pingSent = false;
};

} // namespace chive::core
