#include "ui/MessengerBridge.h"

#include <QMetaObject>

#include <utility>

namespace chive::ui {

namespace {

// Runs `emitSignal` on the bridge's own thread, after the caller returned.
template <class F>
void post(MessengerBridge* bridge, F&& emitSignal) {
    QMetaObject::invokeMethod(bridge, std::forward<F>(emitSignal), Qt::QueuedConnection);
}

} // namespace

MessengerBridge::MessengerBridge(QObject* parent)
    : QObject(parent) {}

void MessengerBridge::onBootstrapStatus(const core::BootstrapStatus& status) {
    post(this, [this, status] { emit bootstrapStatus(status); });
}

void MessengerBridge::onContactChanged(const core::ContactView& contact) {
    post(this, [this, contact] { emit contactChanged(contact); });
}

void MessengerBridge::onContactRemoved(core::ContactId contact) {
    post(this, [this, contact] { emit contactRemoved(contact); });
}

void MessengerBridge::onInvitationChanged(const core::InvitationView& invitation) {
    post(this, [this, invitation] { emit invitationChanged(invitation); });
}

void MessengerBridge::onInvitationRemoved(core::InvitationId invitation) {
    post(this, [this, invitation] { emit invitationRemoved(invitation); });
}

void MessengerBridge::onMessageReceived(const core::StoredMessage& message) {
    post(this, [this, message] { emit messageReceived(message); });
}

void MessengerBridge::onMessageStateChanged(core::ContactId contact, core::MessageRowId message,
                                            core::DeliveryState state) {
    post(this,
         [this, contact, message, state] { emit messageStateChanged(contact, message, state); });
}

void MessengerBridge::onError(const core::Error& error) {
    post(this,
         [this, text = QString::fromStdString(error.message)] { emit backgroundError(text); });
}

} // namespace chive::ui
