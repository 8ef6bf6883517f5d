#include "core/session/Record.h"

#include <algorithm>
#include <cassert>
#include <cstring>

namespace chive::core {

namespace {

// Eight bytes at a time. Not constant-time, and need not be: the padding is
// checked only after the record authenticated, and whether it is zero is
// no secret. (libsodium's constant-time sodium_is_zero goes byte by byte
// through a volatile and cost a 64-byte message a quarter of its
// throughput.)
bool isAllZero(std::span<const std::uint8_t> bytes) noexcept {
    std::uint64_t any = 0;
    std::size_t i = 0;
    for (; i + 8 <= bytes.size(); i += 8) {
        std::uint64_t word = 0;
        std::memcpy(&word, bytes.data() + i, 8);
        any |= word;
    }
    for (; i < bytes.size(); ++i) {
        any |= bytes[i];
    }
    return any == 0;
}

} // namespace

Result<std::size_t> Record::paddedLength(std::size_t bodyLength) {
    for (const std::size_t size : kSizeClasses) {
        if (bodyLength <= size) {
            return kHeaderLength + size;
        }
    }
    return fail(ErrorCode::TooLarge, "a record body over 65516 bytes");
}

void Record::encodeInto(RecordType type, std::span<const std::uint8_t> body,
                        std::span<std::uint8_t> out) noexcept {
    assert(body.size() <= kMaxBodyLength);
    assert(std::find(kSizeClasses.begin(), kSizeClasses.end(), out.size() - kHeaderLength) !=
           kSizeClasses.end());
    assert(out.size() >= kHeaderLength + body.size());
    out[0] = recordTypeByte(type);
    out[1] = static_cast<std::uint8_t>(body.size() >> 8);
    out[2] = static_cast<std::uint8_t>(body.size() & 0xFFU);
    if (!body.empty()) {
        std::memmove(out.data() + kHeaderLength, body.data(), body.size());
    }
    const std::size_t used = kHeaderLength + body.size();
    std::memset(out.data() + used, 0, out.size() - used);
}

Result<std::vector<std::uint8_t>> Record::encode(RecordType type,
                                                 std::span<const std::uint8_t> body) {
    auto length = paddedLength(body.size());
    if (!length) {
        return fail(length.error());
    }
    std::vector<std::uint8_t> out(*length);
    encodeInto(type, body, out);
    return out;
}

Result<RecordView> Record::parseView(std::span<const std::uint8_t> plaintext) {
    if (plaintext.size() < kHeaderLength) {
        return fail(ErrorCode::Malformed, "a record shorter than its header");
    }
    const std::size_t capacity = plaintext.size() - kHeaderLength;
    if (std::find(kSizeClasses.begin(), kSizeClasses.end(), capacity) == kSizeClasses.end()) {
        return fail(ErrorCode::Malformed, "a record that is not of a size class");
    }
    const std::size_t bodyLength =
        (static_cast<std::size_t>(plaintext[1]) << 8) | static_cast<std::size_t>(plaintext[2]);
    if (bodyLength > capacity) {
        return fail(ErrorCode::Malformed, "a record body longer than its record");
    }
    if (!isAllZero(plaintext.subspan(kHeaderLength + bodyLength))) {
        return fail(ErrorCode::Malformed, "a record with nonzero padding");
    }
    const auto type = static_cast<RecordType>(plaintext[0]);
    if (recordTypeByte(type) == 0) {
        return fail(ErrorCode::Malformed, "a record of type 0");
    }
    return RecordView{type, plaintext.subspan(kHeaderLength, bodyLength)};
}

Result<Record> Record::parse(std::span<const std::uint8_t> plaintext) {
    auto view = parseView(plaintext);
    if (!view) {
        return fail(view.error());
    }
    return Record{view->type, std::vector<std::uint8_t>(view->body.begin(), view->body.end())};
}

} // namespace chive::core
