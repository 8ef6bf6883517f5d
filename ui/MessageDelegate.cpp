#include "ui/MessageDelegate.h"

#include "core/store/StoredMessage.h"
#include "ui/ConversationModel.h"

#include <QAbstractItemView>
#include <QHelpEvent>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>
#include <QPlainTextEdit>
#include <QTextLayout>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace chive::ui {

namespace {

constexpr int kRowMargin = 3;    // above and below each bubble
constexpr int kSideMargin = 12;  // between a bubble and the view's edge
constexpr int kPaddingX = 10;    // inside a bubble
constexpr int kPaddingY = 6;     // inside a bubble
constexpr int kFooterGap = 2;    // between the text and the time
constexpr int kSeparatorGap = 8; // around a day separator's label
constexpr int kMaxCachedHeights = 200'000;
constexpr qreal kBubbleRadius = 10;
constexpr qreal kMaxBubbleShare = 0.75; // of the view's width
constexpr int kMinBubbleWidth = 120;
constexpr qreal kSmallFontScale = 0.85;

// `from` moved `amount` (0..1) of the way towards `to`.
QColor blend(const QColor& from, const QColor& to, float amount) {
    return QColor::fromRgbF(from.redF() + (to.redF() - from.redF()) * amount,
                            from.greenF() + (to.greenF() - from.greenF()) * amount,
                            from.blueF() + (to.blueF() - from.blueF()) * amount);
}

QFont smallFont(const QFont& font) {
    QFont small = font;
    if (font.pointSizeF() > 0) {
        small.setPointSizeF(font.pointSizeF() * kSmallFontScale);
    } else {
        small.setPixelSize(std::max(1, static_cast<int>(font.pixelSize() * kSmallFontScale)));
    }
    return small;
}

bool isIncoming(const QModelIndex& index) {
    return index.data(ConversationModel::DirectionRole).toInt() ==
           static_cast<int>(core::MessageDirection::Incoming);
}

core::DeliveryState deliveryOf(const QModelIndex& index) {
    return static_cast<core::DeliveryState>(index.data(ConversationModel::DeliveryRole).toInt());
}

QString timeText(const QModelIndex& index) {
    return QLocale().toString(index.data(ConversationModel::TimeRole).toDateTime().time(),
                              QLocale::ShortFormat);
}

// QTextLayout breaks lines only where it is told to: line breaks become
// Unicode line separators (which displayText() never lets through from a
// peer, so every one here was a '\n').
QString layoutText(const QModelIndex& index) {
    QString text = index.data(ConversationModel::BodyRole).toString();
    text.replace(QLatin1Char('\n'), QChar::LineSeparator);
    return text;
}

// Lays out every line at `width`; returns the widest line's width and the
// total height.
QSizeF layoutLines(QTextLayout& layout, qreal width) {
    QTextOption option;
    option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    layout.setTextOption(option);
    layout.beginLayout();
    qreal height = 0;
    qreal widest = 0;
    for (QTextLine line = layout.createLine(); line.isValid(); line = layout.createLine()) {
        line.setLineWidth(width);
        line.setPosition(QPointF(0, height));
        height += line.height();
        widest = std::max(widest, line.naturalTextWidth());
    }
    layout.endLayout();
    return {widest, height};
}

void drawCheck(QPainter& painter, const QRectF& box) {
    QPainterPath path;
    path.moveTo(box.left(), box.top() + box.height() * 0.55);
    path.lineTo(box.left() + box.width() * 0.35, box.bottom());
    path.lineTo(box.right(), box.top());
    painter.drawPath(path);
}

void drawMark(QPainter& painter, const QRectF& area, core::DeliveryState state,
              const QColor& color) {
    const qreal side = std::min(area.width(), area.height()) * 0.8;
    QRectF box(0, 0, side, side * 0.7);
    box.moveCenter(area.center());
    QPen pen(color, std::max(1.2, side / 9.0), Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
    painter.setPen(pen);
    painter.setBrush(Qt::NoBrush);
    switch (state) {
    case core::DeliveryState::Queued: {
        QRectF clock(0, 0, side, side);
        clock.moveCenter(area.center());
        painter.drawEllipse(clock);
        const QPointF centre = clock.center();
        painter.drawLine(centre, centre - QPointF(0, side * 0.32));
        painter.drawLine(centre, centre + QPointF(side * 0.25, 0));
        break;
    }
    case core::DeliveryState::Sent:
        drawCheck(painter, box);
        break;
    case core::DeliveryState::Delivered: {
        const qreal shift = side * 0.3;
        QRectF first = box.adjusted(-shift / 2, 0, -shift / 2, 0);
        drawCheck(painter, first);
        drawCheck(painter, first.translated(shift, 0));
        break;
    }
    }
}

} // namespace

MessageDelegate::MessageDelegate(QObject* parent)
    : QStyledItemDelegate(parent) {}

void MessageDelegate::clearCache() {
    m_heights.clear();
}

QString MessageDelegate::dayLabel(const QDate& date, const QDate& today) {
    if (date == today) {
        return tr("Today");
    }
    if (date == today.addDays(-1)) {
        return tr("Yesterday");
    }
    return QLocale().toString(date, QLocale::LongFormat);
}

int MessageDelegate::availableWidth(const QStyleOptionViewItem& option) {
    if (const auto* view = qobject_cast<const QAbstractItemView*>(option.widget)) {
        return view->viewport()->width();
    }
    return option.rect.width();
}

MessageDelegate::Geometry MessageDelegate::geometry(QTextLayout& layout,
                                                    const QStyleOptionViewItem& option,
                                                    const QModelIndex& index,
                                                    const QRect& rowRect) {
    Geometry out;
    const QFontMetrics metrics(option.font);
    const QFontMetrics small(smallFont(option.font));
    int top = rowRect.top();
    if (index.data(ConversationModel::FirstOfDayRole).toBool()) {
        out.separator =
            QRect(rowRect.left(), top, rowRect.width(), small.height() + 2 * kSeparatorGap);
        top = out.separator.bottom() + 1;
    }
    const int maxBubble =
        std::max(kMinBubbleWidth, static_cast<int>(std::lround(rowRect.width() * kMaxBubbleShare)));
    const int maxText = std::max(1, maxBubble - 2 * kPaddingX);
    const QSizeF natural = layoutLines(layout, maxText);
    // Again at the width the bubble will have, so that right-to-left and
    // centred lines line up inside it.
    const int textWidth = std::min(maxText, static_cast<int>(std::ceil(natural.width())) + 1);
    const QSizeF laidOut = layoutLines(layout, textWidth);
    const int textHeight = static_cast<int>(std::ceil(laidOut.height()));

    const bool incoming = isIncoming(index);
    const int timeWidth = small.horizontalAdvance(timeText(index));
    const int markWidth = incoming ? 0 : metrics.height();
    const int footerWidth = timeWidth + (incoming ? 0 : markWidth + 4);
    const int bubbleWidth = std::max(textWidth, footerWidth) + 2 * kPaddingX;
    const int bubbleHeight = kPaddingY + textHeight + kFooterGap + small.height() + kPaddingY;
    const int left =
        incoming ? rowRect.left() + kSideMargin : rowRect.right() - kSideMargin - bubbleWidth + 1;
    out.bubble = QRect(left, top + kRowMargin, bubbleWidth, bubbleHeight);
    out.text = QRect(left + kPaddingX, out.bubble.top() + kPaddingY, textWidth, textHeight);
    const int footerTop = out.text.bottom() + 1 + kFooterGap;
    const int footerRight = out.bubble.right() - kPaddingX;
    if (!incoming) {
        out.mark = QRect(footerRight - markWidth + 1, footerTop, markWidth, small.height());
    }
    const int timeRight = incoming ? footerRight : out.mark.left() - 4;
    out.time = QRect(timeRight - timeWidth + 1, footerTop, timeWidth, small.height());
    return out;
}

QSize MessageDelegate::sizeHint(const QStyleOptionViewItem& option,
                                const QModelIndex& index) const {
    const int width = availableWidth(option);
    const bool firstOfDay = index.data(ConversationModel::FirstOfDayRole).toBool();
    const qint64 id = index.data(ConversationModel::RowIdRole).toLongLong();
    const auto cached = m_heights.constFind(id);
    if (cached != m_heights.constEnd() && cached->width == width &&
        cached->firstOfDay == firstOfDay) {
        return {width, cached->height};
    }
    QTextLayout layout(layoutText(index), option.font);
    const Geometry where = geometry(layout, option, index, QRect(0, 0, width, 0));
    const int height = where.bubble.bottom() + 1 + kRowMargin;
    if (m_heights.size() >= kMaxCachedHeights) {
        m_heights.clear();
    }
    m_heights.insert(id, CachedHeight{width, firstOfDay, height});
    return {width, height};
}

void MessageDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                            const QModelIndex& index) const {
    QTextLayout layout(layoutText(index), option.font);
    const QRect row(option.rect.left(), option.rect.top(), availableWidth(option),
                    option.rect.height());
    const Geometry where = geometry(layout, option, index, row);
    const QPalette& palette = option.palette;
    const bool incoming = isIncoming(index);
    const bool selected = (option.state & QStyle::State_Selected) != 0;
    const QColor base = palette.color(QPalette::Base);
    const QColor text = palette.color(QPalette::Text);
    const QColor quiet = blend(text, base, 0.4F);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    if (!where.separator.isEmpty()) {
        painter->setFont(smallFont(option.font));
        painter->setPen(quiet);
        const QDate date = index.data(ConversationModel::TimeRole).toDateTime().date();
        painter->drawText(where.separator, Qt::AlignCenter, dayLabel(date, QDate::currentDate()));
    }

    QColor fill = incoming ? blend(base, text, 0.10F)
                           : blend(base, palette.color(QPalette::Highlight), 0.28F);
    QColor ink = text;
    if (selected) {
        fill = palette.color(QPalette::Highlight);
        ink = palette.color(QPalette::HighlightedText);
    }
    painter->setPen(Qt::NoPen);
    painter->setBrush(fill);
    painter->drawRoundedRect(where.bubble, kBubbleRadius, kBubbleRadius);
    if ((option.state & QStyle::State_HasFocus) != 0) {
        painter->setBrush(Qt::NoBrush);
        painter->setPen(QPen(palette.color(QPalette::Highlight), 1.5));
        painter->drawRoundedRect(QRectF(where.bubble).adjusted(-1.5, -1.5, 1.5, 1.5), kBubbleRadius,
                                 kBubbleRadius);
    }

    painter->setPen(ink);
    layout.draw(painter, where.text.topLeft());

    const QColor footer = selected ? ink : quiet;
    painter->setFont(smallFont(option.font));
    painter->setPen(footer);
    painter->drawText(where.time, Qt::AlignRight | Qt::AlignVCenter, timeText(index));
    if (!incoming) {
        drawMark(*painter, where.mark, deliveryOf(index), footer);
    }
    painter->restore();
}

