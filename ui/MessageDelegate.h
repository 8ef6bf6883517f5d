#pragma once

// MessageDelegate: paints one ConversationModel row as a chat bubble:
// outgoing on the right, incoming on the left, in colours derived from the
// view's palette (so light and dark palettes both read well), with the time
// and, for our own messages, a delivery mark (a clock for queued, one check
// for sent, two for delivered; tooltips name the state). A row that is the
// first of its day gets a separator above it ("Today", "Yesterday", a date).
//
// Message text is laid out and drawn with QTextLayout as plain text only:
// nothing is ever interpreted as rich text or HTML. Its editor (opened by a
// double click) is a read-only QPlainTextEdit over the bubble's text, so that
// part of a message can be selected and copied; it changes nothing.
//
// Heights are cached per row id together with the width and the separator
// flag they were computed for, so a long conversation lays out and scrolls
// without measuring the same text again. GUI thread only.

#include <QHash>
#include <QStyledItemDelegate>

class QTextLayout;

namespace chive::ui {

class MessageDelegate : public QStyledItemDelegate {
    Q_OBJECT

public:
    explicit MessageDelegate(QObject* parent = nullptr);

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;
    [[nodiscard]] QSize sizeHint(const QStyleOptionViewItem& option,
                                 const QModelIndex& index) const override;
    bool helpEvent(QHelpEvent* event, QAbstractItemView* view, const QStyleOptionViewItem& option,
                   const QModelIndex& index) override;

    QWidget* createEditor(QWidget* parent, const QStyleOptionViewItem& option,
                          const QModelIndex& index) const override;
    void setEditorData(QWidget* editor, const QModelIndex& index) const override;
    void setModelData(QWidget* editor, QAbstractItemModel* model,
                      const QModelIndex& index) const override;
    void updateEditorGeometry(QWidget* editor, const QStyleOptionViewItem& option,
                              const QModelIndex& index) const override;

    // Forgets every cached height (a new model, font or style).
    void clearCache();
    [[nodiscard]] int cachedHeights() const { return static_cast<int>(m_heights.size()); }

    // "Today", "Yesterday" or the date, for day separators.
    [[nodiscard]] static QString dayLabel(const QDate& date, const QDate& today);

private:
    struct Geometry {
        QRect separator; // empty unless the row is the first of its day
        QRect bubble;
        QRect text;
        QRect time;
        QRect mark; // empty for incoming messages
    };
    struct CachedHeight {
        int width = 0;
        bool firstOfDay = false;
        int height = 0;
    };

    // Lays out the text in `layout` (which must hold the row's text and
    // font) and computes where everything goes within `rowRect`.
    [[nodiscard]] static Geometry geometry(QTextLayout& layout, const QStyleOptionViewItem& option,
                                           const QModelIndex& index, const QRect& rowRect);
    [[nodiscard]] static int availableWidth(const QStyleOptionViewItem& option);

    mutable QHash<qint64, CachedHeight> m_heights;
};

} // namespace chive::ui
