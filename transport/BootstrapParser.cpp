#include "transport/BootstrapParser.h"

#include "transport/ControlArguments.h"

#include <charconv>

namespace chive::transport {

using core::ErrorCode;
using core::fail;

core::Result<std::optional<core::BootstrapStatus>> parseBootstrapStatus(std::string_view text) {
    auto args = ControlArguments::parse(text);
    if (!args) {
        return tl::unexpected(args.error());
    }
    auto words = args->positional();
    if (!words.empty() && words.front() == "STATUS_CLIENT") {
        words.erase(words.begin());
    }
    if (words.size() < 2) {
        return fail(ErrorCode::Malformed, "status event is missing its severity or action");
    }
    const std::string& severity = words[0];
    if (words[1] != "BOOTSTRAP") {
        return std::optional<core::BootstrapStatus>{};
    }
    core::BootstrapStatus status;
    const auto progress = args->value("PROGRESS");
    if (!progress) {
        return fail(ErrorCode::Malformed, "bootstrap event has no PROGRESS");
    }
    const auto* end = progress->data() + progress->size();
    const auto parsed = std::from_chars(progress->data(), end, status.progress);
    if (parsed.ec != std::errc{} || parsed.ptr != end || status.progress < 0 ||
        status.progress > 100) {
        return fail(ErrorCode::Malformed, "bootstrap PROGRESS is not a number from 0 to 100");
    }
    status.tag = args->value("TAG").value_or("");
    status.summary = args->value("SUMMARY").value_or("");
    if (severity == "WARN" || severity == "ERR") {
        status.warning = args->value("WARNING").value_or(status.summary);
        status.reason = args->value("REASON").value_or("");
        if (auto count = args->value("COUNT")) {
            int value = 0;
            const auto* countEnd = count->data() + count->size();
            if (std::from_chars(count->data(), countEnd, value).ec == std::errc{}) {
                status.warningCount = value;
            }
        }
    }
    return std::optional<core::BootstrapStatus>{std::move(status)};
}

} // namespace chive::transport
