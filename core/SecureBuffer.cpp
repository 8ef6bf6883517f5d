#include "core/SecureBuffer.h"

#include "core/Sodium.h"

#include <sodium.h>

#include <cstdlib>
#include <cstring>
#include <utility>

namespace chive::core {

SecureBuffer::SecureBuffer(std::size_t size)
    : m_size(size) {
    if (size == 0) {
        return;
    }
    ensureSodium();
    m_data = static_cast<std::uint8_t*>(sodium_malloc(size));
    if (m_data == nullptr) {
        std::abort();
    }
    sodium_memzero(m_data, size);
}

SecureBuffer SecureBuffer::copyOf(std::span<const std::uint8_t> bytes) {
    SecureBuffer buffer(bytes.size());
    if (!bytes.empty()) {
        std::memcpy(buffer.m_data, bytes.data(), bytes.size());
    }
    return buffer;
}

SecureBuffer SecureBuffer::random(std::size_t size) {
    SecureBuffer buffer(size);
    if (size != 0) {
        randombytes_buf(buffer.m_data, size);
    }
    return buffer;
}

SecureBuffer::~SecureBuffer() {
    release();
}

SecureBuffer::SecureBuffer(SecureBuffer&& other) noexcept
    : m_data(std::exchange(other.m_data, nullptr))
    , m_size(std::exchange(other.m_size, 0)) {}

SecureBuffer& SecureBuffer::operator=(SecureBuffer&& other) noexcept {
    if (this != &other) {
        release();
        m_data = std::exchange(other.m_data, nullptr);
        m_size = std::exchange(other.m_size, 0);
    }
    return *this;
}

bool SecureBuffer::equals(std::span<const std::uint8_t> other) const noexcept {
    if (other.size() != m_size) {
        return false;
    }
    if (m_size == 0) {
        return true;
    }
    return sodium_memcmp(m_data, other.data(), m_size) == 0;
}

void SecureBuffer::release() noexcept {
    if (m_data != nullptr) {
        sodium_free(m_data); // wipes before freeing
        m_data = nullptr;
    }
    m_size = 0;
}

} // namespace chive::core
