#pragma once

// One reply or asynchronous event from Tor's control port, as parsed by
// ControlReplyParser (control-spec section 2.3).

#include <optional>
#include <string>
#include <vector>

namespace chive::transport {

struct ControlReplyLine {
    // The separator after the status code: '-' mid line, '+' data line,
    // ' ' end line.
    char separator = ' ';
    std::string text;
    // For '+' lines: the data block that followed, dot-unstuffed, lines
    // joined with "\n", without the terminating ".".
    std::optional<std::string> data;
};

struct ControlReply {
    int status = 0;
    std::vector<ControlReplyLine> lines; // never empty once parsed

    [[nodiscard]] bool isAsync() const noexcept { return status / 100 == 6; }
    [[nodiscard]] bool isOk() const noexcept { return status / 100 == 2; }
    // Text of the first line (the event name and arguments for async events,
    // "OK" or the error message for sync replies).
    [[nodiscard]] const std::string& firstText() const { return lines.front().text; }
    // A human-readable one-line summary for error messages: status and the
    // text of the last line.
    [[nodiscard]] std::string describe() const;
};

} // namespace chive::transport
