// libFuzzer target: MESSAGE and ACK bodies arrive from the contact on every
// session. The input goes to both decoders. Beyond not crashing, checks
// that each has exactly one encoding: whatever parses encodes back to the
// same bytes; that accepted text is valid UTF-8 within the limit; and that
// every refusal says why.

#include "core/protocol/AckRecord.h"
#include "core/protocol/MessageRecord.h"
#include "core/protocol/Utf8.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

using chive::core::AckRecord;
using chive::core::findInvalidUtf8;
using chive::core::MessageRecord;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::span<const std::uint8_t> input(data, size);
    if (const auto message = MessageRecord::parse(input)) {
        const auto encoded = message->encode();
        if (!encoded || !std::ranges::equal(*encoded, input) || message->text.empty() ||
            message->text.size() > MessageRecord::kMaxTextLength ||
            findInvalidUtf8(message->text).has_value()) {
            std::abort();
        }
    } else if (message.error().message.empty()) {
        std::abort();
    }
    if (const auto ack = AckRecord::parse(input)) {
        const auto encoded = ack->encode();
        if (!encoded || !std::ranges::equal(*encoded, input)) {
            std::abort();
        }
    } else if (ack.error().message.empty()) {
        std::abort();
    }
    return 0;
}
