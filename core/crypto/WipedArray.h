#pragma once

// WipedArray<N>: a fixed-size byte array for short-lived secrets on the
// stack (a DH output, HKDF's temp_key, a rekeyed key before it is copied into
// a SecureBuffer), wiped with sodium_memzero when it goes out of scope.
// Anything that outlives one function call belongs in a SecureBuffer instead.
// Not copyable or movable: a copy would be a second, unwiped secret.

#include <sodium.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace chive::core {

template <std::size_t N>
class WipedArray {
public:
    WipedArray() = default;
    ~WipedArray() { sodium_memzero(m_bytes.data(), m_bytes.size()); }
    WipedArray(const WipedArray&) = delete;
    WipedArray& operator=(const WipedArray&) = delete;
    WipedArray(WipedArray&&) = delete;
    WipedArray& operator=(WipedArray&&) = delete;

    [[nodiscard]] std::uint8_t* data() noexcept { return m_bytes.data(); }
    [[nodiscard]] static constexpr std::size_t size() noexcept { return N; }
    [[nodiscard]] std::span<std::uint8_t, N> span() noexcept { return m_bytes; }
    [[nodiscard]] std::span<const std::uint8_t, N> span() const noexcept { return m_bytes; }
    [[nodiscard]] std::span<std::uint8_t> first(std::size_t count) noexcept {
        return std::span(m_bytes).first(count);
    }
    std::uint8_t& operator[](std::size_t index) noexcept { return m_bytes[index]; }

private:
    std::array<std::uint8_t, N> m_bytes{};
};

} // namespace chive::core
