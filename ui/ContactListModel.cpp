#include "ui/ContactListModel.h"

#include "ui/ContactTimeText.h"
#include "ui/MessengerBridge.h"
#include "ui/PlainText.h"

#include <QStringList>

#include <algorithm>
#include <cstddef>
#include <string_view>

namespace chive::ui {

namespace {

qint64 millis(core::Timestamp time) {
    return static_cast<qint64>(time.time_since_epoch().count());
}

// The isolates displayText() wraps around peer text would only get in the
// way of a substring filter.
QString withoutIsolates(const QString& shown) {
    if (shown.size() >= 2 && shown.front() == QChar(0x2068) && shown.back() == QChar(0x2069)) {
        return shown.mid(1, shown.size() - 2);
    }
    return shown;
}

} // namespace

ContactListModel::ContactListModel(core::Messenger& messenger, MessengerBridge& bridge,
                                   QObject* parent)
    : QAbstractListModel(parent)
    , m_messenger(messenger) {
    connect(&bridge, &MessengerBridge::contactChanged, this, &ContactListModel::onContactChanged);
    connect(&bridge, &MessengerBridge::contactRemoved, this, &ContactListModel::onContactRemoved);
    connect(&bridge, &MessengerBridge::messageReceived, this, &ContactListModel::onMessage);
    connect(&bridge, &MessengerBridge::messageSent, this, &ContactListModel::onMessage);
    reload();
}

void ContactListModel::reload() {
    auto contacts = m_messenger.contacts();
    beginResetModel();
    m_rows.clear();
    if (contacts) {
        m_rows.reserve(contacts->size());
        for (auto& view : *contacts) {
            Row row;
            row.alias = displayText(view.alias);
            row.view = std::move(view);
            loadPreview(row);
            m_rows.push_back(std::move(row));
        }
    }
    endResetModel();
    if (!contacts) {
        report(contacts.error());
    }
    updateUnreadTotal();
}

int ContactListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QVariant ContactListModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() < 0 || index.row() >= rowCount()) {
        return {};
    }
    const Row& row = m_rows[static_cast<std::size_t>(index.row())];
    const core::ContactView& view = row.view;
    switch (role) {
    case Qt::DisplayRole:
    case AliasRole:
        return row.alias;
    case FilterTextRole:
        return withoutIsolates(row.alias);
    case IdRole:
        return static_cast<qint64>(view.id.value());
    case PresenceRole:
        return static_cast<int>(view.presence);
    case LastSeenRole:
        return view.lastSeen ? QVariant(millis(*view.lastSeen)) : QVariant();
    case UnreadRole:
        return static_cast<int>(std::min<std::uint32_t>(view.unread, INT32_MAX));
    case PreviewRole:
        return row.preview;
    case LastActivityRole:
        return view.lastActivity ? millis(*view.lastActivity) : qint64{-1};
    case StateRole:
        return static_cast<int>(view.state);
    case VerifiedRole:
        return view.verification == core::VerificationState::Verified;
    case Qt::AccessibleTextRole:
        return describe(row);
    default:
        return {};
    }
}

QHash<int, QByteArray> ContactListModel::roleNames() const {
    auto names = QAbstractListModel::roleNames();
    names.insert(IdRole, "contactId");
    names.insert(AliasRole, "alias");
    names.insert(PresenceRole, "presence");
    names.insert(LastSeenRole, "lastSeen");
    names.insert(UnreadRole, "unread");
    names.insert(PreviewRole, "preview");
    names.insert(LastActivityRole, "lastActivity");
    names.insert(StateRole, "state");
    names.insert(VerifiedRole, "verified");
    return names;
}

int ContactListModel::rowOf(core::ContactId contact) const {
    const auto found = std::find_if(m_rows.begin(), m_rows.end(),
                                    [&](const Row& row) { return row.view.id == contact; });
    return found == m_rows.end() ? -1 : static_cast<int>(found - m_rows.begin());
}

core::ContactId ContactListModel::idAt(int row) const {
    Q_ASSERT(row >= 0 && row < rowCount());
    return m_rows[static_cast<std::size_t>(row)].view.id;
}

const core::ContactView* ContactListModel::find(core::ContactId contact) const {
    const int row = rowOf(contact);
    return row < 0 ? nullptr : &m_rows[static_cast<std::size_t>(row)].view;
}

