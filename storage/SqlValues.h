#pragma once

// Conversions between core/store values and the integers stored in SQL
// columns. Enum values read back are checked: an out-of-range integer means a
// damaged database, not a new state to pass on.

#include "core/Result.h"
#include "core/StrongId.h"
#include "core/store/Timestamp.h"

#include <bit>
#include <cstdint>
#include <optional>

namespace chive::storage {

inline std::int64_t toSql(core::Timestamp time) {
    return time.time_since_epoch().count();
}

inline core::Timestamp timestampFromSql(std::int64_t millis) {
    return core::Timestamp(std::chrono::milliseconds(millis));
}

// Message ids are unsigned on the wire; SQLite integers are signed 64-bit.
inline std::int64_t toSql(core::MessageId id) {
    return std::bit_cast<std::int64_t>(id.value());
}

inline core::MessageId messageIdFromSql(std::int64_t value) {
    return core::MessageId(std::bit_cast<std::uint64_t>(value));
}

template <class Enum>
std::int64_t enumToSql(Enum value) {
    return static_cast<std::int64_t>(value);
}

// `Enum` values must be contiguous from 0 to `last`.
template <class Enum>
std::optional<Enum> enumFromSql(std::int64_t value, Enum last) {
    if (value < 0 || value > static_cast<std::int64_t>(last)) {
        return std::nullopt;
    }
    return static_cast<Enum>(value);
}

inline tl::unexpected<core::Error> damagedRow(const char* table) {
    return core::fail(core::ErrorCode::Corrupt,
                      std::string("the database is damaged (invalid value in ") + table + ")");
}

} // namespace chive::storage
