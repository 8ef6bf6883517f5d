#pragma once

// PlainText: how text that came from a peer or a link is made safe to show.
//
// Everything a contact controls (messages, the alias they suggested, link
// text) is shown as plain text only: set labels with setPeerText() (which
// forces Qt::PlainText, so no tag is ever interpreted and nothing is ever
// fetched), and paint it with QPainter/QTextLayout, never through a
// rich-text document.
//
// displayText() also keeps such text from rearranging the interface around
// it: explicit bidirectional embeddings, overrides and isolates are removed
// (the implicit algorithm still shows Arabic or Hebrew correctly), other
// control and invisible format characters are replaced, invalid UTF-8 becomes
// U+FFFD, and the result is wrapped in a first-strong isolate (U+2068 ...
// U+2069) so that right-to-left text cannot reorder the words of the window
// around it.

#include <QString>

#include <string_view>

class QLabel;

namespace chive::ui {

enum class TextShape {
    SingleLine, // names, previews: line breaks become spaces
    MultiLine,  // message bodies: line breaks and tabs stay
};

[[nodiscard]] QString displayText(std::string_view utf8, TextShape shape = TextShape::SingleLine);
[[nodiscard]] QString displayText(const QString& text, TextShape shape = TextShape::SingleLine);

// True for the characters displayText() removes or replaces.
[[nodiscard]] bool isSpoofingCharacter(char32_t codePoint, TextShape shape);

// Sets `label` to show `text` (already made safe with displayText()) as plain
// text, never as rich text, with links and selection by keyboard off.
void setPeerText(QLabel& label, const QString& text);

} // namespace chive::ui
