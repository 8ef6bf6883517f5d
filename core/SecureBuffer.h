#pragma once

// SecureBuffer: secret bytes (keys, passwords, session state) in memory from
// sodium_malloc: guarded pages, locked against swapping where the system
// allows, and wiped on destruction. Non-copyable; moving transfers ownership.
// Not thread-safe: one owner at a time.

#include <cstddef>
#include <cstdint>
#include <span>

namespace chive::core {

class SecureBuffer {
public:
    SecureBuffer() = default;
    // Zero-filled buffer of `size` bytes. Aborts if secure memory cannot be
    // had: continuing with secrets in ordinary memory is not an option.
    explicit SecureBuffer(std::size_t size);
    // Copies `bytes` in. The caller remains responsible for wiping its copy.
    static SecureBuffer copyOf(std::span<const std::uint8_t> bytes);
    // Fresh random bytes from libsodium's CSPRNG.
    static SecureBuffer random(std::size_t size);

    ~SecureBuffer();
    SecureBuffer(const SecureBuffer&) = delete;
    SecureBuffer& operator=(const SecureBuffer&) = delete;
    SecureBuffer(SecureBuffer&& other) noexcept;
    SecureBuffer& operator=(SecureBuffer&& other) noexcept;

    [[nodiscard]] std::uint8_t* data() noexcept { return m_data; }
    [[nodiscard]] const std::uint8_t* data() const noexcept { return m_data; }
    [[nodiscard]] std::size_t size() const noexcept { return m_size; }
    [[nodiscard]] bool empty() const noexcept { return m_size == 0; }
    [[nodiscard]] std::span<std::uint8_t> span() noexcept { return {m_data, m_size}; }
    [[nodiscard]] std::span<const std::uint8_t> span() const noexcept { return {m_data, m_size}; }

    // Constant-time comparison.
    [[nodiscard]] bool equals(std::span<const std::uint8_t> other) const noexcept;

private:
    void release() noexcept;

    std::uint8_t* m_data = nullptr;
    std::size_t m_size = 0;
};

} // namespace chive::core
