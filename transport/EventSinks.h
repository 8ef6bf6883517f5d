#pragma once

// EventSinks: the ControlEventSinks registered on one control connection,
// and the SETEVENTS subscription that is their union plus STATUS_CLIENT (the
// owner's bootstrap progress). Routes the connection's events: STATUS_CLIENT
// to the owner, the rest to the sinks. Shared by EmbeddedTor and SystemTor.
//
// Threads: add/remove/subscribe from any thread but the reader thread;
// route() on the reader thread. Ownership: does not own the connection,
// which must outlive every call after attach().

#include "core/Result.h"
#include "core/net/BootstrapStatus.h"
#include "transport/ControlConnection.h"
#include "transport/ControlEventSink.h"

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chive::transport {

class EventSinks {
public:
    // `timeout` bounds each SETEVENTS command.
    explicit EventSinks(std::chrono::milliseconds timeout);

    void attach(ControlConnection& control) { m_control = &control; }

    // Sends SETEVENTS for STATUS_CLIENT and every registered sink's names.
    core::Status subscribe();
    // As RunningTor::addEventSink / removeEventSink.
    core::Status add(ControlEventSink& sink, const std::vector<std::string>& eventNames);
    void remove(ControlEventSink& sink);
    // A STATUS_CLIENT event is the owner's: returns the bootstrap progress it
    // reports, if it reports one (malformed ones are dropped). Any other
    // event goes to the sinks registered for its name; returns nullopt.
    std::optional<core::BootstrapStatus> route(const ControlReply& event);

private:
    struct Entry {
        ControlEventSink* sink;
        std::vector<std::string> eventNames;
    };

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
