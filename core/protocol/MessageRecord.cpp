#include "core/protocol/MessageRecord.h"

#include "core/protocol/Utf8.h"

#include <bit>
#include <chrono>
#include <string>

namespace chive::core {

namespace {

void appendU64(std::vector<std::uint8_t>& out, std::uint64_t value) {
    for (int shift = 56; shift >= 0; shift -= 8) {
        out.push_back(static_cast<std::uint8_t>((value >> static_cast<unsigned>(shift)) & 0xFFU));
    }
}

std::uint64_t readU64(std::span<const std::uint8_t> bytes) {
    std::uint64_t value = 0;
    for (std::size_t i = 0; i < 8; ++i) {
        value = (value << 8U) | bytes[i];
    }
    return value;
}

// Shared by the outgoing check (InvalidArgument) and the parser (Malformed).
Status checkTextAs(std::string_view text, ErrorCode code) {
    if (text.empty()) {
        return fail(code, "a message has no text");
    }
    if (text.size() > MessageRecord::kMaxTextLength) {
        return fail(ErrorCode::TooLarge, "a message's text has " + std::to_string(text.size()) +
                                             " bytes, more than " +
                                             std::to_string(MessageRecord::kMaxTextLength));
    }
    if (const auto bad = findInvalidUtf8(text)) {
        return fail(code,
                    "a message's text is not valid UTF-8 (byte " + std::to_string(*bad) + ")");
    }
    if (const auto nul = text.find('\0'); nul != std::string_view::npos) {
        return fail(code,
                    "a message's text holds a NUL character (byte " + std::to_string(nul) + ")");
    }
    return {};
}

} // namespace

Status MessageRecord::checkText(std::string_view text) {
    return checkTextAs(text, ErrorCode::InvalidArgument);
}

Result<std::vector<std::uint8_t>> MessageRecord::encode() const {
    if (id.value() == 0 || id.value() > kMaxId) {
        return fail(ErrorCode::InvalidArgument, "a message id must be between 1 and 2^63-1");
    }
    if (auto status = checkText(text); !status) {
        return fail(status.error());
    }
    std::vector<std::uint8_t> out;
    out.reserve(kHeaderLength + text.size());
    appendU64(out, id.value());
    appendU64(out, std::bit_cast<std::uint64_t>(std::int64_t{sentAt.time_since_epoch().count()}));
    out.insert(out.end(), text.begin(), text.end());
    return out;
}

Result<MessageRecord> MessageRecord::parse(std::span<const std::uint8_t> body) {
    if (body.size() <= kHeaderLength) {
        return fail(ErrorCode::Malformed, "a MESSAGE of " + std::to_string(body.size()) +
                                              " bytes is too short (at least 17)");
    }
    const std::uint64_t id = readU64(body.first(8));
    if (id == 0 || id > kMaxId) {
        return fail(ErrorCode::Malformed, "a MESSAGE has an id out of range");
    }
    const auto millis = std::bit_cast<std::int64_t>(readU64(body.subspan(8, 8)));
    const auto textBytes = body.subspan(kHeaderLength);
    const std::string_view text(reinterpret_cast<const char*>(textBytes.data()), textBytes.size());
    if (auto status = checkTextAs(text, ErrorCode::Malformed); !status) {
        return fail(status.error());
    }
    return MessageRecord{MessageId(id), Timestamp(std::chrono::milliseconds(millis)),
                         std::string(text)};
}

} // namespace chive::core
