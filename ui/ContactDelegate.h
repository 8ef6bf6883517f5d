#pragma once

// ContactDelegate: paints one row of the contact list: presence dot, alias,
// last-seen time, unread badge and the preview line. All text is painted
// as plain text with QPainter (never a rich-text document); it comes from
// ContactListModel already made safe with displayText().
//
// Stateless apart from the clock it reads "now" from; GUI thread only.

#include "core/store/Timestamp.h"

#include <QStyledItemDelegate>

#include <functional>

namespace chive::ui {

class ContactDelegate : public QStyledItemDelegate {
    Q_OBJECT

public:
    using Clock = std::function<core::Timestamp()>;

    explicit ContactDelegate(QObject* parent = nullptr);

    void setClock(Clock clock);
    // The time text a row shows: "online", "last seen 5 min ago", "pending".
    [[nodiscard]] QString timeText(const QModelIndex& index) const;

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;
    [[nodiscard]] QSize sizeHint(const QStyleOptionViewItem& option,
                                 const QModelIndex& index) const override;

private:
    Clock m_clock;
};

} // namespace chive::ui
