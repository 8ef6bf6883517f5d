#pragma once

// RecordType: the first byte of every session record (doc/protocol.md,
// "Record types"). The space is split so that each layer knows which types
// are its own and what to do with ones it does not know:
//
//   0x00        never valid
//   0x01-0x0F   session layer, mandatory: an unknown one ends the session
//   0x10-0x7F   application (delivery) layer, mandatory
//   0x80-0x8F   session layer, optional: an unknown one is ignored
//   0x90-0xFF   application layer, optional
//
// The session layer handles its own types and hands every application type
// to its caller, which applies the same rule to the types it knows.

#include <cstdint>

namespace chive::core {

enum class RecordType : std::uint8_t {
    Ping = 0x01,  // keep-alive; answered with Pong; body ignored
    Pong = 0x02,  // answer to Ping; body ignored
    Close = 0x03, // the sender ends the session; body: CloseReason byte
    // Reserved for the delivery layer (not handled by the session):
    Message = 0x10,
    Ack = 0x11,
    // The contact exchange (core/protocol/ContactExchange), valid only in a
    // session with the exchange prologue:
    ExchangeBundle = 0x20,
    ExchangeConfirm = 0x21,
};

[[nodiscard]] constexpr std::uint8_t recordTypeByte(RecordType type) noexcept {
    return static_cast<std::uint8_t>(type);
}

// 0x01-0x0F and 0x80-0x8F.
[[nodiscard]] constexpr bool isSessionRecordType(RecordType type) noexcept {
    const std::uint8_t value = recordTypeByte(type);
    return (value >= 0x01 && value <= 0x0F) || (value >= 0x80 && value <= 0x8F);
}

// 0x80-0xFF: a receiver that does not know the type ignores the record.
[[nodiscard]] constexpr bool isOptionalRecordType(RecordType type) noexcept {
    return (recordTypeByte(type) & 0x80U) != 0;
}

} // namespace chive::core
