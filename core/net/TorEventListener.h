#pragma once

// Events from the embedded Tor, delivered by the transport. Implementations
// are called on the transport's reader thread: they must not block and must
// hand the event to their own thread (the UI posts a queued Qt call).

#include "core/net/BootstrapStatus.h"

#include <string>

namespace chive::core {

class TorEventListener {
public:
    virtual ~TorEventListener() = default;

    virtual void onBootstrapStatus(const BootstrapStatus& status) = 0;
    // Tor has stopped (shut down on request, or failed). `reason` is empty on
    // a requested shutdown.
    virtual void onTorStopped(const std::string& reason) = 0;

protected:
    TorEventListener() = default;
    TorEventListener(const TorEventListener&) = default;
    TorEventListener& operator=(const TorEventListener&) = default;
    TorEventListener(TorEventListener&&) = default;
    TorEventListener& operator=(TorEventListener&&) = default;
};

} // namespace chive::core
