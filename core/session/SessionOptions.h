#pragma once

// SessionOptions: the timing of a Session and the handshake's prologue.
// The defaults are for Tor (round trips of a second or more); tests shorten
// them. rekeyInterval and prologue are protocol parameters: both sides must
// use the same ones (the defaults, outside tests).

#include "core/session/PlaintextTap.h"
#include "core/session/SessionCipher.h"
#include "core/session/SessionHandshake.h"

#include <chrono>
#include <cstdint>
#include <string>

namespace chive::core {

struct SessionOptions {
    // The whole handshake (both messages) must complete within this.
    std::chrono::milliseconds handshakeTimeout{30000};
    // When nothing has arrived for this long, send a PING.
    std::chrono::milliseconds pingInterval{30000};
    // When nothing has arrived for this long, end the session with Timeout.
    std::chrono::milliseconds idleTimeout{90000};
    // A write that the peer does not take within this ends the session.
    std::chrono::milliseconds writeTimeout{30000};
    std::uint64_t rekeyInterval = SessionCipher::kRekeyInterval;
    std::string prologue{SessionHandshake::kPrologue};
    // Tests only: sees every decrypted byte the peer sent (PlaintextTap.h).
    PlaintextTap plaintextTap;
};

} // namespace chive::core
