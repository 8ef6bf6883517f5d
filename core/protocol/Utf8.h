#pragma once

// UTF-8 validation for text from peers (RFC 3629): shortest forms only, no
// surrogates (U+D800-U+DFFF), nothing above U+10FFFF. Pure function;
// thread-safe.

#include <cstddef>
#include <optional>
#include <string_view>

namespace chive::core {

// The offset of the first byte that does not start a valid UTF-8 sequence,
// or std::nullopt if all of `text` is valid.
[[nodiscard]] std::optional<std::size_t> findInvalidUtf8(std::string_view text) noexcept;

} // namespace chive::core
