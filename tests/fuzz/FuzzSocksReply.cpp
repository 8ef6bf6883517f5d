// libFuzzer target: the SOCKS5 reply parsers take bytes from Tor's SOCKS
// port. Beyond not crashing, checks the parser's contract: a complete reply
// never claims more bytes than it was given, an incomplete one always asks
// for more (and never more than the longest reply), and re-parsing exactly
// the reply's bytes gives the same reply.

#include "transport/Socks5ReplyParser.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

using chive::transport::Socks5ReplyParser;

namespace {

template <class Parse>
void checkContract(Parse parse, std::span<const std::uint8_t> input, std::size_t maxLength) {
    const auto parsed = parse(input);
    if (!parsed) {
        if (parsed.error().message.empty()) {
            std::abort();
        }
        return;
    }
    if (parsed->value) {
        if (parsed->size > input.size() || parsed->size > maxLength) {
            std::abort();
        }
        const auto again = parse(input.first(parsed->size));
        if (!again || !again->value || again->size != parsed->size) {
            std::abort();
        }
    } else if (parsed->size <= input.size() || parsed->size > maxLength) {
        std::abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::span<const std::uint8_t> input(data, size);
    checkContract(&Socks5ReplyParser::parseMethodSelection, input, 2);
    checkContract(&Socks5ReplyParser::parseConnectReply, input,
                  Socks5ReplyParser::kMaxConnectReplyLength);
    return 0;
}
