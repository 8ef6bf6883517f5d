#include "app/EngineRuntime.h"

#include "storage/Profile.h"

namespace chive::app {

EngineRuntime::EngineRuntime(core::NetworkEventRelay& relay)
    : m_relay(relay) {}

core::Result<std::unique_ptr<MessengerRuntime>>
EngineRuntime::create(storage::Profile& profile, transport::RunningTor& tor,
                      core::NetworkEventRelay& relay, core::MessengerListener& listener,
                      core::EngineOptions options) {
    std::unique_ptr<EngineRuntime> runtime(new EngineRuntime(relay));
    runtime->m_executor = std::make_unique<storage::StorageWorkerExecutor>(profile.storage());
    auto transport = transport::TorTransport::create(tor, relay);
    if (!transport) {
        return core::fail(transport.error());
    }
    runtime->m_transport = std::move(*transport);
    auto engine = core::Engine::create(*runtime->m_executor, *runtime->m_transport, listener,
                                       std::move(options));
    if (!engine) {
        return core::fail(engine.error());
    }
    runtime->m_engine = std::move(*engine);
    relay.attach(*runtime->m_engine, *runtime->m_engine);
    return std::unique_ptr<MessengerRuntime>(std::move(runtime));
}

EngineRuntime::~EngineRuntime() {
    m_relay.detach();
    if (m_engine) {
        m_engine->shutdown();
    }
    m_engine.reset();
    m_transport.reset();
    m_executor.reset();
}

} // namespace chive::app
