// libFuzzer target: the hand-off line arrives over a local socket from any
// process of the same user, so it is hostile input. Beyond not crashing,
// checks that a line that parses re-encodes to exactly itself plus '\n', that
// a link is never longer than kMaxLinkBytes and holds only printable ASCII,
// that only the three documented error codes come back, each with a message,
// and that withLink() accepts exactly the links parse() does.

#include "core/link/HandOffRequest.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

using chive::core::ErrorCode;
using chive::core::HandOffRequest;

namespace {

bool printableAscii(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte >= 0x20 && byte <= 0x7e;
    });
}

void checkLink(const std::string& link) {
    if (link.empty() || link.size() > HandOffRequest::kMaxLinkBytes || !printableAscii(link)) {
        std::abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view line(reinterpret_cast<const char*>(data), size);

    if (const auto request = HandOffRequest::parse(line)) {
        if (request->encode() != std::string(line) + '\n') {
            std::abort();
        }
        if (request->link()) {
            checkLink(*request->link());
        }
    } else {
        const auto& error = request.error();
        if (error.message.empty()) {
            std::abort();
        }
        if (error.code != ErrorCode::Malformed && error.code != ErrorCode::UnsupportedVersion &&
            (error.code != ErrorCode::TooLarge || size < HandOffRequest::kMaxLineBytes)) {
            std::abort();
        }
    }

    // The same bytes as a link from the command line: accepted exactly when
    // they are a link parse() would accept, and sent so that parse() reads
    // back the same link.
    const bool valid =
        !line.empty() && line.size() <= HandOffRequest::kMaxLinkBytes && printableAscii(line);
    const auto withLink = HandOffRequest::withLink(line);
    if (withLink.has_value() != valid) {
        std::abort();
    }
    if (withLink) {
        checkLink(*withLink->link());
        const std::string encoded = withLink->encode();
        const auto reparsed =
            HandOffRequest::parse(std::string_view(encoded).substr(0, encoded.size() - 1));
        if (!reparsed || reparsed->link() != withLink->link() || *reparsed->link() != line) {
            std::abort();
        }
    } else if (withLink.error().message.empty()) {
        std::abort();
    }
    return 0;
}
