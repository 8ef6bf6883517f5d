#pragma once

// ContactExchange: the contact exchange over a rendezvous stream
// (doc/protocol.md, "Contact exchange"). Both sides hold each other's link;
// the connector has opened a stream to the publisher's rendezvous service.
//
//   1. A Session with the prologue "chive exchange v1" whose KK static keys
//      are the two invitations' handshake keys (each side knows the other's
//      public key from its link). The connector initiates.
//   2. Each side sends BUNDLE (its ContactBundle), answers the peer's BUNDLE
//      with CONFIRM, checks the peer's CONFIRM (ExchangeReader), and closes.
//
// Outcomes:
//   - Confirmed: we hold the peer's bundle and know that it holds ours. The
//     engine stores the contact as Connected and ends the rendezvous.
//   - Unconfirmed: the peer's bundle arrived but the stream ended before its
//     CONFIRM (a lost final message). Our bundle may or may not have
//     arrived. The engine keeps the contact Pending with the peer's bundle,
//     keeps the rendezvous (and the same ContactKeys) for a retry, and
//     promotes the contact to Connected as soon as a per-contact session
//     with the exchanged static keys succeeds: a KK handshake on those keys
//     proves the peer holds our bundle too.
//   - An error: nothing usable was learnt; retry while the invitation lasts.
//
// Threads: run() blocks the calling thread for at most `timeout` in all
// (handshake, records, close) and starts none of its own. The stream is
// closed when it returns.

#include "core/Result.h"
#include "core/link/Invitation.h"
#include "core/net/ByteStream.h"
#include "core/protocol/ContactBundle.h"
#include "core/protocol/Rendezvous.h"
#include "core/session/PlaintextTap.h"

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

namespace chive::core {

struct ExchangeResult {
    ContactBundle peerBundle;
    // The bytes exactly as received (unknown fields included): what the
    // engine stores as Contact::peerData.
    std::vector<std::uint8_t> peerBundleBytes;
    // True when the peer's CONFIRM matched (see the class comment).
    bool confirmed = false;
    // When not confirmed: how the exchange ended (Closed, Network, Timeout…).
    std::optional<Error> interruption;
};

class ContactExchange {
public:
    static constexpr std::string_view kPrologue = "chive exchange v1";
    static constexpr std::chrono::milliseconds kDefaultTimeout{60000};

    // Runs the exchange on `stream` as the rendezvous role says (the
    // connector opened the stream). `own` is our invitation, whose handshake
    // key the peer knows from our link; `peerHandshakeKey` is the key from
    // the peer's link; `rendezvous` was derived from the two.
    //
    // Errors: Crypto (the peer does not hold the key of the link we have, or
    // sent a confirmation or keys that do not fit: as the responder we see
    // it; as the initiator we see the responder hang up, Closed), Malformed
    // (a bad bundle or record), TooLarge, UnsupportedVersion, Timeout (the
    // whole exchange did not finish within `timeout`), Closed, Network/Io.
    // `plaintextTap` is for the unlinkability test only (PlaintextTap.h).
    static Result<ExchangeResult> run(std::unique_ptr<ByteStream> stream, const Invitation& own,
                                      const X25519PublicKey& peerHandshakeKey,
                                      const Rendezvous& rendezvous, const ContactBundle& ownBundle,
                                      std::chrono::milliseconds timeout = kDefaultTimeout,
                                      PlaintextTap plaintextTap = {});
};

} // namespace chive::core
