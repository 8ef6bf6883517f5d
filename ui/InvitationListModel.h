#pragma once

// InvitationListModel: our pending invitations (links made, contact not yet
// added), kept current by the engine's events, with the time each has left.
// The time-left text is refreshed once a minute.
//
// Ownership and threads: GUI thread only. Holds references to the messenger
// (valid until the profile is locked; the owner destroys the model first)
// and the bridge. Rows are ordered by expiry, soonest first.

#include "core/Result.h"
#include "core/engine/Messenger.h"
#include "core/engine/MessengerEvents.h"
#include "core/store/Timestamp.h"

#include <QAbstractListModel>
#include <QString>
#include <QTimer>

#include <functional>
#include <vector>

namespace chive::ui {

class MessengerBridge;

class InvitationListModel : public QAbstractListModel {
    Q_OBJECT

public:
    enum Role {
        IdRole = Qt::UserRole + 1, // qint64
        AliasRole,                 // QString, displayText'ed
        PeerLinkEnteredRole,       // bool
        ExpiresAtRole,             // qint64 ms since the epoch
        StatusRole,                // QString: "waiting for their link · 6 days left"
    };
    using Clock = std::function<core::Timestamp()>;

    InvitationListModel(core::Messenger& messenger, MessengerBridge& bridge,
                        QObject* parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    [[nodiscard]] QVariant data(const QModelIndex& index, int role) const override;

    [[nodiscard]] int rowOf(core::InvitationId invitation) const;
    [[nodiscard]] const core::InvitationView& at(int row) const;
    [[nodiscard]] const QString& lastError() const { return m_lastError; }

    // Withdraws the invitation: its link stops working.
    core::Status cancel(core::InvitationId invitation);
    // For tests: the clock the time left is measured against (the wall
    // clock by default).
    void setClock(Clock clock);
    void reload();

signals:
    void errorOccurred(const QString& message);

private:
    struct Row {
        core::InvitationView view;
        QString alias;
    };

    void onInvitationChanged(const core::InvitationView& invitation);
    void onInvitationRemoved(core::InvitationId invitation);
    void insertSorted(Row row);
    void refreshTimes();
    [[nodiscard]] QString status(const Row& row) const;

    core::Messenger& m_messenger;
    std::vector<Row> m_rows;
    Clock m_clock;
    QTimer m_minuteTimer;
    QString m_lastError;
};

} // namespace chive::ui
