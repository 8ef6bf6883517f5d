#include "ui/ContactDelegate.h"

#include "ui/ContactListModel.h"
#include "ui/ContactTimeText.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>

#include <chrono>
#include <utility>

namespace chive::ui {

namespace {

constexpr int kMargin = 8;
constexpr int kDot = 10;
constexpr int kGap = 6;

QColor presenceColor(core::Presence presence) {
    switch (presence) {
    case core::Presence::Online:
        return {0x2e, 0xa0, 0x43};
    case core::Presence::Connecting:
        return {0xd9, 0x8e, 0x04};
    case core::Presence::Offline:
        break;
    }
    return {0x8a, 0x8a, 0x8a};
}

} // namespace

ContactDelegate::ContactDelegate(QObject* parent)
    : QStyledItemDelegate(parent)
    , m_clock(&core::nowTimestamp) {}

void ContactDelegate::setClock(Clock clock) {
    m_clock = std::move(clock);
}

QString ContactDelegate::timeText(const QModelIndex& index) const {
    if (index.data(ContactListModel::StateRole).toInt() ==
        static_cast<int>(core::ContactState::Pending)) {
        return tr("pending");
    }
    const auto presence =
        static_cast<core::Presence>(index.data(ContactListModel::PresenceRole).toInt());
    std::optional<core::Timestamp> lastSeen;
    const QVariant seen = index.data(ContactListModel::LastSeenRole);
    if (seen.isValid()) {
        lastSeen = core::Timestamp(std::chrono::milliseconds(seen.toLongLong()));
    }
    return ContactTimeText::presence(presence, lastSeen, m_clock());
}

void ContactDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                            const QModelIndex& index) const {
    QStyleOptionViewItem background = option;
    initStyleOption(&background, index);
    background.text.clear();
    const QWidget* widget = option.widget;
    QStyle* style = widget != nullptr ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &background, painter, widget);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const bool selected = (option.state & QStyle::State_Selected) != 0;
    const QPalette& palette = option.palette;
    const QColor text = palette.color(selected ? QPalette::HighlightedText : QPalette::Text);
    QColor secondary = text;
    secondary.setAlphaF(0.65F);

    const QRect area = option.rect.adjusted(kMargin, kMargin / 2, -kMargin, -kMargin / 2);
    QFont nameFont = option.font;
    nameFont.setBold(true);
    const QFontMetrics nameMetrics(nameFont);
    const QFontMetrics metrics(option.font);
    const int lineOne = area.top();
    const int lineTwo = lineOne + nameMetrics.height() + 2;

    // Presence dot, centred on the first line.
    const auto presence =
        static_cast<core::Presence>(index.data(ContactListModel::PresenceRole).toInt());
    const QRect dot(area.left(), lineOne + (nameMetrics.height() - kDot) / 2, kDot, kDot);
    painter->setPen(Qt::NoPen);
    painter->setBrush(presenceColor(presence));
    painter->drawEllipse(dot);
    const int textLeft = dot.right() + kGap + 1;

    // Unread badge at the right of the second line.
    int previewRight = area.right();
    const int unread = index.data(ContactListModel::UnreadRole).toInt();
    if (unread > 0) {
        QFont badgeFont = option.font;
        badgeFont.setBold(true);
        const QFontMetrics badgeMetrics(badgeFont);
        const QString count = unread > 999 ? QStringLiteral("999+") : QString::number(unread);
        const int height = badgeMetrics.height();
        const int width = std::max(height, badgeMetrics.horizontalAdvance(count) + height / 2);
        const QRect badge(area.right() - width + 1, lineTwo, width, height);
        painter->setBrush(
            palette.color(selected ? QPalette::HighlightedText : QPalette::Highlight));
        painter->drawRoundedRect(badge, height / 2.0, height / 2.0);
        painter->setPen(palette.color(selected ? QPalette::Highlight : QPalette::HighlightedText));
        painter->setFont(badgeFont);
        painter->drawText(badge, Qt::AlignCenter, count);
        previewRight = badge.left() - kGap;
    }

    // Time text at the right of the first line.
    const QString time = timeText(index);
    const int timeWidth = std::min(metrics.horizontalAdvance(time), area.width() / 2);
    const QRect timeRect(area.right() - timeWidth + 1, lineOne, timeWidth, nameMetrics.height());
    painter->setFont(option.font);
    painter->setPen(secondary);
    painter->drawText(timeRect, Qt::AlignRight | Qt::AlignVCenter,
                      metrics.elidedText(time, Qt::ElideRight, timeWidth));

    // Alias (already safe, painted as plain text), with a mark if verified.
    QString alias = index.data(ContactListModel::AliasRole).toString();
    if (index.data(ContactListModel::VerifiedRole).toBool()) {
        alias += QStringLiteral(" \u2713");
    }
    const QRect nameRect(textLeft, lineOne, timeRect.left() - kGap - textLeft,
                         nameMetrics.height());
    painter->setFont(nameFont);
    painter->setPen(text);
    painter->drawText(nameRect, Qt::AlignLeft | Qt::AlignVCenter,
                      nameMetrics.elidedText(alias, Qt::ElideRight, nameRect.width()));

    // Preview line.
    const QString preview = index.data(ContactListModel::PreviewRole).toString();
    const QRect previewRect(textLeft, lineTwo, previewRight - textLeft, metrics.height());
    painter->setFont(option.font);
    painter->setPen(secondary);
    painter->drawText(previewRect, Qt::AlignLeft | Qt::AlignVCenter,
                      metrics.elidedText(preview, Qt::ElideRight, previewRect.width()));
    painter->restore();
}

QSize ContactDelegate::sizeHint(const QStyleOptionViewItem& option,
                                const QModelIndex& /*index*/) const {
    QFont nameFont = option.font;
    nameFont.setBold(true);
    const int height =
        QFontMetrics(nameFont).height() + 2 + QFontMetrics(option.font).height() + kMargin;
    return {200, height};
}

} // namespace chive::ui
