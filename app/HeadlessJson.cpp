#include "app/HeadlessJson.h"

#include <string>

namespace chive::app::json {

const char* contactStateName(core::ContactState state) noexcept {
    switch (state) {
    case core::ContactState::Pending:
        return "pending";
    case core::ContactState::Connected:
        return "connected";
    case core::ContactState::Blocked:
        return "blocked";
    }
    return "unknown";
}

const char* deliveryStateName(core::DeliveryState state) noexcept {
    switch (state) {
    case core::DeliveryState::Queued:
        return "queued";
    case core::DeliveryState::Sent:
        return "sent";
    case core::DeliveryState::Delivered:
        return "delivered";
    }
    return "unknown";
}

const char* directionName(core::MessageDirection direction) noexcept {
    switch (direction) {
    case core::MessageDirection::Outgoing:
        return "out";
    case core::MessageDirection::Incoming:
        return "in";
    }
    return "unknown";
}

OutputJson timestamp(const core::Timestamp& time) {
    return time.time_since_epoch().count();
}

namespace {

OutputJson optionalTimestamp(const std::optional<core::Timestamp>& time) {
    return time ? timestamp(*time) : OutputJson();
}

} // namespace

OutputJson contact(const core::ContactView& contact) {
    OutputJson out;
    out["id"] = contact.id.value();
    out["alias"] = contact.alias;
    out["state"] = contactStateName(contact.state);
    out["verified"] = contact.verification == core::VerificationState::Verified;
    out["presence"] = core::presenceName(contact.presence);
    out["last_seen"] = optionalTimestamp(contact.lastSeen);
    out["unread"] = contact.unread;
    out["last_activity"] = optionalTimestamp(contact.lastActivity);
    return out;
}

OutputJson invitation(const core::InvitationView& invitation) {
    OutputJson out;
    out["id"] = invitation.id.value();
    out["alias"] = invitation.alias;
    out["link"] = invitation.link;
    out["peer_link_entered"] = invitation.peerLinkEntered;
    out["expires_at"] = timestamp(invitation.expiresAt);
    return out;
}

OutputJson message(const core::StoredMessage& message) {
    OutputJson out;
    out["row"] = message.rowId.value();
    out["contact"] = message.contact.value();
    out["id"] = message.id.value();
    out["direction"] = directionName(message.direction);
    out["text"] = message.body;
    out["sent_at"] = timestamp(message.sentAt);
    out["stored_at"] = timestamp(message.storedAt);
    out["state"] = deliveryStateName(message.delivery);
    return out;
}

OutputJson bootstrap(const core::BootstrapStatus& status) {
    OutputJson out;
    out["progress"] = status.progress;
    out["tag"] = status.tag;
    out["summary"] = status.summary;
    out["warning"] = status.warning ? OutputJson(*status.warning) : OutputJson();
    out["reason"] = status.reason;
    return out;
}

OutputJson error(std::string_view code, std::string_view message) {
    OutputJson out;
    out["code"] = code;
    out["message"] = message;
    return out;
}

OutputJson error(const core::Error& error) {
    return json::error(core::errorCodeName(error.code), error.message);
}

tl::unexpected<OutputJson> failed(const core::Error& error) {
    return tl::unexpected<OutputJson>(json::error(error));
}

tl::unexpected<OutputJson> failed(std::string_view code, std::string_view message) {
    return tl::unexpected<OutputJson>(json::error(code, message));
}

OutputJson okReply(const OutputJson& id) {
    OutputJson out;
    out["id"] = id;
    out["ok"] = true;
    return out;
}

OutputJson errorReply(const OutputJson& id, const OutputJson& error) {
    OutputJson out;
    out["id"] = id;
    out["ok"] = false;
    out["error"] = error;
    return out;
}

} // namespace chive::app::json
