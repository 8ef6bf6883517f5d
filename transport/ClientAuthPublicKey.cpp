#include "transport/ClientAuthPublicKey.h"

#include "transport/Base32.h"

#include <algorithm>

namespace chive::transport {

core::Result<ClientAuthPublicKey> ClientAuthPublicKey::parseBase32(std::string_view text) {
    if (text.size() != kBase32Length) {
        return core::fail(core::ErrorCode::Malformed, "client authorization public key has " +
                                                          std::to_string(text.size()) +
                                                          " characters, expected 52");
    }
    X25519PublicKey key{};
    if (auto decoded = Base32::decode(text, key); !decoded) {
        return core::fail(core::ErrorCode::Malformed,
                          "client authorization public key: " + decoded.error().message);
    }
    if (std::all_of(key.begin(), key.end(), [](std::uint8_t b) { return b == 0; })) {
        return core::fail(core::ErrorCode::InvalidArgument,
                          "client authorization public key is all zeros");
    }
    return ClientAuthPublicKey(key);
}

std::string ClientAuthPublicKey::toBase32() const {
    return Base32::encode(m_key);
}

std::string ClientAuthPublicKey::authorizedClientsLine() const {
    return "descriptor:x25519:" + toBase32();
}

} // namespace chive::transport
