#include "ui/PlainText.h"

#include <QLabel>

namespace chive::ui {

namespace {

constexpr char32_t kFirstStrongIsolate = 0x2068;
constexpr char32_t kPopDirectionalIsolate = 0x2069;
constexpr char32_t kReplacement = 0xFFFD;

bool isBidiControl(char32_t c) {
    return (c >= 0x202A && c <= 0x202E)    // LRE RLE PDF LRO RLO
           || (c >= 0x2066 && c <= 0x2069) // LRI RLI FSI PDI
           || c == 0x061C;                 // Arabic letter mark (acts as an embedding hint)
}

bool isInvisibleFormat(char32_t c) {
    return c == 0x00AD                      // soft hyphen
           || (c >= 0x200B && c <= 0x200C)  // zero-width space, non-joiner
           || (c >= 0x2028 && c <= 0x2029)  // line and paragraph separators
           || (c >= 0x2060 && c <= 0x2064)  // word joiner, invisible operators
           || c == 0xFEFF                   // byte-order mark
           || (c >= 0xFFF9 && c <= 0xFFFB); // interlinear annotations
}

} // namespace

bool isSpoofingCharacter(char32_t c, TextShape shape) {
    if (c == U'\n' || c == U'\t') {
        return shape == TextShape::SingleLine;
    }
    if (c < 0x20 || (c >= 0x7F && c < 0xA0)) {
        return true;
    }
    return isBidiControl(c) || isInvisibleFormat(c) || (c >= 0xD800 && c <= 0xDFFF);
}

QString displayText(const QString& text, TextShape shape) {
    QString out;
    out.reserve(text.size() + 2);
    out.append(QChar(static_cast<char16_t>(kFirstStrongIsolate)));
    const auto codePoints = text.toUcs4();
    for (const char32_t c : codePoints) {
        if (!isSpoofingCharacter(c, shape)) {
            out.append(QString::fromUcs4(&c, 1));
            continue;
        }
        if (isBidiControl(c) || isInvisibleFormat(c) ||
            (c == U'\r' && shape == TextShape::MultiLine)) {
            continue; // dropped: they only ever change how other text is shown
        }
        if (c == U'\n' || c == U'\t' || c == U'\r') {
            out.append(QLatin1Char(' '));
            continue;
        }
        out.append(QChar(static_cast<char16_t>(kReplacement)));
    }
    out.append(QChar(static_cast<char16_t>(kPopDirectionalIsolate)));
    return out;
}

QString displayText(std::string_view utf8, TextShape shape) {
    // QString::fromUtf8 turns each invalid sequence into U+FFFD.
    return displayText(QString::fromUtf8(utf8.data(), static_cast<qsizetype>(utf8.size())), shape);
}

void setPeerText(QLabel& label, const QString& text) {
    label.setTextFormat(Qt::PlainText);
    label.setOpenExternalLinks(false);
    label.setTextInteractionFlags(label.textInteractionFlags() & ~Qt::LinksAccessibleByMouse &
                                  ~Qt::LinksAccessibleByKeyboard);
    label.setText(text);
}

} // namespace chive::ui
