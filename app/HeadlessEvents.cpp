#include "app/HeadlessEvents.h"

#include "app/HeadlessJson.h"

#include <iostream>

namespace chive::app {

namespace {

OutputJson named(const char* name) {
    OutputJson out;
    out["event"] = name;
    return out;
}

} // namespace

HeadlessEvents::HeadlessEvents(OutputChannel& output, core::TorEventListener& torForward)
    : m_output(output)
    , m_tor(*this, torForward) {}

std::optional<core::BootstrapStatus> HeadlessEvents::bootstrap() const {
    const std::lock_guard lock(m_mutex);
    return m_bootstrap;
}

void HeadlessEvents::TorSide::onBootstrapStatus(const core::BootstrapStatus& status) {
    m_events.reportBootstrap(status);
    m_forward.onBootstrapStatus(status);
}

void HeadlessEvents::TorSide::onTorStopped(const std::string& reason) {
    m_forward.onTorStopped(reason);
    if (!reason.empty()) { // else a shutdown we asked for
        m_events.onError({core::ErrorCode::Tor, "Tor stopped: " + reason});
    }
}

void HeadlessEvents::onBootstrapStatus(const core::BootstrapStatus& /*status*/) {
    // The engine passes on what Tor said, later and from its own queue; Tor's
    // own report (TorSide) is already out, so this copy is not written again.
}

void HeadlessEvents::reportBootstrap(const core::BootstrapStatus& status) {
    {
        const std::lock_guard lock(m_mutex);
        if (m_bootstrap == status) {
            return;
        }
        const bool progressed = !m_bootstrap || m_bootstrap->progress != status.progress;
        m_bootstrap = status;
        if (progressed) {
            std::cerr << "chive: Tor bootstrap " << status.progress << '%'
                      << (status.summary.empty() ? "" : " (" + status.summary + ")") << '\n';
        }
    }
    auto out = named("bootstrap");
    out.update(json::bootstrap(status));
    m_output.event(out);
}

void HeadlessEvents::onContactChanged(const core::ContactView& contact) {
    auto out = named("contact");
    out["contact"] = json::contact(contact);
    m_output.event(out);
}

void HeadlessEvents::onContactRemoved(core::ContactId contact) {
    auto out = named("contact_removed");
    out["contact"] = contact.value();
    m_output.event(out);
}

void HeadlessEvents::onInvitationChanged(const core::InvitationView& invitation) {
    auto out = named("invitation");
    out["invitation"] = json::invitation(invitation);
    m_output.event(out);
}

void HeadlessEvents::onInvitationRemoved(core::InvitationId invitation) {
    auto out = named("invitation_removed");
    out["invitation"] = invitation.value();
    m_output.event(out);
}

void HeadlessEvents::onMessageReceived(const core::StoredMessage& message) {
    auto out = named("message");
    out["message"] = json::message(message);
    m_output.event(out);
}

void HeadlessEvents::onMessageStateChanged(core::ContactId contact, core::MessageRowId message,
                                           core::DeliveryState state) {
    auto out = named("message_state");
    out["contact"] = contact.value();
    out["row"] = message.value();
    out["state"] = json::deliveryStateName(state);
    m_output.event(out);
}

void HeadlessEvents::onError(const core::Error& error) {
    std::cerr << "chive: " << core::errorCodeName(error.code) << ": " << error.message << '\n';
    auto out = named("error");
    out["error"] = json::error(error);
    m_output.event(out);
}

} // namespace chive::app
