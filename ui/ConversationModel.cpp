#include "ui/ConversationModel.h"

#include "ui/MessengerBridge.h"
#include "ui/PlainText.h"

#include <QLocale>

#include <algorithm>
#include <iterator>
#include <utility>

namespace chive::ui {

namespace {

QDateTime localTime(qint64 msSinceEpoch) {
    return QDateTime::fromMSecsSinceEpoch(msSinceEpoch);
}

// displayText() wraps text in U+2068 ... U+2069 so that it cannot reorder
// the window around it; pasted elsewhere that wrapping is only noise.
QString withoutOuterIsolate(const QString& shown) {
    if (shown.size() >= 2 && shown.front() == QChar(0x2068) && shown.back() == QChar(0x2069)) {
        return shown.mid(1, shown.size() - 2);
    }
    return shown;
}

} // namespace

ConversationModel::ConversationModel(core::Messenger& messenger, MessengerBridge& bridge,
                                     QObject* parent)
    : QAbstractListModel(parent)
    , m_messenger(messenger) {
    connect(&bridge, &MessengerBridge::messageReceived, this,
            [this](const core::StoredMessage& message) { onMessage(message, true); });
    connect(&bridge, &MessengerBridge::messageSent, this,
            [this](const core::StoredMessage& message) { onMessage(message, false); });
    connect(&bridge, &MessengerBridge::messageStateChanged, this,
            &ConversationModel::onStateChanged);
    connect(&bridge, &MessengerBridge::contactRemoved, this, [this](core::ContactId contact) {
        if (m_contact == contact) {
            setContact(std::nullopt);
        }
    });
}

QString ConversationModel::deliveryName(core::DeliveryState state) {
    switch (state) {
    case core::DeliveryState::Queued:
        return tr("Queued");
    case core::DeliveryState::Sent:
        return tr("Sent");
    case core::DeliveryState::Delivered:
        return tr("Delivered");
    }
    return {};
}

ConversationModel::Row ConversationModel::makeRow(const core::StoredMessage& message) {
    Row row;
    row.id = message.rowId;
    row.direction = message.direction;
    row.delivery = message.delivery;
    row.storedAtMs = message.storedAt.time_since_epoch().count();
    row.day = localTime(row.storedAtMs).date().toJulianDay();
    row.body = displayText(message.body, TextShape::MultiLine);
    return row;
}

bool ConversationModel::setContact(std::optional<core::ContactId> contact) {
    m_contact = contact;
    m_lastError.clear();
    if (!contact) {
        resetRows({}, true, false);
        return true;
    }
    return loadNewest();
}

bool ConversationModel::loadNewest() {
    if (!m_contact) {
        return false;
    }
    auto page = m_messenger.history(*m_contact, std::nullopt, kPageSize);
    if (!page) {
        m_lastError = QString::fromStdString(page.error().message);
        resetRows({}, true, false);
        return false;
    }
    std::deque<Row> rows;
    for (const auto& message : *page) {
        rows.push_back(makeRow(message));
    }
    resetRows(std::move(rows), page->size() < kPageSize, false);
    return true;
}

bool ConversationModel::showLatest() {
    return loadNewest();
}

void ConversationModel::resetRows(std::deque<Row> rows, bool atOldest, bool detached) {
    beginResetModel();
    m_rows = std::move(rows);
    m_newer.clear();
    m_atOldest = atOldest;
    m_detached = detached;
    endResetModel();
    updateLatest();
}

void ConversationModel::updateLatest() {
    const bool atLatest = !m_detached && m_newer.empty();
    if (m_atLatest != atLatest) {
        m_atLatest = atLatest;
        emit atLatestChanged(atLatest);
    }
}

void ConversationModel::setWindowLimit(int rows) {
    m_windowLimit = std::max(rows, 2 * static_cast<int>(kPageSize));
}

void ConversationModel::dropNewest(int count) {
    if (count <= 0) {
        return;
    }
    const int first = rowCount() - count;
    beginRemoveRows(QModelIndex(), first, rowCount() - 1);
    for (int row = rowCount() - 1; row >= first; --row) {
        m_newer.push_front(m_rows[static_cast<std::size_t>(row)].id);
    }
    m_rows.erase(m_rows.begin() + first, m_rows.end());
    endRemoveRows();
    updateLatest();
}

void ConversationModel::dropOldest(int count) {
    if (count <= 0) {
        return;
    }
    beginRemoveRows(QModelIndex(), 0, count - 1);
    m_rows.erase(m_rows.begin(), m_rows.begin() + count);
    endRemoveRows();
    m_atOldest = false;
    if (!m_rows.empty()) {
        const QModelIndex top = index(0);
        emit dataChanged(top, top, {FirstOfDayRole});
    }
}

int ConversationModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

Qt::ItemFlags ConversationModel::flags(const QModelIndex& index) const {
    if (!index.isValid()) {
        return Qt::NoItemFlags;
    }
    // Editable only so that a view can open the read-only text editor in
    // which part of a message can be selected; setData() changes nothing.
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsEditable;
}

bool ConversationModel::firstOfDay(int row) const {
    if (row == 0) {
        return true; // the top of what is loaded always shows its date
    }
    const auto index = static_cast<std::size_t>(row);
    return m_rows[index].day != m_rows[index - 1].day;
}

QString ConversationModel::accessibleText(const Row& row) {
    const QString time = QLocale().toString(localTime(row.storedAtMs).time(), QLocale::ShortFormat);
    if (row.direction == core::MessageDirection::Incoming) {
        return tr("Received at %1: %2").arg(time, row.body);
    }
    return tr("Sent by you at %1, %2: %3").arg(time, deliveryName(row.delivery), row.body);
}

QVariant ConversationModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() < 0 || index.row() >= rowCount()) {
        return {};
    }
    const Row& row = m_rows[static_cast<std::size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
    case BodyRole:
        return row.body;
    case Qt::AccessibleTextRole:
        return accessibleText(row);
    case DirectionRole:
        return static_cast<int>(row.direction);
    case TimeRole:
        return localTime(row.storedAtMs);
    case DeliveryRole:
        return static_cast<int>(row.delivery);
    case FirstOfDayRole:
        return firstOfDay(index.row());
    case RowIdRole:
        return static_cast<qint64>(row.id.value());
    case CopyTextRole:
        return withoutOuterIsolate(row.body);
    default:
        return {};
    }
}

