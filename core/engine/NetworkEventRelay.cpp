#include "core/engine/NetworkEventRelay.h"

#include <mutex>

namespace chive::core {

void NetworkEventRelay::attach(TransportListener& transport, TorEventListener& tor) {
    const std::unique_lock lock(m_mutex);
    m_transport = &transport;
    m_tor = &tor;
    if (m_lastStatus) {
        tor.onBootstrapStatus(*m_lastStatus);
    }
    if (m_stopped) {
        tor.onTorStopped(*m_stopped);
    }
}

void NetworkEventRelay::detach() {
    const std::unique_lock lock(m_mutex);
    m_transport = nullptr;
    m_tor = nullptr;
}

void NetworkEventRelay::onServiceReachable(const Ed25519PublicKey& service) {
    const std::shared_lock lock(m_mutex);
    if (m_transport != nullptr) {
        m_transport->onServiceReachable(service);
    }
}

void NetworkEventRelay::onServiceUploadFailed(const Ed25519PublicKey& service,
                                              const std::string& reason) {
    const std::shared_lock lock(m_mutex);
    if (m_transport != nullptr) {
        m_transport->onServiceUploadFailed(service, reason);
    }
}

void NetworkEventRelay::onInboundStream(const Ed25519PublicKey& service,
                                        std::unique_ptr<ByteStream> stream) {
    const std::shared_lock lock(m_mutex);
    if (m_transport != nullptr) {
        m_transport->onInboundStream(service, std::move(stream));
    }
    // Otherwise the stream is closed as it goes out of scope.
}

void NetworkEventRelay::onBootstrapStatus(const BootstrapStatus& status) {
    // The status is stored under the exclusive lock so that attach() cannot
    // miss an update that arrives while it replays.
    const std::unique_lock lock(m_mutex);
    m_lastStatus = status;
    if (m_tor != nullptr) {
        m_tor->onBootstrapStatus(status);
    }
}

void NetworkEventRelay::onTorStopped(const std::string& reason) {
    const std::unique_lock lock(m_mutex);
    m_stopped = reason;
    if (m_tor != nullptr) {
        m_tor->onTorStopped(reason);
    }
}

} // namespace chive::core
