#pragma once

// HandOffRequest: the one line a second start of Chive sends to the Chive
// that already runs on the same profile (doc/protocol.md, "Local
// single-instance hand-off"):
//
//   chive-handoff 1 raise\n          bring the window to the front
//   chive-handoff 1 link <link>\n    ... and open the add-contact dialog
//
// answered by `ok\n` or `error <word>\n`. The link is checked only for size
// and characters (printable ASCII); the add-contact dialog validates it as a
// contact link. Value type; parse() treats its input as hostile. The socket
// side is ui/SingleInstance, which converts at its boundary.

#include "core/Result.h"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace chive::core {

class HandOffRequest {
public:
    // As long as the command line accepts (app/CommandLine.h).
    static constexpr std::size_t kMaxLinkBytes = 4096;
    // A whole request line, newline included; the receiver reads no more.
    static constexpr std::size_t kMaxLineBytes = kMaxLinkBytes + 64;
    static constexpr int kVersion = 1;

    static HandOffRequest raise() { return HandOffRequest(std::nullopt); }
    // `link` is UTF-8. TooLarge over kMaxLinkBytes; Malformed if empty or
    // with a byte outside printable ASCII (0x20..0x7e).
    static Result<HandOffRequest> withLink(std::string_view link);
    // `line` is one request without its newline. UnsupportedVersion for
    // another version, Malformed for anything else that is not a request.
    static Result<HandOffRequest> parse(std::string_view line);

    // Empty for a request that only raises the window; otherwise printable
    // ASCII of 1..kMaxLinkBytes bytes.
    [[nodiscard]] const std::optional<std::string>& link() const { return m_link; }
    // The request line, newline included.
    [[nodiscard]] std::string encode() const;

private:
    explicit HandOffRequest(std::optional<std::string> link)
        : m_link(std::move(link)) {}

    std::optional<std::string> m_link;
};

} // namespace chive::core
