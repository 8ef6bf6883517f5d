#pragma once

// RunningTor: what TorTransport needs of a Tor that runs: its control
// connection, its SOCKS endpoint, where onion-service targets may listen,
// and its asynchronous events. EmbeddedTor (ours, in this process) and
// SystemTor (the system's, reached over its control port) implement it.
//
// Threads: as the implementations say; control(), the accessors and
// add/removeEventSink may be called from any thread except the control
// connection's reader thread.

#include "core/Result.h"
#include "transport/ControlConnection.h"
#include "transport/ControlEventSink.h"
#include "transport/LocalEndpoint.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace chive::transport {

class RunningTor {
public:
    virtual ~RunningTor() = default;

    virtual ControlConnection& control() = 0;
    // Where Tor's SOCKS port is. NotFound while Tor has none open (a Tor
    // with DisableNetwork set opens no listener until it is cleared).
    [[nodiscard]] virtual core::Result<LocalEndpoint> socksEndpoint() = 0;
    // A private directory (0700, ours) for the services' unix sockets, or
    // nullopt when Tor cannot be assumed to reach a socket of ours (another
    // user's Tor, a sandbox): the targets are then TCP ports on 127.0.0.1.
    [[nodiscard]] virtual std::optional<std::filesystem::path> serviceSocketDirectory() const = 0;

    // Subscribes to Tor's events `eventNames` (upper-case control-spec
    // names, e.g. "HS_DESC") in addition to those already subscribed, and
    // delivers each such event to `sink` until removeEventSink(sink). One
    // registration per sink. InvalidArgument for a name that is not
    // [A-Z_]+, AlreadyExists for a sink already registered, or the error of
    // SETEVENTS (the sink is then not registered).
    virtual core::Status addEventSink(ControlEventSink& sink,
                                      const std::vector<std::string>& eventNames) = 0;
    // Unregisters `sink` (best effort: also when Tor has gone). Once it
    // returns, `sink` is not called any more. Must not be called from an
    // event callback.
    virtual void removeEventSink(ControlEventSink& sink) = 0;

protected:
    RunningTor() = default;
    RunningTor(const RunningTor&) = default;
    RunningTor& operator=(const RunningTor&) = default;
    RunningTor(RunningTor&&) = default;
    RunningTor& operator=(RunningTor&&) = default;
};

} // namespace chive::transport
