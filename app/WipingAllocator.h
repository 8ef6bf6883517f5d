#pragma once

// WipingAllocator<T>: std::allocator that zeroes memory (sodium_memzero)
// before giving it back. The headless mode reads passwords as JSON text; with
// this allocator under the line buffer and every string of the parsed JSON,
// no copy of a password is left in freed heap memory, including the buffers
// a string abandons when it grows.
//
// Limits: short strings live inside the std::basic_string object itself
// (small-string optimisation), on the stack or in a JSON node; nodes come
// from this allocator too, so only stack copies escape. Stateless: every
// instance is interchangeable; thread-safe.

#include <sodium.h>

#include <cstddef>
#include <memory>
#include <string>

namespace chive::app {

template <class T>
class WipingAllocator {
public:
    using value_type = T;

    WipingAllocator() noexcept = default;
    template <class U>
    explicit(false) WipingAllocator(const WipingAllocator<U>& /*other*/) noexcept {}

    [[nodiscard]] T* allocate(std::size_t count) { return std::allocator<T>{}.allocate(count); }
    void deallocate(T* pointer, std::size_t count) noexcept {
        sodium_memzero(pointer, count * sizeof(T));
        std::allocator<T>{}.deallocate(pointer, count);
    }

    template <class U>
    bool operator==(const WipingAllocator<U>& /*other*/) const noexcept {
        return true;
    }
};

// Text that may hold a secret (a command line read from stdin).
using WipedString = std::basic_string<char, std::char_traits<char>, WipingAllocator<char>>;

} // namespace chive::app
