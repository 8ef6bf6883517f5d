#pragma once

// NoiseProtocol: a parsed Noise protocol name, "Noise_<pattern>_25519_
// ChaChaPoly_<hash>" (revision 34, section 8), restricted to what Chive
// implements: DH 25519, cipher ChaChaPoly, hash SHA256 or BLAKE2b, and the
// patterns of HandshakePattern (no modifiers such as psk or fallback).
// Chive's own sessions use kSessionProtocolName.
//
// A value; thread-safe to share.

#include "core/Result.h"
#include "core/crypto/HandshakePattern.h"
#include "core/crypto/NoiseHash.h"

#include <string>
#include <string_view>
#include <utility>

namespace chive::core {

class NoiseProtocol {
public:
    static constexpr std::string_view kSessionProtocolName = "Noise_KK_25519_ChaChaPoly_BLAKE2b";

    // InvalidArgument, naming the part, for a name that is not of that form
    // or names something unsupported.
    static Result<NoiseProtocol> parse(std::string_view name);

    [[nodiscard]] const std::string& name() const noexcept { return m_name; }
    [[nodiscard]] const HandshakePattern& pattern() const noexcept { return m_pattern; }
    [[nodiscard]] NoiseHash hash() const noexcept { return m_hash; }

private:
    NoiseProtocol(std::string name, HandshakePattern pattern, NoiseHash hash)
        : m_name(std::move(name))
        , m_pattern(std::move(pattern))
        , m_hash(hash) {}

    std::string m_name;
    HandshakePattern m_pattern;
    NoiseHash m_hash;
};

} // namespace chive::core
