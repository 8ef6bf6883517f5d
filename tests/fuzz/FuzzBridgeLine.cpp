// libFuzzer target: bridge lines are pasted by a person from anywhere (mail,
// a web page, a chat) and end up as values of Tor's Bridge option. Beyond
// not crashing, checks that a line that parses prints back to an equal line
// whose text holds nothing that could end a torrc value (no line break,
// control character, quote, backslash or '#') and fits the length bound.

#include "core/net/BridgeLine.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

using chive::core::BridgeLine;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);

    if (const auto line = BridgeLine::parse(text)) {
        const std::string value = line->toTorValue();
        if (value.size() > BridgeLine::kMaxLength) {
            std::abort();
        }
        for (const char c : value) {
            const auto byte = static_cast<unsigned char>(c);
            if (byte < 0x20 || byte >= 0x7F || c == '"' || c == '\'' || c == '\\' || c == '#') {
                std::abort();
            }
        }
        const auto reparsed = BridgeLine::parse(value);
        if (!reparsed || *reparsed != *line || reparsed->toTorValue() != value) {
            std::abort();
        }
    } else if (line.error().message.empty()) {
        std::abort();
    }

    std::size_t lines = 0;
    for (const auto& check : chive::core::checkBridgeLines(text)) {
        if (!check.line && check.line.error().message.empty()) {
            std::abort();
        }
        ++lines;
    }
    if (lines > chive::core::kMaxBridgeLines + 1) {
        std::abort();
    }
    return 0;
}