bool ConversationModel::canFetchMore(const QModelIndex& parent) const {
    return !parent.isValid() && m_contact.has_value() && !m_atOldest && !m_rows.empty();
}

void ConversationModel::fetchMore(const QModelIndex& parent) {
    if (!canFetchMore(parent)) {
        return;
    }
    const core::MessageRowId oldest = m_rows.front().id;
    auto page = m_messenger.history(*m_contact, oldest, kPageSize);
    if (!page) {
        m_lastError = QString::fromStdString(page.error().message);
        return;
    }
    std::vector<Row> older;
    older.reserve(page->size());
    for (const auto& message : *page) {
        if (message.rowId < oldest && (older.empty() || older.back().id < message.rowId)) {
            older.push_back(makeRow(message));
        }
    }
    if (page->size() < kPageSize) {
        m_atOldest = true;
    }
    if (older.empty()) {
        m_atOldest = true;
        return;
    }
    const int count = static_cast<int>(older.size());
    beginInsertRows(QModelIndex(), 0, count - 1);
    m_rows.insert(m_rows.begin(), std::make_move_iterator(older.begin()),
                  std::make_move_iterator(older.end()));
    endInsertRows();
    // The former top row may have lost its day separator.
    const QModelIndex formerTop = index(count);
    emit dataChanged(formerTop, formerTop, {FirstOfDayRole});
    dropNewest(rowCount() - m_windowLimit);
    emit olderRowsInserted(count);
}

int ConversationModel::fetchNewer() {
    if (m_newer.empty() || !m_contact) {
        return 0;
    }
    const std::size_t take = std::min(kPageSize, m_newer.size());
    const core::MessageRowId last = m_newer[take - 1];
    auto page = m_messenger.history(*m_contact, core::MessageRowId(last.value() + 1), kPageSize);
    if (!page) {
        m_lastError = QString::fromStdString(page.error().message);
        return 0;
    }
    m_newer.erase(m_newer.begin(), m_newer.begin() + static_cast<std::ptrdiff_t>(take));
    std::vector<Row> newer;
    for (const auto& message : *page) {
        const bool after = m_rows.empty() || m_rows.back().id < message.rowId;
        if (after && message.rowId <= last && (newer.empty() || newer.back().id < message.rowId)) {
            newer.push_back(makeRow(message));
        }
    }
    const int count = static_cast<int>(newer.size());
    if (count > 0) {
        beginInsertRows(QModelIndex(), rowCount(), rowCount() + count - 1);
        m_rows.insert(m_rows.end(), std::make_move_iterator(newer.begin()),
                      std::make_move_iterator(newer.end()));
        endInsertRows();
        dropOldest(rowCount() - m_windowLimit);
    }
    updateLatest();
    return count;
}

