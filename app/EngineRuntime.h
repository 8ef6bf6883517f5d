#pragma once

// EngineRuntime: the messenger of an unlocked profile: core::Engine on a
// transport::TorTransport over the process's embedded Tor or a system Tor, with the store
// reached through a storage::StorageWorkerExecutor.
//
// Wiring: the transport and Tor report to a core::NetworkEventRelay that
// outlives every runtime (Tor runs for the whole process, runtimes come and
// go with unlock and lock); the engine is attached to the relay once made.
//
// Ownership: owns the executor, the transport and the engine. Destruction
// detaches the relay first (no callback reaches a dying engine), shuts the
// engine down (sessions closed, services withdrawn), then removes what is
// left of the transport's services and client-auth keys from Tor. The
// profile, Tor, the relay and the listener must outlive it. One thread (the
// headless command loop) makes and destroys it.

#include "app/MessengerRuntime.h"
#include "core/engine/Engine.h"
#include "core/engine/EngineOptions.h"
#include "core/engine/MessengerEvents.h"
#include "core/engine/NetworkEventRelay.h"
#include "storage/StorageWorkerExecutor.h"
#include "transport/TorTransport.h"

#include <memory>

namespace chive::app {

class EngineRuntime final : public MessengerRuntime {
public:
    static core::Result<std::unique_ptr<MessengerRuntime>>
    create(storage::Profile& profile, transport::RunningTor& tor, core::NetworkEventRelay& relay,
           core::MessengerListener& listener, core::EngineOptions options = {});

    ~EngineRuntime() override;
    EngineRuntime(const EngineRuntime&) = delete;
    EngineRuntime& operator=(const EngineRuntime&) = delete;
    EngineRuntime(EngineRuntime&&) = delete;
    EngineRuntime& operator=(EngineRuntime&&) = delete;

    core::Messenger& messenger() override { return *m_engine; }

private:
    explicit EngineRuntime(core::NetworkEventRelay& relay);

    core::NetworkEventRelay& m_relay;
    std::unique_ptr<storage::StorageWorkerExecutor> m_executor;
    std::unique_ptr<transport::TorTransport> m_transport;
    std::unique_ptr<core::Engine> m_engine;
};

} // namespace chive::app
