#pragma once

// UniqueFd: sole owner of a POSIX file descriptor (a socket, usually);
// closes it on destruction. Move-only. Not thread-safe: one owner at a time,
// though the descriptor itself may be used from any thread.

#include <utility>

namespace chive::transport {

class UniqueFd {
public:
    UniqueFd() = default;
    explicit UniqueFd(int fd) noexcept
        : m_fd(fd) {}
    ~UniqueFd() { reset(); }
    UniqueFd(const UniqueFd&) = delete;
    UniqueFd& operator=(const UniqueFd&) = delete;
    UniqueFd(UniqueFd&& other) noexcept
        : m_fd(std::exchange(other.m_fd, -1)) {}
    UniqueFd& operator=(UniqueFd&& other) noexcept {
        if (this != &other) {
            reset(std::exchange(other.m_fd, -1));
        }
        return *this;
    }

    [[nodiscard]] int get() const noexcept { return m_fd; }
    [[nodiscard]] bool valid() const noexcept { return m_fd >= 0; }
    explicit operator bool() const noexcept { return valid(); }

    // Gives up ownership without closing.
    [[nodiscard]] int release() noexcept { return std::exchange(m_fd, -1); }
    // Closes the current descriptor, if any, and takes `fd`.
    void reset(int fd = -1) noexcept;

private:
    int m_fd = -1;
};

} // namespace chive::transport
