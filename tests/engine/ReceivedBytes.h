#pragma once

// What a contact received, decrypted, for the unlinkability test: every
// chunk the engine's plaintext tap saw, each byte labelled with its role in
// the wire format (doc/protocol.md), and a search for byte windows that two
// contacts' chunks have in common.
//
// The roles let the test tell a shared identifier from bytes that every
// Chive peer sends to everyone alike:
//   Framing   - record type and length, the bundle's version and field
//               headers, a CLOSE reason, the SessionHello (protocol version)
//   Padding   - the zeros after a record's body (excluded by construction)
//   Sequence  - a MESSAGE's id and an ACK's id: per-conversation counters
//               (1, 2, 3, ...) that every conversation repeats
//   Timestamp - a MESSAGE's send time: the high bytes are the same for any
//               two messages sent within hours of each other
//   Content   - everything else: keys, MACs, ephemeral keys, message text
//
// A shared window is "explained" when, in each of the two streams, it occurs
// somewhere with at most kChanceContentBytes bytes of Content: so many
// random bytes next to framing coincide by chance (1 in 2^8 to 2^24), while
// any identifier or key is at least 8 bytes long and random.

#include "core/session/PlaintextTap.h"
#include "core/session/RecordType.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iomanip>
#include <span>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

namespace chive::engine::test {

enum class ByteRole : std::uint8_t { Content, Framing, Padding, Sequence, Timestamp };

struct ReceivedChunk {
    std::vector<std::uint8_t> bytes;
    std::vector<ByteRole> roles; // one per byte
};

inline constexpr std::size_t kChanceContentBytes = 3;

namespace detail {

inline void mark(std::vector<ByteRole>& roles, std::size_t from, std::size_t count, ByteRole role) {
    const std::size_t end = std::min(roles.size(), from + count);
    for (std::size_t i = std::min(from, end); i < end; ++i) {
        roles[i] = role;
    }
}

// A BUNDLE body: version byte, then fields of tag (1), length (2), value.
inline void markBundle(std::vector<ByteRole>& roles, std::span<const std::uint8_t> record,
                       std::size_t start, std::size_t end) {
    mark(roles, start, 1, ByteRole::Framing);
    std::size_t at = start + 1;
    while (at + 3 <= end) {
        mark(roles, at, 3, ByteRole::Framing);
        at += 3 + ((std::size_t{record[at + 1]} << 8U) | record[at + 2]);
    }
}

} // namespace detail

// Labels one tapped chunk (see the class comment for the roles).
inline ReceivedChunk classify(core::TapPart part, std::span<const std::uint8_t> bytes) {
    ReceivedChunk chunk{std::vector<std::uint8_t>(bytes.begin(), bytes.end()),
                        std::vector<ByteRole>(bytes.size(), ByteRole::Content)};
    auto& roles = chunk.roles;
    if (part == core::TapPart::HandshakePayload) {
        detail::mark(roles, 0, bytes.size(), ByteRole::Framing);
    }
    if (part != core::TapPart::Record || bytes.size() < 3) {
        return chunk; // a handshake message: ephemeral key and ciphertext
    }
    const auto type = static_cast<core::RecordType>(bytes[0]);
    const std::size_t length = std::min((std::size_t{bytes[1]} << 8U) | bytes[2], bytes.size() - 3);
    const std::size_t body = 3;
    const std::size_t end = body + length;
    detail::mark(roles, 0, 3, ByteRole::Framing);
    for (std::size_t i = end; i < bytes.size(); ++i) {
        if (bytes[i] == 0) {
            roles[i] = ByteRole::Padding;
        }
    }
    switch (type) {
    case core::RecordType::Message:
        detail::mark(roles, body, 8, ByteRole::Sequence);
        detail::mark(roles, body + 8, 8, ByteRole::Timestamp);
        break;
    case core::RecordType::Ack:
        detail::mark(roles, body, length, ByteRole::Sequence);
        break;
    case core::RecordType::Close:
        detail::mark(roles, body, length, ByteRole::Framing);
        break;
    case core::RecordType::ExchangeBundle:
        detail::markBundle(roles, bytes, body, end);
        break;
    default:
        break; // CONFIRM (a MAC), PING and PONG bodies, unknown types: Content
    }
    return chunk;
}

struct SharedWindow {
    std::vector<std::uint8_t> bytes;
    // The fewest Content bytes among the window's occurrences in each stream.
    std::size_t contentInFirst = 0;
    std::size_t contentInSecond = 0;

    [[nodiscard]] bool explained() const {
        return contentInFirst <= kChanceContentBytes && contentInSecond <= kChanceContentBytes;
    }
    [[nodiscard]] std::string hex() const {
        std::ostringstream out;
        for (const auto byte : bytes) {
            out << std::hex << std::setw(2) << std::setfill('0') << int{byte};
        }
        return out.str();
    }
};

// Every `width`-byte window (inside one chunk) that occurs in both streams,
// leaving out windows of padding only.
inline std::vector<SharedWindow> sharedWindows(const std::vector<ReceivedChunk>& first,
                                               const std::vector<ReceivedChunk>& second,
                                               std::size_t width) {
    const auto forEachWindow = [width](const std::vector<ReceivedChunk>& chunks, auto&& visit) {
        for (const auto& chunk : chunks) {
            for (std::size_t i = 0; i + width <= chunk.bytes.size(); ++i) {
                const auto roles = std::span(chunk.roles).subspan(i, width);
                if (std::all_of(roles.begin(), roles.end(),
                                [](ByteRole role) { return role == ByteRole::Padding; })) {
                    continue;
                }
                const auto content = static_cast<std::size_t>(
                    std::count(roles.begin(), roles.end(), ByteRole::Content));
                visit(std::string(chunk.bytes.begin() + static_cast<std::ptrdiff_t>(i),
                                  chunk.bytes.begin() + static_cast<std::ptrdiff_t>(i + width)),
                      content);
            }
        }
    };
    std::unordered_map<std::string, std::size_t> inFirst;
    forEachWindow(first, [&](std::string key, std::size_t content) {
        auto [entry, added] = inFirst.emplace(std::move(key), content);
        if (!added) {
            entry->second = std::min(entry->second, content);
        }
    });
    std::unordered_map<std::string, SharedWindow> shared;
    forEachWindow(second, [&](std::string key, std::size_t content) {
        const auto found = inFirst.find(key);
        if (found == inFirst.end()) {
            return;
        }
        auto [entry, added] =
            shared.emplace(key, SharedWindow{std::vector<std::uint8_t>(key.begin(), key.end()),
                                             found->second, content});
        if (!added) {
            entry->second.contentInSecond = std::min(entry->second.contentInSecond, content);
        }
    });
    std::vector<SharedWindow> out;
    out.reserve(shared.size());
    for (auto& [key, window] : shared) {
        out.push_back(std::move(window));
    }
    return out;
}

// True if any `width`-byte window of `needle` occurs in one of `chunks`.
inline bool containsWindowOf(const std::vector<ReceivedChunk>& chunks,
                             std::span<const std::uint8_t> needle, std::size_t width) {
    for (std::size_t i = 0; i + width <= needle.size(); ++i) {
        const auto window = needle.subspan(i, width);
        for (const auto& chunk : chunks) {
            if (std::search(chunk.bytes.begin(), chunk.bytes.end(), window.begin(), window.end()) !=
                chunk.bytes.end()) {
                return true;
            }
        }
    }
    return false;
}

} // namespace chive::engine::test
