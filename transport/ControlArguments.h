#pragma once

// Splits the text of a control-port reply line into positional words and
// KEY=VALUE pairs, where a value may be a quoted string with backslash
// escapes (control-spec 2.1.1). Input is untrusted; errors are Malformed.

#include "core/Result.h"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chive::transport {

class ControlArguments {
public:
    static core::Result<ControlArguments> parse(std::string_view text);

    // Words before (and between) the KEY=VALUE pairs, in order.
    [[nodiscard]] const std::vector<std::string>& positional() const noexcept {
        return m_positional;
    }
    [[nodiscard]] std::optional<std::string> value(std::string_view key) const;

private:
    std::vector<std::string> m_positional;
    std::map<std::string, std::string, std::less<>> m_values;
};

} // namespace chive::transport
