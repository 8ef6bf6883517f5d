// libFuzzer target: everything Tor's control port sends passes through
// ControlReplyParser. Beyond not crashing, checks its contract: feeding the
// same bytes in two pieces yields the same replies as feeding them at once,
// every reply has at least one line and one status code, and the size limits
// hold.

#include "transport/ControlReplyParser.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

using chive::transport::ControlReply;
using chive::transport::ControlReplyParser;

namespace {

void checkReply(const ControlReply& reply) {
    if (reply.lines.empty() || reply.status < 100 || reply.status > 999) {
        std::abort();
    }
    for (const auto& line : reply.lines) {
        if (line.text.size() > ControlReplyParser::kMaxLineLength) {
            std::abort();
        }
        if (line.data.has_value() != (line.separator == '+')) {
            std::abort();
        }
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::span<const std::uint8_t> input(data, size);
    ControlReplyParser whole;
    const auto all = whole.feed(input);

    const std::size_t cut = size == 0 ? 0 : data[0] % (size + 1);
    ControlReplyParser split;
    auto first = split.feed(input.first(cut));
    auto second = first ? split.feed(input.subspan(cut)) : first;

    if (all.has_value() != (first && second)) {
        std::abort();
    }
    if (!all) {
        if (all.error().message.empty()) {
            std::abort();
        }
        return 0;
    }
    first->insert(first->end(), second->begin(), second->end());
    if (first->size() != all->size()) {
        std::abort();
    }
    for (std::size_t i = 0; i < all->size(); ++i) {
        checkReply((*all)[i]);
        if ((*all)[i].lines.size() != (*first)[i].lines.size() ||
            (*all)[i].describe() != (*first)[i].describe()) {
            std::abort();
        }
    }
    return 0;
}
