#include "core/protocol/Utf8.h"

#include <cstdint>

namespace chive::core {

std::optional<std::size_t> findInvalidUtf8(std::string_view text) noexcept {
    std::size_t i = 0;
    while (i < text.size()) {
        const auto lead = static_cast<std::uint8_t>(text[i]);
        if (lead < 0x80U) {
            ++i;
            continue;
        }
        std::size_t length = 0;
        // The allowed range of the second byte excludes overlong forms,
        // surrogates and code points above U+10FFFF (RFC 3629, section 4).
        std::uint8_t low = 0x80U;
        std::uint8_t high = 0xBFU;
        if (lead >= 0xC2U && lead <= 0xDFU) {
            length = 2;
        } else if (lead >= 0xE0U && lead <= 0xEFU) {
            length = 3;
            if (lead == 0xE0U) {
                low = 0xA0U;
            } else if (lead == 0xEDU) {
                high = 0x9FU;
            }
        } else if (lead >= 0xF0U && lead <= 0xF4U) {
            length = 4;
            if (lead == 0xF0U) {
                low = 0x90U;
            } else if (lead == 0xF4U) {
                high = 0x8FU;
            }
        } else {
            return i;
        }
        if (text.size() - i < length) {
            return i;
        }
        const auto second = static_cast<std::uint8_t>(text[i + 1]);
        if (second < low || second > high) {
            return i;
        }
        for (std::size_t k = 2; k < length; ++k) {
            const auto next = static_cast<std::uint8_t>(text[i + k]);
            if (next < 0x80U || next > 0xBFU) {
                return i;
            }
        }
        i += length;
    }
    return std::nullopt;
}

} // namespace chive::core
