#include "app/Request.h"

#include <sodium.h>

#include <algorithm>
#include <utility>

namespace chive::app {

using core::ErrorCode;
using core::fail;

namespace {

std::string quoted(std::string_view field) {
    return "\"" + std::string(field) + "\"";
}

core::Error wrongType(std::string_view field, const char* expected) {
    return {ErrorCode::InvalidArgument, quoted(field) + " must be " + expected};
}

core::Error missing(std::string_view field) {
    return {ErrorCode::InvalidArgument, quoted(field) + " is missing"};
}

core::Result<OutputJson> echoableId(const InputJson& object) {
    const auto found = object.find("id");
    if (found == object.end() || found->is_null()) {
        return OutputJson();
    }
    if (found->is_number_integer() && !found->is_number_unsigned()) {
        return OutputJson(found->get<std::int64_t>());
    }
    if (found->is_number_unsigned()) {
        return OutputJson(found->get<std::uint64_t>());
    }
    if (found->is_number_float()) {
        return OutputJson(found->get<double>());
    }
    if (found->is_string()) {
        const auto& text = found->get_ref<const WipedString&>();
        if (text.size() <= Request::kMaxIdLength) {
            return OutputJson(std::string(text.begin(), text.end()));
        }
    }
    return fail(ErrorCode::InvalidArgument, "\"id\" must be a number, a string of at most " +
                                                std::to_string(Request::kMaxIdLength) +
                                                " bytes, or null");
}

} // namespace

std::size_t jsonNestingDepth(std::string_view text, std::size_t limit) {
    std::size_t depth = 0;
    std::size_t deepest = 0;
    bool inString = false;
    bool escaped = false;
    for (const char c : text) {
        if (inString) {
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '"') {
                inString = false;
            }
            continue;
        }
        if (c == '"') {
            inString = true;
        } else if (c == '[' || c == '{') {
            deepest = std::max(deepest, ++depth);
            if (deepest > limit) {
                return deepest;
            }
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return deepest;
}

Request::Request(InputJson json, OutputJson id) noexcept
    : m_json(std::move(json))
    , m_id(std::move(id)) {}

core::Result<Request> Request::parse(const WipedString& line) {
    const std::string_view view(line.data(), line.size());
    if (jsonNestingDepth(view, kMaxDepth) > kMaxDepth) {
        return fail(ErrorCode::Malformed, "the command nests arrays or objects deeper than " +
                                              std::to_string(kMaxDepth) + " levels");
    }
    InputJson json;
    try {
        json = InputJson::parse(view);
    } catch (const InputJson::parse_error& error) {
        // nlohmann's message quotes the text around the error, which may be
        // a password: only the position is passed on.
        return fail(ErrorCode::Malformed,
                    "not JSON: syntax error at byte " + std::to_string(error.byte));
    } catch (const InputJson::exception&) {
        return fail(ErrorCode::Malformed, "not JSON");
    }
    if (!json.is_object()) {
        return fail(ErrorCode::Malformed, "a command must be a JSON object");
    }
    auto id = echoableId(json);
    if (!id) {
        return fail(id.error());
    }
    return Request(std::move(json), std::move(*id));
}

const InputJson* Request::find(std::string_view field) const {
    const auto found = m_json.find(field);
    if (found == m_json.end() || found->is_null()) {
        return nullptr;
    }
    return &*found;
}

bool Request::has(std::string_view field) const {
    return find(field) != nullptr;
}

core::Result<std::string> Request::command() const {
    const auto* value = find("cmd");
    if (value == nullptr) {
        return fail(missing("cmd"));
    }
    if (!value->is_string()) {
        return fail(wrongType("cmd", "a string"));
    }
    const auto& text = value->get_ref<const WipedString&>();
    return std::string(text.begin(), text.end());
}

core::Result<std::optional<std::string>> Request::optionalText(std::string_view field,
                                                               std::size_t maxBytes) const {
    const auto* value = find(field);
    if (value == nullptr) {
        return std::optional<std::string>();
    }
    if (!value->is_string()) {
        return fail(wrongType(field, "a string"));
    }
    const auto& text = value->get_ref<const WipedString&>();
    if (text.size() > maxBytes) {
        return fail(ErrorCode::TooLarge,
                    quoted(field) + " is longer than " + std::to_string(maxBytes) + " bytes");
    }
    return std::optional<std::string>(std::string(text.begin(), text.end()));
}

core::Result<std::string> Request::text(std::string_view field, std::size_t maxBytes) const {
    auto value = optionalText(field, maxBytes);
    if (!value) {
        return fail(value.error());
    }
    if (!*value) {
        return fail(missing(field));
    }
    return std::move(**value);
}

core::Result<std::optional<std::int64_t>>
Request::optionalInteger(std::string_view field, std::int64_t min, std::int64_t max) const {
    const auto* value = find(field);
    if (value == nullptr) {
        return std::optional<std::int64_t>();
    }
    const auto outOfRange = [&] {
        return fail(ErrorCode::InvalidArgument, quoted(field) + " must be between " +
                                                    std::to_string(min) + " and " +
                                                    std::to_string(max));
    };
    if (value->is_number_unsigned()) {
        // Non-negative numbers parse as unsigned: check both ends here too.
        const auto number = value->get<std::uint64_t>();
        if (number > static_cast<std::uint64_t>(max) ||
            (min > 0 && number < static_cast<std::uint64_t>(min))) {
            return outOfRange();
        }
        return std::optional<std::int64_t>(static_cast<std::int64_t>(number));
    }
    if (!value->is_number_integer()) {
        return fail(wrongType(field, "an integer"));
    }
    const auto number = value->get<std::int64_t>();
    if (number < min || number > max) {
        return outOfRange();
    }
    return std::optional<std::int64_t>(number);
}

core::Result<std::int64_t> Request::integer(std::string_view field, std::int64_t min,
                                            std::int64_t max) const {
    auto value = optionalInteger(field, min, max);
    if (!value) {
        return fail(value.error());
    }
    if (!*value) {
        return fail(missing(field));
    }
    return **value;
}

core::Result<bool> Request::flag(std::string_view field, bool fallback) const {
    const auto* value = find(field);
    if (value == nullptr) {
        return fallback;
    }
    if (!value->is_boolean()) {
        return fail(wrongType(field, "true or false"));
    }
    return value->get<bool>();
}

core::Result<core::SecureBuffer> Request::password(std::string_view field) {
    const auto found = m_json.find(field);
    if (found == m_json.end() || found->is_null()) {
        return fail(missing(field));
    }
    if (!found->is_string()) {
        return fail(wrongType(field, "a string"));
    }
    auto& text = found->get_ref<WipedString&>();
    core::Result<core::SecureBuffer> result;
    if (text.empty()) {
        result = fail(ErrorCode::InvalidArgument, quoted(field) + " must not be empty");
    } else if (text.size() > kMaxPasswordLength) {
        result = fail(ErrorCode::TooLarge, quoted(field) + " is longer than " +
                                               std::to_string(kMaxPasswordLength) + " bytes");
    } else {
        result = core::SecureBuffer::copyOf(
            {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()});
    }
    sodium_memzero(text.data(), text.size());
    text.clear();
    return result;
}

} // namespace chive::app
