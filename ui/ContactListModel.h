#pragma once

// ContactListModel: the profile's contacts as a Qt list model, kept current
// by the engine's events (MessengerBridge): alias, presence, last seen,
// unread count, a one-line preview of the newest message, last activity,
// state and verification. Every peer- or link-derived string is made safe
// with displayText() before it is stored here.
//
// Ownership and threads: GUI thread only. Holds references to the messenger
// (valid until the profile is locked: the owner destroys the model before
// that) and the bridge. It reads the store through the messenger at load
// and when a contact's newest message changes in a way the events do not
// carry (a message deleted): one history(contact, 1) round trip each.
//
// Order: rows in the order the contacts became known; ContactFilterModel
// sorts and filters them for views.

#include "core/Result.h"
#include "core/engine/Messenger.h"
#include "core/engine/MessengerEvents.h"

#include <QAbstractListModel>
#include <QString>

#include <optional>
#include <vector>

namespace chive::ui {

class MessengerBridge;

class ContactListModel : public QAbstractListModel {
    Q_OBJECT

public:
    enum Role {
        IdRole = Qt::UserRole + 1, // qint64
        AliasRole,                 // QString, displayText'ed (with isolates)
        FilterTextRole,            // QString, the alias without the isolates
        PresenceRole,              // int (core::Presence)
        LastSeenRole,              // qint64 ms since the epoch, or invalid
        UnreadRole,                // int
        PreviewRole,               // QString, one line, displayText'ed, may be empty
        LastActivityRole,          // qint64 ms since the epoch, -1 if none
        StateRole,                 // int (core::ContactState)
        VerifiedRole,              // bool
    };
    // Previews keep this many characters of the newest message.
    static constexpr int kPreviewLength = 120;

    ContactListModel(core::Messenger& messenger, MessengerBridge& bridge,
                     QObject* parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    [[nodiscard]] QVariant data(const QModelIndex& index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    // The row of `contact`, or -1.
    [[nodiscard]] int rowOf(core::ContactId contact) const;
    [[nodiscard]] core::ContactId idAt(int row) const;
    [[nodiscard]] const core::ContactView* find(core::ContactId contact) const;
    [[nodiscard]] int unreadTotal() const { return m_unreadTotal; }
    // Set when loading or refreshing a preview failed (in words for a
    // person); empty otherwise.
    [[nodiscard]] const QString& lastError() const { return m_lastError; }

    // Reads every contact and its newest message again.
    void reload();

signals:
    void unreadTotalChanged(int total);
    void errorOccurred(const QString& message);

private:
    struct Row {
        core::ContactView view;
        QString alias;
        QString preview;
        std::optional<core::Timestamp> previewAt;
    };

    void onContactChanged(const core::ContactView& contact);
    void onContactRemoved(core::ContactId contact);
    void onMessage(const core::StoredMessage& message);
    void loadPreview(Row& row);
    static void setPreview(Row& row, const core::StoredMessage& message);
    void updateUnreadTotal();
    [[nodiscard]] static QString describe(const Row& row);
    void report(const core::Error& error);

    core::Messenger& m_messenger;
    std::vector<Row> m_rows;
    int m_unreadTotal = 0;
    QString m_lastError;
};

} // namespace chive::ui
