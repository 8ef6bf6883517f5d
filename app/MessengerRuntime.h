#pragma once

// MessengerRuntime: what unlocking builds on an open profile and the running
// Tor (embedded or the system's): the transport and the engine, owned together so that locking
// drops them together. MessengerFactory makes one; the app's real factory wires core::Engine on
// transport::TorTransport (EngineRuntime), tests may give their own.
//
// Ownership: destroying a runtime stops the engine and withdraws every
// service it published; the profile and Tor it was made on must outlive it.

#include "core/Result.h"
#include "core/engine/Messenger.h"

#include <functional>
#include <memory>

namespace chive::storage {
class Profile;
}

namespace chive::transport {
class RunningTor;
}

namespace chive::app {

class MessengerRuntime {
public:
    virtual ~MessengerRuntime() = default;
    virtual core::Messenger& messenger() = 0;

protected:
    MessengerRuntime() = default;
    MessengerRuntime(const MessengerRuntime&) = default;
    MessengerRuntime& operator=(const MessengerRuntime&) = default;
    MessengerRuntime(MessengerRuntime&&) = default;
    MessengerRuntime& operator=(MessengerRuntime&&) = default;
};

using MessengerFactory = std::function<core::Result<std::unique_ptr<MessengerRuntime>>(
    storage::Profile& profile, transport::RunningTor& tor)>;

} // namespace chive::app
