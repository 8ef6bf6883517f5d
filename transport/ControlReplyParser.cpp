#include "transport/ControlReplyParser.h"

#include <utility>

namespace chive::transport {

using core::ErrorCode;
using core::fail;

std::string ControlReply::describe() const {
    std::string text = std::to_string(status);
    if (!lines.empty()) {
        text += ' ';
        text += lines.back().text;
    }
    return text;
}

bool ControlReplyParser::idle() const noexcept {
    return m_line.empty() && !m_sawCr && !m_inData && m_reply.lines.empty();
}

core::Result<std::vector<ControlReply>>
ControlReplyParser::feed(std::span<const std::uint8_t> bytes) {
    if (m_failed) {
        return fail(ErrorCode::Malformed, "control connection already failed to parse");
    }
    std::vector<ControlReply> done;
    for (const std::uint8_t byte : bytes) {
        const char c = static_cast<char>(byte);
        if (m_sawCr) {
            if (c != '\n') {
                m_failed = true;
                return fail(ErrorCode::Malformed, "control reply has a CR not followed by LF");
            }
            m_sawCr = false;
            std::string line = std::exchange(m_line, {});
            if (auto status = consumeLine(std::move(line), done); !status) {
                m_failed = true;
                return tl::unexpected(status.error());
            }
            continue;
        }
        if (c == '\r') {
            m_sawCr = true;
        } else if (c == '\n') {
            m_failed = true;
            return fail(ErrorCode::Malformed, "control reply line ends in LF without CR");
        } else if (byte == 0) {
            m_failed = true;
            return fail(ErrorCode::Malformed, "control reply contains a NUL byte");
        } else {
            if (m_line.size() >= kMaxLineLength) {
                m_failed = true;
                return fail(ErrorCode::TooLarge, "control reply line exceeds the length limit");
            }
            m_line.push_back(c);
        }
    }
    return done;
}

core::Status ControlReplyParser::consumeLine(std::string&& line, std::vector<ControlReply>& done) {
    m_replySize += line.size() + 2;
    if (m_replySize > kMaxReplySize) {
        return fail(ErrorCode::TooLarge, "control reply exceeds the size limit");
    }
    if (m_inData) {
        return consumeDataLine(std::move(line));
    }
    return startOrContinueReply(std::move(line), done);
}

core::Status ControlReplyParser::consumeDataLine(std::string&& line) {
    if (line == ".") {
        m_reply.lines.back().data = std::exchange(m_data, {});
        m_inData = false;
        return {};
    }
    // Dot-stuffing: a data line that starts with "." had one more added.
    std::string_view content = line;
    if (!content.empty() && content.front() == '.') {
        content.remove_prefix(1);
    }
    if (m_dataLines++ > 0) {
        m_data.push_back('\n');
    }
    m_data.append(content);
    return {};
}

core::Status ControlReplyParser::startOrContinueReply(std::string&& line,
                                                      std::vector<ControlReply>& done) {
    if (line.size() < 4) {
        return fail(ErrorCode::Malformed, "control reply line is shorter than a status code");
    }
    int status = 0;
    for (std::size_t i = 0; i < 3; ++i) {
        const char digit = line[i];
        if (digit < '0' || digit > '9') {
            return fail(ErrorCode::Malformed,
                        "control reply line does not start with a status code");
        }
        status = status * 10 + (digit - '0');
    }
    if (status < 100) {
        return fail(ErrorCode::Malformed, "control reply status code is out of range");
    }
    const char separator = line[3];
    if (separator != ' ' && separator != '-' && separator != '+') {
        return fail(ErrorCode::Malformed, "control reply line has an unknown separator");
    }
    if (!m_reply.lines.empty() && m_reply.status != status) {
        return fail(ErrorCode::Malformed, "control reply changes its status code mid-reply");
    }
    if (m_reply.lines.size() >= kMaxLinesPerReply) {
        return fail(ErrorCode::TooLarge, "control reply has too many lines");
    }
    m_reply.status = status;
    m_reply.lines.push_back(ControlReplyLine{separator, line.substr(4), std::nullopt});
    if (separator == '+') {
        m_inData = true;
        m_data.clear();
        m_dataLines = 0;
    } else if (separator == ' ') {
        done.push_back(std::exchange(m_reply, {}));
        m_replySize = 0;
    }
    return {};
}

} // namespace chive::transport
