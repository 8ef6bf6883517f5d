#include "ui/ContactFilterModel.h"

#include "ui/ContactListModel.h"

namespace chive::ui {

ContactFilterModel::ContactFilterModel(QObject* parent)
    : QSortFilterProxyModel(parent) {
    setFilterRole(ContactListModel::FilterTextRole);
    setFilterCaseSensitivity(Qt::CaseInsensitive);
    setSortCaseSensitivity(Qt::CaseInsensitive);
    setDynamicSortFilter(true);
    sort(0, Qt::DescendingOrder);
}

void ContactFilterModel::setFilterText(const QString& text) {
    setFilterFixedString(text.trimmed());
}

// Sorted descending, so "less" means "shown lower": older activity, or on a
// tie an alias later in the alphabet.
bool ContactFilterModel::lessThan(const QModelIndex& left, const QModelIndex& right) const {
    const qint64 a = left.data(ContactListModel::LastActivityRole).toLongLong();
    const qint64 b = right.data(ContactListModel::LastActivityRole).toLongLong();
    if (a != b) {
        return a < b;
    }
    const int byName =
        QString::localeAwareCompare(left.data(ContactListModel::FilterTextRole).toString(),
                                    right.data(ContactListModel::FilterTextRole).toString());
    if (byName != 0) {
        return byName > 0;
    }
    return left.data(ContactListModel::IdRole).toLongLong() >
           right.data(ContactListModel::IdRole).toLongLong();
}

} // namespace chive::ui
