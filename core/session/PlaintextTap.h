#pragma once

// PlaintextTap: a diagnostic hook that sees what a Session received from its
// peer once it is no longer encrypted. It exists for one purpose: the
// unlinkability test (tests/engine/EngineLifecycleTests.cpp), which compares
// every byte two contacts received from the same person. Production code
// never sets it; whoever does must not log, store or send what it sees (it
// is message text and key material).
//
// Threads: called on whichever thread runs the handshake or receive(); the
// bytes are valid only during the call.

#include <cstdint>
#include <functional>
#include <span>

namespace chive::core {

enum class TapPart {
    HandshakeMessage, // a handshake message as received (its clear part is the ephemeral key)
    HandshakePayload, // the decrypted payload of that message (the SessionHello)
    Record,           // one authenticated record's whole plaintext: header, body, padding
};

using PlaintextTap = std::function<void(TapPart, std::span<const std::uint8_t>)>;

} // namespace chive::core
