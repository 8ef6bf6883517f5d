#include "transport/EventSinks.h"

#include "transport/BootstrapParser.h"

#include <algorithm>
#include <set>

namespace chive::transport {

using core::ErrorCode;
using core::fail;

namespace {

// The owner's own event; never passed to a sink.
constexpr std::string_view kStatusClient = "STATUS_CLIENT";

} // namespace

EventSinks::EventSinks(std::chrono::milliseconds timeout)
    : m_timeout(timeout) {}

core::Status EventSinks::subscribe() {
    std::lock_guard subscription(m_subscriptionMutex);
    // SETEVENTS replaces the whole set.
    std::set<std::string> names{std::string(kStatusClient)};
    {
        std::lock_guard entries(m_entryMutex);
        for (const auto& entry : m_entries) {
            names.insert(entry.eventNames.begin(), entry.eventNames.end());
        }
    }
    std::string command = "SETEVENTS";
    for (const auto& name : names) {
        command += ' ';
        command += name;
    }
    if (auto reply = m_control->command(command, m_timeout); !reply) {
        return fail(reply.error());
    }
    return {};
}

core::Status EventSinks::add(ControlEventSink& sink, const std::vector<std::string>& eventNames) {
    for (const auto& name : eventNames) {
        if (name.empty() ||
            !std::ranges::all_of(name, [](char c) { return (c >= 'A' && c <= 'Z') || c == '_'; })) {
            return fail(ErrorCode::InvalidArgument, "not a Tor event name: \"" + name + "\"");
        }
    }
    {
        std::lock_guard lock(m_entryMutex);
        if (std::ranges::any_of(m_entries, [&](const Entry& e) { return e.sink == &sink; })) {
            return fail(ErrorCode::AlreadyExists, "this event sink is already registered");
        }
        m_entries.push_back(Entry{&sink, eventNames});
    }
    if (auto ok = subscribe(); !ok) {
        std::lock_guard lock(m_entryMutex);
        std::erase_if(m_entries, [&](const Entry& e) { return e.sink == &sink; });
        return ok;
    }
    return {};
}

void EventSinks::remove(ControlEventSink& sink) {
    {
        std::lock_guard lock(m_entryMutex);
        std::erase_if(m_entries, [&](const Entry& e) { return e.sink == &sink; });
    }
    if (m_control != nullptr && m_control->isOpen()) {
        // Fewer events for Tor to format and for the reader to parse; if it
        // fails, the events are still filtered out in route().
        (void)subscribe();
    }
}

std::optional<core::BootstrapStatus> EventSinks::route(const ControlReply& event) {
    const std::string_view text = event.firstText();
    const std::string_view name = text.substr(0, text.find(' '));
    if (name == kStatusClient) {
        auto status = parseBootstrapStatus(text);
        if (status && status->has_value()) {
            return **status;
        }
        return std::nullopt;
    }
    std::lock_guard lock(m_entryMutex);
    for (const auto& entry : m_entries) {
        if (std::ranges::find(entry.eventNames, name) != entry.eventNames.end()) {
            entry.sink->onControlEvent(event);
        }
    }
    return std::nullopt;
}

} // namespace chive::transport