bool MessageDelegate::helpEvent(QHelpEvent* event, QAbstractItemView* view,
                                const QStyleOptionViewItem& option, const QModelIndex& index) {
    if (event == nullptr || view == nullptr || event->type() != QEvent::ToolTip ||
        !index.isValid()) {
        return QStyledItemDelegate::helpEvent(event, view, option, index);
    }
    QTextLayout layout(layoutText(index), option.font);
    const QRect row(option.rect.left(), option.rect.top(), availableWidth(option),
                    option.rect.height());
    const Geometry where = geometry(layout, option, index, row);
    // Our own words only: peer text never goes into a tooltip.
    if (!where.mark.isEmpty() && where.mark.contains(event->pos())) {
        QToolTip::showText(event->globalPos(), ConversationModel::deliveryName(deliveryOf(index)),
                           view, where.mark);
        return true;
    }
    if (where.time.contains(event->pos())) {
        const QDateTime time = index.data(ConversationModel::TimeRole).toDateTime();
        QToolTip::showText(event->globalPos(), QLocale().toString(time, QLocale::LongFormat), view,
                           where.time);
        return true;
    }
    QToolTip::hideText();
    return true;
}

QWidget* MessageDelegate::createEditor(QWidget* parent, const QStyleOptionViewItem& /*option*/,
                                       const QModelIndex& /*index*/) const {
    auto* editor = new QPlainTextEdit(parent);
    editor->setReadOnly(true);
    editor->setFrameShape(QFrame::NoFrame);
    editor->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    editor->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    editor->document()->setDocumentMargin(0);
    editor->setAccessibleName(tr("Message text"));
    editor->setAccessibleDescription(tr("Select part of the message and copy it; Esc closes"));
    return editor;
}

void MessageDelegate::setEditorData(QWidget* editor, const QModelIndex& index) const {
    if (auto* text = qobject_cast<QPlainTextEdit*>(editor)) {
        text->setPlainText(index.data(ConversationModel::CopyTextRole).toString());
        text->selectAll();
    }
}

void MessageDelegate::setModelData(QWidget* /*editor*/, QAbstractItemModel* /*model*/,
                                   const QModelIndex& /*index*/) const {
    // Read-only: the editor exists to select text, never to change a message.
}

void MessageDelegate::updateEditorGeometry(QWidget* editor, const QStyleOptionViewItem& option,
                                           const QModelIndex& index) const {
    QTextLayout layout(layoutText(index), option.font);
    const QRect row(option.rect.left(), option.rect.top(), availableWidth(option),
                    option.rect.height());
    const Geometry where = geometry(layout, option, index, row);
    editor->setGeometry(
        where.bubble.adjusted(kPaddingX / 2, kPaddingY / 2, -kPaddingX / 2, -kPaddingY / 2));
}

} // namespace chive::ui
