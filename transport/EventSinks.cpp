#include "transport/EventSinks.h"

#include <algorithm>
#include <utility>

namespace chive::transport {

using core::ErrorCode;
using core::fail;

EventSinks::EventSinks(std::set<std::string> alwaysSubscribed, std::chrono::milliseconds timeout)
    : m_always(std::move(alwaysSubscribed))
    , m_timeout(timeout) {}

core::Status EventSinks::subscribe() {
    std::lock_guard subscription(m_subscriptionMutex);
    // SETEVENTS replaces the whole set.
    std::set<std::string> names = m_always;
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
        // fails, the events are still filtered out in dispatch().
        (void)subscribe();
    }
}

void EventSinks::dispatch(std::string_view name, const ControlReply& event) {
    std::lock_guard lock(m_entryMutex);
    for (const auto& entry : m_entries) {
        if (std::ranges::find(entry.eventNames, name) != entry.eventNames.end()) {
            entry.sink->onControlEvent(event);
        }
    }
}

} // namespace chive::transport
