#pragma once

// ControlEventSink: receives asynchronous events from the embedded Tor's
// control connection, for the event names it was registered for (see
// EmbeddedTor::addEventSink). Implemented by transport components that need
// more of Tor than bootstrap progress (TorTransport's HS_DESC events).
//
// Threads: called on the control connection's reader thread. An
// implementation must return quickly, must not send control commands (their
// replies can only be read by the thread it is blocking) and must not add or
// remove sinks. The event text comes from Tor: parse it as hostile input.

#include "transport/ControlReply.h"

namespace chive::transport {

class ControlEventSink {
public:
    virtual ~ControlEventSink() = default;

    virtual void onControlEvent(const ControlReply& event) = 0;

protected:
    ControlEventSink() = default;
    ControlEventSink(const ControlEventSink&) = default;
    ControlEventSink& operator=(const ControlEventSink&) = default;
    ControlEventSink(ControlEventSink&&) = default;
    ControlEventSink& operator=(ControlEventSink&&) = default;
};

} // namespace chive::transport
