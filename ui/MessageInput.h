#pragma once

// MessageInput: the multi-line field a message is written in. Enter (or the
// keypad's Enter) submits, Shift+Enter starts a new line; everything else is
// QPlainTextEdit's plain-text editing (pasted rich text arrives as plain
// text). It grows with its text up to a few lines, then scrolls. GUI thread
// only.

#include <QPlainTextEdit>

namespace chive::ui {

class MessageInput : public QPlainTextEdit {
    Q_OBJECT

public:
    explicit MessageInput(QWidget* parent = nullptr);

    [[nodiscard]] QSize sizeHint() const override;
    [[nodiscard]] QSize minimumSizeHint() const override;

signals:
    // Enter was pressed: the pane decides whether the text can be sent.
    void submitted();

protected:
    void keyPressEvent(QKeyEvent* event) override;

private:
    [[nodiscard]] int heightForLines(int lines) const;
};

} // namespace chive::ui
