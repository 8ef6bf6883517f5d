#pragma once

// NetworkEventRelay: breaks the construction cycle between the engine and
// the network. The transport and the embedded Tor need their listeners when
// they are made, and the engine needs the transport when it is made; so the
// app gives them this relay, makes the engine, and attaches it here.
//
// Until a target is attached (and after it is detached) inbound streams are
// closed and service events dropped. The newest bootstrap status and a Tor
// stop are remembered and replayed to a target when it is attached, so an
// engine made after Tor finished bootstrapping still learns that it did.
//
// Ownership: does not own the targets. detach() returns only when no
// callback is running into the old targets, so they may then be destroyed;
// the relay itself must outlive the transport and Tor.
//
// Threads: callbacks arrive on the transport's and Tor's threads and are
// forwarded on them (the targets only post to their own threads). attach()
// and detach() from any other thread.

#include "core/net/BootstrapStatus.h"
#include "core/net/TorEventListener.h"
#include "core/net/Transport.h"

#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>

namespace chive::core {

class NetworkEventRelay final : public TransportListener, public TorEventListener {
public:
    NetworkEventRelay() = default;

    // Replays the remembered Tor state to `tor` before returning.
    void attach(TransportListener& transport, TorEventListener& tor);
    void detach();

    void onServiceReachable(const Ed25519PublicKey& service) override;
    void onServiceUploadFailed(const Ed25519PublicKey& service, const std::string& reason) override;
    void onInboundStream(const Ed25519PublicKey& service,
                         std::unique_ptr<ByteStream> stream) override;
    void onBootstrapStatus(const BootstrapStatus& status) override;
    void onTorStopped(const std::string& reason) override;

private:
    std::shared_mutex m_mutex; // shared while forwarding, exclusive to (de)attach
    TransportListener* m_transport = nullptr;
    TorEventListener* m_tor = nullptr;
    std::optional<BootstrapStatus> m_lastStatus;
    std::optional<std::string> m_stopped;
};

} // namespace chive::core
