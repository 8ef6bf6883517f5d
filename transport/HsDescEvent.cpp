#include "transport/HsDescEvent.h"

#include "transport/ControlArguments.h"

#include <algorithm>
#include <array>
#include <utility>

namespace chive::transport {

using core::ErrorCode;
using core::fail;

namespace {

constexpr std::string_view kEventName = "HS_DESC";
constexpr std::string_view kUnknown = "UNKNOWN";

constexpr std::array<std::pair<std::string_view, HsDescEvent::Action>, 7> kActions = {{
    {"REQUESTED", HsDescEvent::Action::Requested},
    {"UPLOAD", HsDescEvent::Action::Upload},
    {"RECEIVED", HsDescEvent::Action::Received},
    {"UPLOADED", HsDescEvent::Action::Uploaded},
    {"IGNORE", HsDescEvent::Action::Ignore},
    {"FAILED", HsDescEvent::Action::Failed},
    {"CREATED", HsDescEvent::Action::Created},
}};

bool isPrintableWord(std::string_view word) {
    return std::ranges::all_of(word, [](char c) { return c > ' ' && c < 0x7F; });
}

bool isReasonText(std::string_view word) {
    return std::ranges::all_of(
        word, [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'; });
}

} // namespace

core::Result<HsDescEvent> HsDescEvent::parse(std::string_view text) {
    auto args = ControlArguments::parse(text);
    if (!args) {
        return fail(args.error());
    }
    const auto& words = args->positional();
    // HS_DESC, action, address, auth type, HSDir; a descriptor id may follow.
    if (words.size() < 5 || words[0] != kEventName) {
        return fail(ErrorCode::Malformed, "not an HS_DESC event with its five fields");
    }
    HsDescEvent event;
    const auto* const known =
        std::ranges::find(kActions, words[1], [](const auto& a) { return a.first; });
    event.m_action = known == kActions.end() ? Action::Other : known->second;

    if (words[2] != kUnknown) {
        if (words[2].size() != OnionAddress::kServiceIdLength) {
            return fail(ErrorCode::Malformed, "HS_DESC event names no v3 onion service");
        }
        auto address = OnionAddress::parse(words[2]);
        if (!address) {
            return fail(ErrorCode::Malformed,
                        "HS_DESC event has a bad onion address: " + address.error().message);
        }
        event.m_address = *address;
    }

    if (words[4].size() > kMaxHsDirLength || !isPrintableWord(words[4])) {
        return fail(ErrorCode::Malformed, "HS_DESC event has an implausible HSDir name");
    }
    event.m_hsDir = words[4];

    if (auto reason = args->value("REASON")) {
        if (reason->empty() || reason->size() > kMaxReasonLength || !isReasonText(*reason)) {
            return fail(ErrorCode::Malformed, "HS_DESC event has an implausible REASON");
        }
        event.m_reason = std::move(*reason);
    }
    return event;
}

} // namespace chive::transport
