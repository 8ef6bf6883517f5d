#include "core/crypto/NoiseProtocol.h"

#include <array>
#include <cstddef>

namespace chive::core {

Result<NoiseProtocol> NoiseProtocol::parse(std::string_view name) {
    // Noise_PATTERN_DH_CIPHER_HASH: exactly five '_'-separated parts.
    std::array<std::string_view, 5> parts;
    std::string_view rest = name;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        const std::size_t underscore = rest.find('_');
        const bool last = i + 1 == parts.size();
        if ((underscore == std::string_view::npos) != last) {
            return fail(ErrorCode::InvalidArgument, "not a Noise protocol name");
        }
        parts[i] = rest.substr(0, underscore);
        rest = last ? std::string_view{} : rest.substr(underscore + 1);
    }
    if (parts[0] != "Noise") {
        return fail(ErrorCode::InvalidArgument, "not a Noise protocol name");
    }
    auto pattern = HandshakePattern::find(parts[1]);
    if (!pattern) {
        return fail(pattern.error());
    }
    if (parts[2] != "25519") {
        return fail(ErrorCode::InvalidArgument, "unsupported Noise DH function");
    }
    if (parts[3] != "ChaChaPoly") {
        return fail(ErrorCode::InvalidArgument, "unsupported Noise cipher");
    }
    auto hash = NoiseHash::fromName(parts[4]);
    if (!hash) {
        return fail(hash.error());
    }
    return NoiseProtocol(std::string(name), std::move(*pattern), *hash);
}

} // namespace chive::core