int ConversationModel::rowOf(core::MessageRowId message) const {
    const auto found =
        std::lower_bound(m_rows.begin(), m_rows.end(), message,
                         [](const Row& row, core::MessageRowId id) { return row.id < id; });
    if (found == m_rows.end() || found->id != message) {
        return -1;
    }
    return static_cast<int>(std::distance(m_rows.begin(), found));
}

core::MessageRowId ConversationModel::rowId(int row) const {
    if (row < 0 || row >= rowCount()) {
        return {};
    }
    return m_rows[static_cast<std::size_t>(row)].id;
}

int ConversationModel::showAround(core::MessageRowId message) {
    if (const int row = rowOf(message); row >= 0) {
        return row;
    }
    if (!m_contact) {
        return -1;
    }
    constexpr int kJumpPages = kJumpRowLimit / static_cast<int>(kPageSize);
    for (int page = 0; page < kJumpPages && !m_detached && canFetchMore(QModelIndex()) &&
                       message < m_rows.front().id;
         ++page) {
        const core::MessageRowId oldest = m_rows.front().id;
        fetchMore(QModelIndex());
        if (m_rows.empty() || m_rows.front().id == oldest) {
            break;
        }
    }
    if (const int row = rowOf(message); row >= 0) {
        return row;
    }
    // Too far back to load everything in between: a window that ends at it.
    auto page = m_messenger.history(*m_contact, core::MessageRowId(message.value() + 1), kPageSize);
    if (!page) {
        m_lastError = QString::fromStdString(page.error().message);
        return -1;
    }
    if (page->empty() || page->back().rowId != message) {
        return -1;
    }
    std::deque<Row> rows;
    for (const auto& stored : *page) {
        rows.push_back(makeRow(stored));
    }
    resetRows(std::move(rows), page->size() < kPageSize, true);
    return rowOf(message);
}

void ConversationModel::onMessage(const core::StoredMessage& message, bool incoming) {
    if (!m_contact || message.contact != *m_contact || m_detached) {
        return;
    }
    if (!m_newer.empty()) {
        // The newest rows are not held: remember it for fetchNewer().
        const auto at = std::lower_bound(m_newer.begin(), m_newer.end(), message.rowId);
        if (at == m_newer.end() || *at != message.rowId) {
            m_newer.insert(at, message.rowId);
        }
        return;
    }
    const auto at =
        std::lower_bound(m_rows.begin(), m_rows.end(), message.rowId,
                         [](const Row& row, core::MessageRowId id) { return row.id < id; });
    if (at != m_rows.end() && at->id == message.rowId) {
        return; // already loaded with a page
    }
    if (at == m_rows.begin() && !m_atOldest) {
        return; // older than what is loaded: a later page brings it
    }
    const int row = static_cast<int>(std::distance(m_rows.begin(), at));
    beginInsertRows(QModelIndex(), row, row);
    m_rows.insert(at, makeRow(message));
    endInsertRows();
    if (row + 1 < rowCount()) {
        const QModelIndex next = index(row + 1);
        emit dataChanged(next, next, {FirstOfDayRole});
    }
    emit messageAppended(incoming);
}

void ConversationModel::onStateChanged(core::ContactId contact, core::MessageRowId message,
                                       core::DeliveryState state) {
    if (!m_contact || contact != *m_contact) {
        return;
    }
    const int row = rowOf(message);
    if (row < 0) {
        return;
    }
    Row& stored = m_rows[static_cast<std::size_t>(row)];
    if (state <= stored.delivery) {
        return; // states only move forward
    }
    stored.delivery = state;
    const QModelIndex changed = index(row);
    emit dataChanged(changed, changed, {DeliveryRole, Qt::AccessibleTextRole});
}

core::Status ConversationModel::deleteMessage(core::MessageRowId message) {
    if (auto deleted = m_messenger.deleteMessage(message); !deleted) {
        return deleted;
    }
    if (const auto at = std::lower_bound(m_newer.begin(), m_newer.end(), message);
        at != m_newer.end() && *at == message) {
        m_newer.erase(at);
        updateLatest();
    }
    const int row = rowOf(message);
    if (row >= 0) {
        beginRemoveRows(QModelIndex(), row, row);
        m_rows.erase(m_rows.begin() + row);
        endRemoveRows();
        if (row < rowCount()) {
            const QModelIndex next = index(row);
            emit dataChanged(next, next, {FirstOfDayRole});
        }
    }
    return {};
}

core::Status ConversationModel::deleteConversation() {
    if (!m_contact) {
        return core::fail(core::ErrorCode::NotFound, "no conversation is shown");
    }
    if (auto deleted = m_messenger.deleteConversation(*m_contact); !deleted) {
        return deleted;
    }
    resetRows({}, true, false);
    return {};
}

} // namespace chive::ui
