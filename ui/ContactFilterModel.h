#pragma once

// ContactFilterModel: ContactListModel as the contact list shows it: newest
// activity first (contacts without messages last, by alias), filtered by a
// case-insensitive substring of the alias. GUI thread only; does not own
// its source.

#include <QSortFilterProxyModel>

namespace chive::ui {

class ContactFilterModel : public QSortFilterProxyModel {
    Q_OBJECT

public:
    explicit ContactFilterModel(QObject* parent = nullptr);

    void setFilterText(const QString& text);

protected:
    [[nodiscard]] bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;
};

} // namespace chive::ui
