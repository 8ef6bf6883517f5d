#include "ui/InvitationListModel.h"

#include "ui/ContactTimeText.h"
#include "ui/MessengerBridge.h"
#include "ui/PlainText.h"

#include <algorithm>
#include <chrono>
#include <cstddef>

namespace chive::ui {

InvitationListModel::InvitationListModel(core::Messenger& messenger, MessengerBridge& bridge,
                                         QObject* parent)
    : QAbstractListModel(parent)
    , m_messenger(messenger)
    , m_clock(&core::nowTimestamp) {
    connect(&bridge, &MessengerBridge::invitationChanged, this,
            &InvitationListModel::onInvitationChanged);
    connect(&bridge, &MessengerBridge::invitationRemoved, this,
            &InvitationListModel::onInvitationRemoved);
    m_minuteTimer.setInterval(std::chrono::minutes(1));
    connect(&m_minuteTimer, &QTimer::timeout, this, &InvitationListModel::refreshTimes);
    m_minuteTimer.start();
    reload();
}

void InvitationListModel::reload() {
    auto invitations = m_messenger.invitations();
    beginResetModel();
    m_rows.clear();
    if (invitations) {
        for (auto& view : *invitations) {
            Row row{std::move(view), {}};
            row.alias = displayText(row.view.alias);
            m_rows.push_back(std::move(row));
        }
        std::stable_sort(m_rows.begin(), m_rows.end(), [](const Row& a, const Row& b) {
            return a.view.expiresAt < b.view.expiresAt;
        });
    }
    endResetModel();
    if (!invitations) {
        m_lastError = tr("Could not read the pending invitations: %1")
                          .arg(QString::fromStdString(invitations.error().message));
        emit errorOccurred(m_lastError);
    }
}

int InvitationListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QVariant InvitationListModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() < 0 || index.row() >= rowCount()) {
        return {};
    }
    const Row& row = m_rows[static_cast<std::size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        // The default delegate draws plain text; the alias is already safe.
        return tr("%1 — %2").arg(row.alias, status(row));
    case Qt::AccessibleTextRole:
        return tr("Pending invitation for %1, %2").arg(row.alias, status(row));
    case IdRole:
        return static_cast<qint64>(row.view.id.value());
    case AliasRole:
        return row.alias;
    case PeerLinkEnteredRole:
        return row.view.peerLinkEntered;
    case ExpiresAtRole:
        return static_cast<qint64>(row.view.expiresAt.time_since_epoch().count());
    case StatusRole:
        return status(row);
    default:
        return {};
    }
}

int InvitationListModel::rowOf(core::InvitationId invitation) const {
    const auto found = std::find_if(m_rows.begin(), m_rows.end(),
                                    [&](const Row& row) { return row.view.id == invitation; });
    return found == m_rows.end() ? -1 : static_cast<int>(found - m_rows.begin());
}

const core::InvitationView& InvitationListModel::at(int row) const {
    Q_ASSERT(row >= 0 && row < rowCount());
    return m_rows[static_cast<std::size_t>(row)].view;
}

core::Status InvitationListModel::cancel(core::InvitationId invitation) {
    // The row goes when the engine reports the removal.
    return m_messenger.cancelInvitation(invitation);
}

void InvitationListModel::setClock(Clock clock) {
    m_clock = std::move(clock);
    refreshTimes();
}

void InvitationListModel::onInvitationChanged(const core::InvitationView& invitation) {
    const int index = rowOf(invitation.id);
    if (index >= 0) {
        Row& row = m_rows[static_cast<std::size_t>(index)];
        if (row.view.expiresAt == invitation.expiresAt) {
            if (row.view.alias != invitation.alias) {
                row.alias = displayText(invitation.alias);
            }
            row.view = invitation;
            const QModelIndex changed = this->index(index);
            emit dataChanged(changed, changed);
            return;
        }
        beginRemoveRows(QModelIndex(), index, index);
        m_rows.erase(m_rows.begin() + index);
        endRemoveRows();
    }
    insertSorted(Row{invitation, displayText(invitation.alias)});
}

void InvitationListModel::onInvitationRemoved(core::InvitationId invitation) {
    const int index = rowOf(invitation);
    if (index < 0) {
        return;
    }
    beginRemoveRows(QModelIndex(), index, index);
    m_rows.erase(m_rows.begin() + index);
    endRemoveRows();
}

void InvitationListModel::insertSorted(Row row) {
    const auto at = std::upper_bound(
        m_rows.begin(), m_rows.end(), row.view.expiresAt,
        [](core::Timestamp expiry, const Row& other) { return expiry < other.view.expiresAt; });
    const int position = static_cast<int>(at - m_rows.begin());
    beginInsertRows(QModelIndex(), position, position);
    m_rows.insert(at, std::move(row));
    endInsertRows();
}

void InvitationListModel::refreshTimes() {
    if (!m_rows.empty()) {
        emit dataChanged(index(0), index(rowCount() - 1),
                         {Qt::DisplayRole, Qt::AccessibleTextRole, StatusRole});
    }
}

QString InvitationListModel::status(const Row& row) const {
    const QString left = ContactTimeText::timeLeft(row.view.expiresAt, m_clock());
    return row.view.peerLinkEntered ? tr("connecting · %1").arg(left)
                                    : tr("waiting for their link · %1").arg(left);
}

} // namespace chive::ui
