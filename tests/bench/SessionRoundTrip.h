#pragma once

// SessionRoundTrip: the product's transport bar measured where it is defined
// ("median message round trip at most 1.25x a bare echo over the same onion
// circuit, same run"). Over two streams to one service, which Tor carries on
// the same rendezvous circuit, it alternates
//   (a) a bare echo of as many bytes as one session frame (the peer echoes),
//   (b) a Chive session round trip: a MESSAGE record sealed by the Noise
//       session, parsed by the peer's session, answered by an ACK record,
// and prints the medians and their ratio, per circuit and over all.
//
// The peer (TransportPeer) tells the two apart by the first bytes of a
// stream: kSessionMagic, acknowledged with one byte, starts a session;
// anything else is echoed. The session keys are fixed and public: this is a
// benchmark, not a contact.
//
// Threads: measure() on the caller's thread; serve() on the peer's stream
// thread, until the stream ends.

#include "core/Result.h"
#include "core/crypto/X25519KeyPair.h"
#include "core/net/ByteStream.h"
#include "transport/ControlConnection.h"
#include "transport/OnionAddress.h"

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

namespace chive::bench {

class SessionRoundTrip {
public:
    static constexpr std::array<std::uint8_t, 8> kSessionMagic{'C', 'H', 'I', 'V',
                                                               'E', 'S', 'R', 'T'};
    static constexpr std::uint8_t kSessionAccepted = 0x01;

    using Connect = std::function<core::Result<std::unique_ptr<core::ByteStream>>(
        const transport::OnionAddress&, std::chrono::milliseconds)>;

    // Peer side: the stream's magic has been read; acknowledges it, runs the
    // responder's handshake and answers every MESSAGE with its ACK.
    static void serve(core::ByteStream& stream);

    // Client side: `samples` of each kind per service, alternating, after a
    // warm-up; `textLength` bytes of message text (the frame size follows).
    // `control` is the client's Tor, asked which circuit each stream uses.
    // False if a stream or a round trip failed.
    static bool measure(const Connect& connect, transport::ControlConnection& control,
                        const std::vector<transport::OnionAddress>& services, std::size_t samples,
                        std::size_t textLength);

    // Bytes of one session frame carrying a MESSAGE with `textLength` bytes.
    static std::size_t frameLength(std::size_t textLength);
};

} // namespace chive::bench