void ContactListModel::onContactChanged(const core::ContactView& contact) {
    const int index = rowOf(contact.id);
    if (index < 0) {
        Row row;
        row.alias = displayText(contact.alias);
        row.view = contact;
        loadPreview(row);
        const int at = rowCount();
        beginInsertRows(QModelIndex(), at, at);
        m_rows.push_back(std::move(row));
        endInsertRows();
    } else {
        Row& row = m_rows[static_cast<std::size_t>(index)];
        const bool renamed = row.view.alias != contact.alias;
        const bool activityMoved = row.view.lastActivity != contact.lastActivity;
        row.view = contact;
        if (renamed) {
            row.alias = displayText(contact.alias);
        }
        // A new message arrives as its own event; an activity that moved
        // without one (a message or the conversation deleted) means the
        // preview is stale.
        if (activityMoved && row.previewAt != contact.lastActivity) {
            loadPreview(row);
        }
        const QModelIndex changed = this->index(index);
        emit dataChanged(changed, changed);
    }
    updateUnreadTotal();
}

void ContactListModel::onContactRemoved(core::ContactId contact) {
    const int index = rowOf(contact);
    if (index < 0) {
        return;
    }
    beginRemoveRows(QModelIndex(), index, index);
    m_rows.erase(m_rows.begin() + index);
    endRemoveRows();
    updateUnreadTotal();
}

void ContactListModel::onMessage(const core::StoredMessage& message) {
    const int index = rowOf(message.contact);
    if (index < 0) {
        return;
    }
    Row& row = m_rows[static_cast<std::size_t>(index)];
    if (row.previewAt && message.storedAt < *row.previewAt) {
        return; // an older message than the one shown
    }
    setPreview(row, message);
    const QModelIndex changed = this->index(index);
    emit dataChanged(changed, changed, {PreviewRole, Qt::AccessibleTextRole});
}

void ContactListModel::loadPreview(Row& row) {
    auto newest = m_messenger.history(row.view.id, std::nullopt, 1);
    if (!newest) {
        report(newest.error());
        return;
    }
    if (newest->empty()) {
        row.preview.clear();
        row.previewAt.reset();
        return;
    }
    setPreview(row, newest->back());
}

void ContactListModel::setPreview(Row& row, const core::StoredMessage& message) {
    // Only the start of a long message is converted: a preview line never
    // shows more, and a character cut in half becomes U+FFFD, then cut off.
    constexpr std::size_t kBytes = std::size_t{kPreviewLength} * 4;
    const std::string_view body(message.body);
    QString text =
        QString::fromUtf8(body.data(), static_cast<qsizetype>(std::min(body.size(), kBytes)));
    if (text.size() > kPreviewLength) {
        text.truncate(kPreviewLength);
        if (text.back().isHighSurrogate()) {
            text.chop(1);
        }
        text += QChar(0x2026);
    }
    const QString shown = displayText(text, TextShape::SingleLine);
    row.preview =
        message.direction == core::MessageDirection::Outgoing ? tr("You: %1").arg(shown) : shown;
    row.previewAt = message.storedAt;
}

QString ContactListModel::describe(const Row& row) {
    const core::ContactView& view = row.view;
    QStringList parts{withoutIsolates(row.alias)};
    if (view.state == core::ContactState::Pending) {
        parts << tr("pending");
    } else {
        parts << ContactTimeText::presence(view.presence, view.lastSeen, core::nowTimestamp());
    }
    if (view.verification == core::VerificationState::Verified) {
        parts << tr("verified");
    }
    if (view.unread == 1) {
        parts << tr("1 unread message");
    } else if (view.unread > 1) {
        parts << tr("%n unread messages", nullptr,
                    static_cast<int>(std::min<std::uint32_t>(view.unread, INT32_MAX)));
    }
    if (!row.preview.isEmpty()) {
        parts << tr("last message: %1").arg(row.preview);
    }
    return parts.join(QStringLiteral(", "));
}

void ContactListModel::updateUnreadTotal() {
    std::uint64_t total = 0;
    for (const Row& row : m_rows) {
        total += row.view.unread;
    }
    const int clamped = static_cast<int>(std::min<std::uint64_t>(total, INT32_MAX));
    if (clamped != m_unreadTotal) {
        m_unreadTotal = clamped;
        emit unreadTotalChanged(clamped);
    }
}

void ContactListModel::report(const core::Error& error) {
    m_lastError = tr("Could not read the contacts: %1").arg(QString::fromStdString(error.message));
    emit errorOccurred(m_lastError);
}

} // namespace chive::ui
