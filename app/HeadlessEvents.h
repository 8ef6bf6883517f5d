#pragma once

// HeadlessEvents: turns the engine's and Tor's events into the headless
// mode's "event" lines (doc/headless.md, "Events").
//
// Tor takes one listener for the whole process, and the engine (which comes
// and goes with unlock and lock) needs Tor's events too: torListener()
// reports each Tor event here and passes it on to `torForward` (the engine's
// NetworkEventRelay). The engine's own copies of bootstrap events (it passes
// Tor's on, later) are not written: they would repeat or even reorder Tor's.
//
// Threads: called on the engine's thread and on Tor's control reader
// thread; it only serialises and queues (OutputChannel::event never blocks),
// so it returns at once and never calls back into the engine. Bootstrap
// progress and background errors also go to stderr (no message text, no
// keys, no links). Does not own the channel or the forward target, which
// must outlive it.

#include "app/OutputChannel.h"
#include "core/engine/MessengerEvents.h"
#include "core/net/TorEventListener.h"

#include <mutex>
#include <optional>

namespace chive::app {

class HeadlessEvents final : public core::MessengerListener {
public:
    HeadlessEvents(OutputChannel& output, core::TorEventListener& torForward);

    // What to give the embedded Tor as its listener.
    core::TorEventListener& torListener() noexcept { return m_tor; }

    // The latest bootstrap status Tor reported.
    [[nodiscard]] std::optional<core::BootstrapStatus> bootstrap() const;

    void onBootstrapStatus(const core::BootstrapStatus& status) override;
    void onContactChanged(const core::ContactView& contact) override;
    void onContactRemoved(core::ContactId contact) override;
    void onInvitationChanged(const core::InvitationView& invitation) override;
    void onInvitationRemoved(core::InvitationId invitation) override;
    void onMessageReceived(const core::StoredMessage& message) override;
    void onMessageStateChanged(core::ContactId contact, core::MessageRowId message,
                               core::DeliveryState state) override;
    void onError(const core::Error& error) override;

private:
    class TorSide final : public core::TorEventListener {
    public:
        TorSide(HeadlessEvents& events, core::TorEventListener& forward)
            : m_events(events)
            , m_forward(forward) {}
        void onBootstrapStatus(const core::BootstrapStatus& status) override;
        void onTorStopped(const std::string& reason) override;

    private:
        HeadlessEvents& m_events;
        core::TorEventListener& m_forward;
    };

    void reportBootstrap(const core::BootstrapStatus& status);

    OutputChannel& m_output;
    TorSide m_tor;
    mutable std::mutex m_mutex; // guards m_bootstrap
    std::optional<core::BootstrapStatus> m_bootstrap;
};

} // namespace chive::app
