#pragma once

// SessionCipher: the record layer of an established session, without I/O
// (doc/protocol.md, "Records" and "Rekeying"). seal() pads a record,
// encrypts it with the sending CipherState and frames it; open() decrypts
// one frame body with the receiving CipherState and parses the record.
//
// Nonces are Noise's implicit counters, one per direction, so a replayed,
// reordered, dropped or altered frame fails authentication: open() returns
// Crypto and the session must end (the receiving state is then unusable).
//
// Rekeying: after every `rekeyInterval` records in a direction (nonces
// 0..N-1, then N..2N-1, ...), that direction's CipherState calls Noise's
// Rekey(). Both sides count the same records, so they stay in step without
// any message; the interval is a protocol constant (kRekeyInterval) that
// tests may lower on both sides.
//
// Ownership: owns both CipherStates (keys in secure memory, wiped by wipe()
// and on destruction). Move-only.
//
// Threads: seal() and open() touch disjoint state, so one thread may seal
// while another opens; each of them needs its own external serialisation.

#include "core/Result.h"
#include "core/crypto/TransportCiphers.h"
#include "core/session/Record.h"

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace chive::core {

class SessionCipher {
public:
    static constexpr std::uint64_t kRekeyInterval = 1024;

    explicit SessionCipher(TransportCiphers ciphers, std::uint64_t rekeyInterval = kRekeyInterval);

    // Replaces `frame` with one complete frame (length prefix, ciphertext)
    // carrying the record; its capacity is reused. TooLarge for a body over
    // Record::kMaxBodyLength; Crypto if the nonce is exhausted; Closed after
    // wipeSend().
    Status seal(RecordType type, std::span<const std::uint8_t> body,
                std::vector<std::uint8_t>& frame);

    // Decrypts one frame body (without its length prefix) in place and
    // parses it. The view points into `message`. Crypto if authentication
    // fails, Malformed if the plaintext is not a valid record, Closed after
    // wipeReceive().
    Result<RecordView> open(std::span<std::uint8_t> message);

    // Records sealed and opened so far.
    [[nodiscard]] std::uint64_t sentCount() const noexcept { return m_ciphers.send.nonce(); }
    [[nodiscard]] std::uint64_t receivedCount() const noexcept { return m_ciphers.receive.nonce(); }

    void wipeSend() noexcept { m_ciphers.send.wipe(); }
    void wipeReceive() noexcept { m_ciphers.receive.wipe(); }

    // Tests only (the wipe test).
    [[nodiscard]] const TransportCiphers& ciphersForTest() const noexcept { return m_ciphers; }

private:
    TransportCiphers m_ciphers;
    std::uint64_t m_rekeyInterval;
};

} // namespace chive::core
