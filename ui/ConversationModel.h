#pragma once

// ConversationModel: one contact's conversation as a list model, oldest
// message first, loaded a page at a time through core::Messenger::history.
//
// It opens with the newest page (kPageSize rows). fetchMore() prepends the
// next older page; the view decides when (ConversationView asks when its
// scroll bar nears the top, since rows are oldest first and Qt's own
// automatic fetching happens at the bottom). New messages (bridge
// messageReceived / messageSent) are appended in row-id order, state changes
// (messageStateChanged) find their row by binary search on the row id (rows
// stay sorted by row id), and deleteMessage()/clear() remove rows.
//
// Memory and layout time stay bounded however far back the person scrolls:
// at most windowLimit() rows are held. Loading older rows past that drops the
// newest ones, keeping only their row ids (8 bytes each) so that
// fetchNewer() can bring them back a page at a time as the person scrolls
// down again (history(before = the newest id of that page + 1) returns
// exactly that page). While newest rows are dropped, atLatest() is false and
// new messages only add their id to that list. showAround() may also move
// the model to a window that ends at an older message (a search result far
// back); it is then detached (atLatest() false, no newer ids known) until
// showLatest() returns to the newest page.
//
// Threads: GUI thread only; every Messenger call blocks for a store round
// trip (milliseconds). Ownership: keeps references to the messenger and the
// bridge, which must outlive it.

#include "core/engine/Messenger.h"

#include <QAbstractListModel>
#include <QDateTime>
#include <QString>

#include <cstddef>
#include <deque>
#include <optional>

namespace chive::ui {

class MessengerBridge;

class ConversationModel : public QAbstractListModel {
    Q_OBJECT

public:
    static constexpr std::size_t kPageSize = 50;
    static constexpr int kDefaultWindowLimit = 2000;
    // showAround() loads pages back until the message is found or this many
    // rows are held; past that it opens a window at the message instead.
    static constexpr int kJumpRowLimit = 5000;

    enum Role {
        BodyRole = Qt::UserRole + 1, // QString, displayText(MultiLine): plain text only
        DirectionRole,               // int, core::MessageDirection
        TimeRole,                    // QDateTime (local), when this row was stored
        DeliveryRole,                // int, core::DeliveryState
        FirstOfDayRole,              // bool: a day separator goes above this row
        RowIdRole,                   // qint64, core::MessageRowId
        CopyTextRole, // QString: BodyRole without its outer isolate, for the clipboard
    };

    ConversationModel(core::Messenger& messenger, MessengerBridge& bridge,
                      QObject* parent = nullptr);

    // Shows `contact`'s newest page, or nothing. Returns false (and shows
    // nothing) when the history cannot be read; lastError() says why.
    bool setContact(std::optional<core::ContactId> contact);
    [[nodiscard]] std::optional<core::ContactId> contact() const { return m_contact; }

    [[nodiscard]] int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    [[nodiscard]] QVariant data(const QModelIndex& index, int role) const override;
    [[nodiscard]] Qt::ItemFlags flags(const QModelIndex& index) const override;
    [[nodiscard]] bool canFetchMore(const QModelIndex& parent) const override;
    // Prepends the next older page (and drops the newest rows past the
    // window limit).
    void fetchMore(const QModelIndex& parent) override;
    // Whether newer rows were dropped and can be loaded again.
    [[nodiscard]] bool canFetchNewer() const { return !m_newer.empty(); }
    // Appends the next newer page of dropped rows (and drops the oldest rows
    // past the window limit). Returns the number of rows appended.
    int fetchNewer();
    // At least 2 pages; takes effect at the next page loaded.
    void setWindowLimit(int rows);
    [[nodiscard]] int windowLimit() const { return m_windowLimit; }

    // The row showing `message`, or -1 when it is not loaded.
    [[nodiscard]] int rowOf(core::MessageRowId message) const;
    [[nodiscard]] core::MessageRowId rowId(int row) const;
    // Makes `message` a loaded row (see the class comment) and returns it,
    // or -1 when it does not belong to this conversation any more.
    int showAround(core::MessageRowId message);
    [[nodiscard]] bool atLatest() const { return m_atLatest; }
    // Back to the newest page after showAround() detached the model.
    bool showLatest();

    // Deletes the message from the profile and removes its row.
    core::Status deleteMessage(core::MessageRowId message);
    // Deletes the whole conversation from the profile and empties the model.
    core::Status deleteConversation();

    [[nodiscard]] QString lastError() const { return m_lastError; }

    // "Queued", "Sent", "Delivered", for tooltips and accessible text.
    [[nodiscard]] static QString deliveryName(core::DeliveryState state);

signals:
    // Rows were prepended by fetchMore() (views keep their scroll position).
    void olderRowsInserted(int count);
    // A message for this conversation was appended at the end.
    void messageAppended(bool incoming);
    void atLatestChanged(bool atLatest);

private:
    struct Row {
        core::MessageRowId id;
        core::MessageDirection direction = core::MessageDirection::Outgoing;
        core::DeliveryState delivery = core::DeliveryState::Queued;
        qint64 storedAtMs = 0;
        // The local calendar day (Julian day number), worked out once: local
        // time conversions read the time zone (a stat() of /etc/localtime),
        // far too slow to repeat for every row of every layout pass.
        qint64 day = 0;
        QString body; // displayText(MultiLine) of the stored body
    };

    static Row makeRow(const core::StoredMessage& message);
    void resetRows(std::deque<Row> rows, bool atOldest, bool detached);
    void dropNewest(int count);
    void dropOldest(int count);
    void updateLatest();
    bool loadNewest();
    void onMessage(const core::StoredMessage& message, bool incoming);
    void onStateChanged(core::ContactId contact, core::MessageRowId message,
                        core::DeliveryState state);
    [[nodiscard]] bool firstOfDay(int row) const;
    [[nodiscard]] static QString accessibleText(const Row& row);

    core::Messenger& m_messenger;
    std::optional<core::ContactId> m_contact;
    // Sorted by row id, oldest first.
    std::deque<Row> m_rows;
    // Row ids of dropped newer messages, oldest first, all newer than m_rows.
    std::deque<core::MessageRowId> m_newer;
    bool m_atOldest = true;
    bool m_detached = false; // a showAround() window: newer ids unknown
    bool m_atLatest = true;  // !m_detached && m_newer.empty()
    int m_windowLimit = kDefaultWindowLimit;
    QString m_lastError;
};

} // namespace chive::ui
