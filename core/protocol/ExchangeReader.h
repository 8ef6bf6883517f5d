#pragma once

// ExchangeReader: the contact exchange's rules without I/O (doc/protocol.md,
// "Contact exchange"). ContactExchange drives it over a Session; tests and
// the fuzzer drive it directly.
//
// After the exchange session's handshake each side sends BUNDLE (its encoded
// ContactBundle), and expects from the peer exactly:
//
//   BUNDLE   -> we answer CONFIRM(our MAC)
//   CONFIRM  -> the peer's MAC must match: the exchange is complete
//
// where a side's CONFIRM is
//
//   BLAKE2b-256(key = rendezvous secret,
//               "chive/exchange/confirm/v1" || sender role (1 = initiator,
//               2 = responder) || handshake hash || u16 length || initiator's
//               BUNDLE body || u16 length || responder's BUNDLE body)
//
// so that both know the exchange finished on this session with exactly these
// two bundles. The MAC is compared in constant time. Unknown optional record
// types (0x80-0xFF) are skipped; anything else out of place is Malformed.
// After an error the reader refuses everything.
//
// The peer's bundle must not repeat any of our own keys (a reflected bundle;
// also, DuplicateSessionRule needs the two static keys to differ): Crypto.
//
// Ownership: keeps a copy of the rendezvous secret in a SecureBuffer (wiped
// on destruction). Move-only; one thread at a time.

#include "core/Result.h"
#include "core/SecureBuffer.h"
#include "core/crypto/HandshakeRole.h"
#include "core/protocol/ContactBundle.h"
#include "core/session/RecordType.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace chive::core {

class ExchangeReader {
public:
    static constexpr std::size_t kConfirmLength = 32;
    static constexpr std::size_t kSecretLength = 32;
    static constexpr std::string_view kConfirmLabel = "chive/exchange/confirm/v1";

    using Confirm = std::array<std::uint8_t, kConfirmLength>;

    enum class Step {
        SendConfirm, // the peer's bundle arrived: send confirm() now
        Done,        // the peer's CONFIRM matched: the exchange is complete
        Ignored,     // an optional record type this version does not know
    };

    // InvalidArgument if the secret has not 32 bytes or the hash is empty.
    static Result<ExchangeReader> create(HandshakeRole role,
                                         std::span<const std::uint8_t> rendezvousSecret,
                                         std::span<const std::uint8_t> handshakeHash,
                                         const ContactBundle& ownBundle);

    // The body of our BUNDLE record, to send right after the handshake.
    [[nodiscard]] std::span<const std::uint8_t> ownBundleBytes() const noexcept {
        return m_ownBundleBytes;
    }

    // Feeds the next record from the peer. Errors: Malformed (a record out of
    // order, a second BUNDLE, a CONFIRM of the wrong length, an unknown
    // mandatory type), the errors of ContactBundle::parse, Crypto (our own
    // keys reflected, or a CONFIRM that does not match).
    Result<Step> onRecord(RecordType type, std::span<const std::uint8_t> body);

    // Our CONFIRM body, once onRecord returned SendConfirm.
    [[nodiscard]] const Confirm& confirm() const noexcept { return m_ownConfirm; }

    [[nodiscard]] bool hasPeerBundle() const noexcept { return m_peerBundle.has_value(); }
    // The peer's bundle (hasPeerBundle() must be true) and its exact bytes.
    [[nodiscard]] const ContactBundle& peerBundle() const { return m_peerBundle.value(); }
    [[nodiscard]] const std::vector<std::uint8_t>& peerBundleBytes() const noexcept {
        return m_peerBundleBytes;
    }
    [[nodiscard]] bool isComplete() const noexcept { return m_state == State::Complete; }

    // The CONFIRM MAC that `sender` sends (see the class comment).
    static Confirm computeConfirm(std::span<const std::uint8_t> rendezvousSecret,
                                  HandshakeRole sender, std::span<const std::uint8_t> handshakeHash,
                                  std::span<const std::uint8_t> initiatorBundle,
                                  std::span<const std::uint8_t> responderBundle);

private:
    enum class State { AwaitBundle, AwaitConfirm, Complete, Failed };

    ExchangeReader(HandshakeRole role, SecureBuffer secret, std::vector<std::uint8_t> handshakeHash,
                   const ContactBundle& ownBundle);
    Result<Step> failWith(ErrorCode code, std::string message);
    Result<Step> onBundle(std::span<const std::uint8_t> body);
    Result<Step> onConfirm(std::span<const std::uint8_t> body);

    HandshakeRole m_role;
    SecureBuffer m_secret;
    std::vector<std::uint8_t> m_handshakeHash;
    ContactBundle m_ownBundle;
    std::vector<std::uint8_t> m_ownBundleBytes;
    std::optional<ContactBundle> m_peerBundle;
    std::vector<std::uint8_t> m_peerBundleBytes;
    Confirm m_ownConfirm{};
    State m_state = State::AwaitBundle;
};

} // namespace chive::core
