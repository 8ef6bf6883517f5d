#include "core/protocol/AckRecord.h"

#include "core/protocol/MessageRecord.h"

#include <string>

namespace chive::core {

Result<std::array<std::uint8_t, AckRecord::kLength>> AckRecord::encode() const {
    if (id.value() == 0 || id.value() > MessageRecord::kMaxId) {
        return fail(ErrorCode::InvalidArgument, "a message id must be between 1 and 2^63-1");
    }
    std::array<std::uint8_t, kLength> out{};
    for (std::size_t i = 0; i < kLength; ++i) {
        out[i] = static_cast<std::uint8_t>((id.value() >> (8U * (kLength - 1 - i))) & 0xFFU);
    }
    return out;
}

Result<AckRecord> AckRecord::parse(std::span<const std::uint8_t> body) {
    if (body.size() != kLength) {
        return fail(ErrorCode::Malformed,
                    "an ACK has " + std::to_string(body.size()) + " bytes, not 8");
    }
    std::uint64_t id = 0;
    for (const std::uint8_t byte : body) {
        id = (id << 8U) | byte;
    }
    if (id == 0 || id > MessageRecord::kMaxId) {
        return fail(ErrorCode::Malformed, "an ACK has a message id out of range");
    }
    return AckRecord{MessageId(id)};
}

} // namespace chive::core
