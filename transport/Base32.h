#pragma once

// RFC 4648 base32 as Tor writes it: lowercase alphabet a-z2-7, no padding.
// Onion addresses and the x25519 client-authorization keys in ClientAuthV3=
// and in Tor's auth files use it.

#include "core/Result.h"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace chive::transport {

class Base32 {
public:
    // Length of the unpadded encoding of `byteCount` bytes.
    static constexpr std::size_t encodedLength(std::size_t byteCount) noexcept {
        return (byteCount * 8 + 4) / 5;
    }

    static std::string encode(std::span<const std::uint8_t> bytes);

    // Decodes unpadded base32 into `out`, whose size fixes the expected text
    // length; accepts either letter case, as Tor does. Fails with Malformed on
    // a wrong length, a character outside the alphabet, or non-zero trailing
    // bits (which would let two texts name the same bytes).
    static core::Status decode(std::string_view text, std::span<std::uint8_t> out);
};

} // namespace chive::transport
