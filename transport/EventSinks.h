#pragma once

// EventSinks: the ControlEventSinks registered on one control connection,
// and the SETEVENTS subscription that is their union plus a fixed set (the
// owner's own events). Shared by EmbeddedTor and SystemTor.
//
// Threads: add/remove/subscribe from any thread but the reader thread;
// dispatch() on the reader thread. Ownership: does not own the connection,
// which must outlive every call after attach().

#include "core/Result.h"
#include "transport/ControlConnection.h"
#include "transport/ControlEventSink.h"

#include <chrono>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace chive::transport {

class EventSinks {
public:
    EventSinks(std::set<std::string> alwaysSubscribed, std::chrono::milliseconds timeout);

    void attach(ControlConnection& control) { m_control = &control; }

    // Sends SETEVENTS for the fixed names and every registered sink's.
    core::Status subscribe();
    // As RunningTor::addEventSink / removeEventSink.
    core::Status add(ControlEventSink& sink, const std::vector<std::string>& eventNames);
    void remove(ControlEventSink& sink);
    // Passes `event` (whose name is `name`) to the sinks registered for it.
    void dispatch(std::string_view name, const ControlReply& event);

private:
    struct Entry {
        ControlEventSink* sink;
        std::vector<std::string> eventNames;
    };

    const std::set<std::string> m_always;
    const std::chrono::milliseconds m_timeout;
    ControlConnection* m_control = nullptr;
    // Held while SETEVENTS is computed and sent, so the last subscription
    // sent is the union of the sinks registered at that time.
    std::mutex m_subscriptionMutex;
    // Guards m_entries; held while events are dispatched, so that remove()
    // waits for a callback under way.
    std::mutex m_entryMutex;
    std::vector<Entry> m_entries;
};

} // namespace chive::transport
