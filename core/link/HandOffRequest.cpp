#include "core/link/HandOffRequest.h"

#include <algorithm>

namespace chive::core {
namespace {

constexpr std::string_view kMagic = "chive-handoff";
constexpr std::string_view kRaise = "raise";
constexpr std::string_view kLink = "link";
// Longer version numbers are not a newer version but garbage.
constexpr std::size_t kMaxVersionDigits = 9;

Status checkLink(std::string_view link) {
    if (link.size() > HandOffRequest::kMaxLinkBytes) {
        return fail(ErrorCode::TooLarge, "the link is too long");
    }
    if (link.empty()) {
        return fail(ErrorCode::Malformed, "the link is empty");
    }
    const bool printable = std::all_of(link.begin(), link.end(), [](char byte) {
        const auto value = static_cast<unsigned char>(byte);
        return value >= 0x20 && value <= 0x7e;
    });
    if (!printable) {
        return fail(ErrorCode::Malformed, "the link has characters that a chive: link never has");
    }
    return {};
}

} // namespace

Result<HandOffRequest> HandOffRequest::withLink(std::string_view link) {
    if (auto checked = checkLink(link); !checked) {
        return fail(checked.error());
    }
    return HandOffRequest(std::string(link));
}

Result<HandOffRequest> HandOffRequest::parse(std::string_view line) {
    if (line.size() >= kMaxLineBytes) {
        return fail(ErrorCode::TooLarge, "the request is too long");
    }
    // "<magic> <version> <verb>[ <link>]": split at the first two spaces
    // only, so that nothing in the link is interpreted.
    const auto first = line.find(' ');
    if (first == std::string_view::npos || line.substr(0, first) != kMagic) {
        return fail(ErrorCode::Malformed, "not a hand-off request");
    }
    const std::string_view rest = line.substr(first + 1);
    const auto second = rest.find(' ');
    if (second == std::string_view::npos) {
        return fail(ErrorCode::Malformed, "the request has no verb");
    }
    const std::string_view version = rest.substr(0, second);
    if (version != "1") {
        const bool digits = !version.empty() && version.size() <= kMaxVersionDigits &&
                            std::all_of(version.begin(), version.end(),
                                        [](char c) { return c >= '0' && c <= '9'; });
        if (digits) {
            return fail(ErrorCode::UnsupportedVersion,
                        "the request is of a newer hand-off version");
        }
        return fail(ErrorCode::Malformed, "the request's version is not a number");
    }
    const std::string_view command = rest.substr(second + 1);
    if (command == kRaise) {
        return raise();
    }
    if (command.size() > kLink.size() && command.starts_with(kLink) &&
        command[kLink.size()] == ' ') {
        const std::string_view link = command.substr(kLink.size() + 1);
        if (auto checked = checkLink(link); !checked) {
            return fail(ErrorCode::Malformed, checked.error().message);
        }
        return HandOffRequest(std::string(link));
    }
    return fail(ErrorCode::Malformed, "unknown hand-off verb");
}

std::string HandOffRequest::encode() const {
    std::string line(kMagic);
    line += ' ';
    line += std::to_string(kVersion);
    line += ' ';
    if (m_link) {
        line += kLink;
        line += ' ';
        line += *m_link;
    } else {
        line += kRaise;
    }
    line += '\n';
    return line;
}

} // namespace chive::core
