#pragma once

// Incremental parser for Tor control-port replies (control-spec 2.3): single
// line, multi-line ("250-"), data replies ("250+" with a dot-terminated,
// dot-stuffed block) and asynchronous events ("650"), in any interleaving at
// reply boundaries. Input is untrusted: every line and every reply has a hard
// size limit, checked before the data is kept. After a malformed byte the
// parser stays failed; the connection must be dropped.
//
// Not thread-safe; owned by the one reader thread of a ControlConnection.

#include "core/Result.h"
#include "transport/ControlReply.h"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace chive::transport {

class ControlReplyParser {
public:
    static constexpr std::size_t kMaxLineLength = std::size_t{64} * 1024;
    static constexpr std::size_t kMaxReplySize = std::size_t{4} * 1024 * 1024;
    static constexpr std::size_t kMaxLinesPerReply = 10'000;

    // Consumes `bytes` and returns every reply completed by them, in order.
    // Returns an error (Malformed or TooLarge) on bad input.
    core::Result<std::vector<ControlReply>> feed(std::span<const std::uint8_t> bytes);

    // True when no partial reply is buffered.
    [[nodiscard]] bool idle() const noexcept;

private:
    core::Status consumeLine(std::string&& line, std::vector<ControlReply>& done);
    core::Status consumeDataLine(std::string&& line);
    core::Status startOrContinueReply(std::string&& line, std::vector<ControlReply>& done);

    std::string m_line;    // the line being read, without CRLF
    bool m_sawCr = false;  // the previous byte was CR
    bool m_inData = false; // inside a '+' data block
    std::string m_data;    // the data block being read
    std::size_t m_dataLines = 0;
    ControlReply m_reply; // the reply being assembled
    std::size_t m_replySize = 0;
    bool m_failed = false;
};

} // namespace chive::transport
