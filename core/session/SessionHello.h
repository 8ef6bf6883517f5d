#pragma once

// SessionHello: the payload of both session handshake messages
// (doc/protocol.md, "Session handshake"):
//
//   version (2 bytes, big-endian) | extensions (0..kMaxExtensionLength bytes)
//
// In message 1 the version is the highest the initiator speaks; in message 2
// the one the responder chose. Version 1 sends no extension bytes and
// ignores any it receives (room for later versions to add fields that older
// peers can skip). The payload is encrypted and bound to the handshake
// transcript by Noise, so neither field can be altered in transit.
//
// A value; parse() treats its input as hostile.

#include "core/Result.h"

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace chive::core {

struct SessionHello {
    static constexpr std::uint16_t kMinVersion = 1;
    static constexpr std::uint16_t kMaxVersion = 1;
    static constexpr std::size_t kMaxExtensionLength = 512;

    std::uint16_t version = kMaxVersion;

    [[nodiscard]] std::vector<std::uint8_t> encode() const;
    // Malformed if shorter than 2 bytes or with more than
    // kMaxExtensionLength extension bytes.
    static Result<SessionHello> parse(std::span<const std::uint8_t> payload);
};

} // namespace chive::core
