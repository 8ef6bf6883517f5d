#include "ui/MessageInput.h"

#include <QKeyEvent>
#include <QTextBlock>

#include <algorithm>

namespace chive::ui {

namespace {

constexpr int kMaxVisibleLines = 6;

} // namespace

MessageInput::MessageInput(QWidget* parent)
    : QPlainTextEdit(parent) {
    setTabChangesFocus(true);
    setLineWrapMode(QPlainTextEdit::WidgetWidth);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    connect(this, &QPlainTextEdit::blockCountChanged, this, [this] { updateGeometry(); });
}

int MessageInput::heightForLines(int lines) const {
    const QFontMetrics metrics(font());
    const int margins = contentsMargins().top() + contentsMargins().bottom() +
                        static_cast<int>(2 * document()->documentMargin());
    return metrics.lineSpacing() * lines + margins;
}

QSize MessageInput::sizeHint() const {
    const int lines = std::clamp(blockCount(), 1, kMaxVisibleLines);
    return {QPlainTextEdit::sizeHint().width(), heightForLines(std::max(lines, 2))};
}

QSize MessageInput::minimumSizeHint() const {
    return {QPlainTextEdit::minimumSizeHint().width(), heightForLines(1)};
}

void MessageInput::keyPressEvent(QKeyEvent* event) {
    const bool enter = event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter;
    if (enter && (event->modifiers() & Qt::ShiftModifier) != 0) {
        // A real line break (a new block), not QPlainTextEdit's soft one.
        insertPlainText(QStringLiteral("\n"));
        event->accept();
        return;
    }
    if (enter &&
        (event->modifiers() & (Qt::ControlModifier | Qt::AltModifier | Qt::MetaModifier)) == 0) {
        event->accept();
        emit submitted();
        return;
    }
    QPlainTextEdit::keyPressEvent(event);
}

} // namespace chive::ui
