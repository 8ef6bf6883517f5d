#include "transport/ControlArguments.h"

namespace chive::transport {

using core::ErrorCode;
using core::fail;

namespace {

bool isKeyChar(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '/' || c == '.';
}

// Reads a quoted string starting at text[pos] == '"'; advances pos past the
// closing quote.
core::Result<std::string> readQuoted(std::string_view text, std::size_t& pos) {
    std::string out;
    ++pos; // opening quote
    while (pos < text.size()) {
        const char c = text[pos++];
        if (c == '"') {
            return out;
        }
        if (c != '\\') {
            out.push_back(c);
            continue;
        }
        if (pos >= text.size()) {
            break;
        }
        const char escaped = text[pos++];
        switch (escaped) {
        case 'n':
            out.push_back('\n');
            break;
        case 'r':
            out.push_back('\r');
            break;
        case 't':
            out.push_back('\t');
            break;
        default:
            out.push_back(escaped);
            break; // \\ \" and anything else literally
        }
    }
    return fail(ErrorCode::Malformed, "control reply has an unterminated quoted string");
}

} // namespace

core::Result<ControlArguments> ControlArguments::parse(std::string_view text) {
    ControlArguments args;
    std::size_t pos = 0;
    while (pos < text.size()) {
        if (text[pos] == ' ') {
            ++pos;
            continue;
        }
        const std::size_t start = pos;
        while (pos < text.size() && isKeyChar(text[pos])) {
            ++pos;
        }
        if (pos < text.size() && text[pos] == '=' && pos > start) {
            std::string key(text.substr(start, pos - start));
            ++pos; // '='
            std::string value;
            if (pos < text.size() && text[pos] == '"') {
                auto quoted = readQuoted(text, pos);
                if (!quoted) {
                    return tl::unexpected(quoted.error());
                }
                value = std::move(*quoted);
            } else {
                const std::size_t valueStart = pos;
                while (pos < text.size() && text[pos] != ' ') {
                    ++pos;
                }
                value = std::string(text.substr(valueStart, pos - valueStart));
            }
            args.m_values.insert_or_assign(std::move(key), std::move(value));
            continue;
        }
        // A positional word: everything up to the next space.
        while (pos < text.size() && text[pos] != ' ') {
            if (text[pos] == '"') {
                return fail(ErrorCode::Malformed, "control reply has a stray quote");
            }
            ++pos;
        }
        args.m_positional.emplace_back(text.substr(start, pos - start));
    }
    return args;
}

std::optional<std::string> ControlArguments::value(std::string_view key) const {
    if (auto it = m_values.find(key); it != m_values.end()) {
        return it->second;
    }
    return std::nullopt;
}

} // namespace chive::transport
