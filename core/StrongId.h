#pragma once

// StrongId<T, Tag>: a value that cannot be passed where a different kind of
// identifier is expected (a MessageId where a ContactId belongs).

#include <compare>
#include <cstdint>
#include <functional>

namespace chive::core {

template <class T, class Tag>
class StrongId {
public:
    constexpr StrongId() = default;
    constexpr explicit StrongId(T value)
        : m_value(value) {}
    [[nodiscard]] constexpr const T& value() const noexcept { return m_value; }
    constexpr auto operator<=>(const StrongId&) const = default;

private:
    T m_value{};
};

using ContactId = StrongId<std::int64_t, struct ContactIdTag>;
using InvitationId = StrongId<std::int64_t, struct InvitationIdTag>;
// A message's id is unique within its contact (the wire id); MessageRowId is
// the local database row.
using MessageId = StrongId<std::uint64_t, struct MessageIdTag>;
using MessageRowId = StrongId<std::int64_t, struct MessageRowIdTag>;

} // namespace chive::core

template <class T, class Tag>
struct std::hash<chive::core::StrongId<T, Tag>> {
    std::size_t operator()(const chive::core::StrongId<T, Tag>& id) const noexcept {
        return std::hash<T>{}(id.value());
    }
};
