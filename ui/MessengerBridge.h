#pragma once

// MessengerBridge: carries the engine's events to the GUI thread.
//
// Threads: the core::MessengerListener methods are called on the engine's
// thread; each copies its values into a queued call to this object's thread
// (the GUI thread), where the matching signal is emitted. Models and views
// connect to the signals directly and never see another thread. A bridge
// destroyed with calls still queued drops them (Qt discards queued functor
// calls whose context object is gone).
//
// Ownership: must outlive the engine it listens to (make it before the
// engine, destroy it after locking).

#include "core/engine/MessengerEvents.h"

#include <QObject>
#include <QString>

namespace chive::ui {

class MessengerBridge : public QObject, public core::MessengerListener {
    Q_OBJECT

public:
    explicit MessengerBridge(QObject* parent = nullptr);

    // core::MessengerListener (engine thread)
    void onBootstrapStatus(const core::BootstrapStatus& status) override;
    void onContactChanged(const core::ContactView& contact) override;
    void onContactRemoved(core::ContactId contact) override;
    void onInvitationChanged(const core::InvitationView& invitation) override;
    void onInvitationRemoved(core::InvitationId invitation) override;
    void onMessageReceived(const core::StoredMessage& message) override;
    void onMessageStateChanged(core::ContactId contact, core::MessageRowId message,
                               core::DeliveryState state) override;
    void onError(const core::Error& error) override;

signals:
    // GUI thread only.
    void bootstrapStatus(const chive::core::BootstrapStatus& status);
    void contactChanged(const chive::core::ContactView& contact);
    void contactRemoved(chive::core::ContactId contact);
    void invitationChanged(const chive::core::InvitationView& invitation);
    void invitationRemoved(chive::core::InvitationId invitation);
    void messageReceived(const chive::core::StoredMessage& message);
    void messageStateChanged(chive::core::ContactId contact, chive::core::MessageRowId message,
                             chive::core::DeliveryState state);
    // A background failure, in words for a person (no secrets in it).
    void backgroundError(const QString& message);
    // Emitted by the GUI after it sent a message itself (sendMessage returns
    // it; the engine reports only state changes), so that every view of the
    // conversation shows it.
    void messageSent(const chive::core::StoredMessage& message);
};

} // namespace chive::ui
