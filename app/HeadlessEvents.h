#pragma once

// HeadlessEvents: turns the engine's and Tor's events into the headless
// mode's "event" lines (doc/headless.md, "Events").
//
// Threads: called on the engine's thread and on Tor's control reader
// thread; it only serialises and queues (OutputChannel::event never blocks),
// so it returns at once and never calls back into the engine. Bootstrap
// progress and background errors also go to stderr (no message text, no
// keys, no links). Does not own the channel, which must outlive it.

#include "app/OutputChannel.h"
#include "core/engine/MessengerEvents.h"
#include "core/net/TorEventListener.h"

#include <mutex>
#include <optional>

namespace chive::app {

class HeadlessEvents final : public core::MessengerListener, public core::TorEventListener {
public:
    explicit HeadlessEvents(OutputChannel& output);

    // The latest bootstrap status seen, from Tor or the engine.
    [[nodiscard]] std::optional<core::BootstrapStatus> bootstrap() const;

    void onBootstrapStatus(const core::BootstrapStatus& status) override;
    void onTorStopped(const std::string& reason) override;

    void onContactChanged(const core::ContactView& contact) override;
    void onContactRemoved(core::ContactId contact) override;
    void onInvitationChanged(const core::InvitationView& invitation) override;
    void onInvitationRemoved(core::InvitationId invitation) override;
    void onMessageReceived(const core::StoredMessage& message) override;
    void onMessageStateChanged(core::ContactId contact, core::MessageRowId message,
                               core::DeliveryState state) override;
    void onError(const core::Error& error) override;

private:
    OutputChannel& m_output;
    mutable std::mutex m_mutex; // guards m_bootstrap
    std::optional<core::BootstrapStatus> m_bootstrap;
};

} // namespace chive::app
