#pragma once

// Request: one command of the headless mode, parsed from one line of JSON
// text ({"id": ..., "cmd": "...", fields...}).
//
// Parse, don't validate: parse() accepts only a JSON object within the
// limits below; the typed accessors then check each field a command uses
// and fail with a message that names the field. Fields a command does not
// use are ignored, so clients may send more than a command needs.
//
// Secrets: every string of the parsed JSON, the parser's buffers included,
// lives in WipingAllocator memory, so a password is wiped when the Request
// is destroyed; password() also wipes the field at once after copying it
// into a SecureBuffer. Parse errors never quote the input (nlohmann's
// messages do, so they are not passed on).
//
// A value owned by one thread (the headless command loop); not thread-safe.

#include "app/WipingAllocator.h"
#include "core/Result.h"
#include "core/SecureBuffer.h"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chive::app {

// JSON as read from stdin: every allocation is wiped when freed.
using InputJson = nlohmann::basic_json<std::map, std::vector, WipedString, bool, std::int64_t,
                                       std::uint64_t, double, WipingAllocator>;
// JSON as written to stdout; members keep the order they were added in.
using OutputJson = nlohmann::ordered_json;

class Request {
public:
    // Arrays and objects nested deeper than this are refused before parsing.
    static constexpr std::size_t kMaxDepth = 8;
    // An "id" string is echoed back; longer ones are refused.
    static constexpr std::size_t kMaxIdLength = 256;
    static constexpr std::size_t kMaxPasswordLength = 1024;

    // Malformed for text that is not JSON (with the byte offset, not the
    // text), too deep, or not an object; InvalidArgument for an "id" that is
    // not a number, a string of at most kMaxIdLength bytes, or null.
    static core::Result<Request> parse(const WipedString& line);

    // The "id" to echo: null when the request had none.
    [[nodiscard]] const OutputJson& id() const noexcept { return m_id; }
    // "cmd": InvalidArgument if it is missing or not a string.
    [[nodiscard]] core::Result<std::string> command() const;

    [[nodiscard]] bool has(std::string_view field) const;
    // A string field of at most maxBytes bytes (valid UTF-8: the parser
    // checks it). InvalidArgument if missing or not a string, TooLarge if
    // longer.
    [[nodiscard]] core::Result<std::string> text(std::string_view field,
                                                 std::size_t maxBytes) const;
    [[nodiscard]] core::Result<std::optional<std::string>> optionalText(std::string_view field,
                                                                        std::size_t maxBytes) const;
    // An integer field in [min, max] (1.0 is not an integer).
    [[nodiscard]] core::Result<std::int64_t> integer(std::string_view field, std::int64_t min,
                                                     std::int64_t max) const;
    [[nodiscard]] core::Result<std::optional<std::int64_t>>
    optionalInteger(std::string_view field, std::int64_t min, std::int64_t max) const;
    // A boolean field, `fallback` when absent.
    [[nodiscard]] core::Result<bool> flag(std::string_view field, bool fallback) const;
    // A non-empty string of at most kMaxPasswordLength bytes, copied into
    // secure memory; the field's text is wiped here whatever the outcome.
    core::Result<core::SecureBuffer> password(std::string_view field);

private:
    Request(InputJson json, OutputJson id) noexcept;
    [[nodiscard]] const InputJson* find(std::string_view field) const;

    InputJson m_json;
    OutputJson m_id;
};

// The deepest nesting of arrays and objects in `text`, counting brackets
// outside strings; stops counting at `limit` + 1. Text that is not JSON
// gets some number; the parser then rejects it.
std::size_t jsonNestingDepth(std::string_view text, std::size_t limit);

} // namespace chive::app
