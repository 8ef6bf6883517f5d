#include "ui/Palettes.h"

#include <QApplication>
#include <QColor>
#include <QStyle>
#include <QStyleFactory>

namespace chive::ui {

namespace {

void setColors(QPalette& palette, QPalette::ColorRole role, const QColor& active,
               const QColor& disabled) {
    palette.setColor(QPalette::Active, role, active);
    palette.setColor(QPalette::Inactive, role, active);
    palette.setColor(QPalette::Disabled, role, disabled);
}

} // namespace

Palettes::Palettes()
    : m_system(QApplication::palette())
    , m_systemStyle(QApplication::style() != nullptr ? QApplication::style()->name() : QString{}) {}

std::optional<Theme> Palettes::environmentOverride() {
    const QByteArray value = qgetenv("CHIVE_THEME");
    if (value.isEmpty()) {
        return std::nullopt;
    }
    return themeFromName(QString::fromLatin1(value));
}

bool Palettes::isDark(const QPalette& palette) {
    return palette.color(QPalette::Window).lightness() < 128;
}

QPalette Palettes::light() {
    QPalette p;
    setColors(p, QPalette::Window, QColor(0xf4, 0xf5, 0xf7), QColor(0xee, 0xee, 0xee));
    setColors(p, QPalette::WindowText, QColor(0x1d, 0x1f, 0x23), QColor(0x9a, 0x9a, 0x9a));
    setColors(p, QPalette::Base, QColor(0xff, 0xff, 0xff), QColor(0xf4, 0xf4, 0xf4));
    setColors(p, QPalette::AlternateBase, QColor(0xea, 0xed, 0xf1), QColor(0xee, 0xee, 0xee));
    setColors(p, QPalette::Text, QColor(0x1d, 0x1f, 0x23), QColor(0x9a, 0x9a, 0x9a));
    setColors(p, QPalette::Button, QColor(0xe9, 0xeb, 0xee), QColor(0xee, 0xee, 0xee));
    setColors(p, QPalette::ButtonText, QColor(0x1d, 0x1f, 0x23), QColor(0x9a, 0x9a, 0x9a));
    setColors(p, QPalette::Highlight, QColor(0x2f, 0x6f, 0xd6), QColor(0xb8, 0xc4, 0xd6));
    setColors(p, QPalette::HighlightedText, QColor(0xff, 0xff, 0xff), QColor(0xff, 0xff, 0xff));
    setColors(p, QPalette::ToolTipBase, QColor(0xff, 0xff, 0xe8), QColor(0xff, 0xff, 0xe8));
    setColors(p, QPalette::ToolTipText, QColor(0x1d, 0x1f, 0x23), QColor(0x1d, 0x1f, 0x23));
    setColors(p, QPalette::PlaceholderText, QColor(0x80, 0x84, 0x8a), QColor(0xb0, 0xb0, 0xb0));
    setColors(p, QPalette::Link, QColor(0x1f, 0x5f, 0xc4), QColor(0x9a, 0x9a, 0x9a));
    setColors(p, QPalette::Mid, QColor(0xc8, 0xcc, 0xd2), QColor(0xd8, 0xd8, 0xd8));
    setColors(p, QPalette::Dark, QColor(0xa0, 0xa4, 0xaa), QColor(0xb8, 0xb8, 0xb8));
    setColors(p, QPalette::Light, QColor(0xff, 0xff, 0xff), QColor(0xff, 0xff, 0xff));
    return p;
}

QPalette Palettes::dark() {
    QPalette p;
    setColors(p, QPalette::Window, QColor(0x23, 0x25, 0x2a), QColor(0x2a, 0x2a, 0x2a));
    setColors(p, QPalette::WindowText, QColor(0xe6, 0xe7, 0xea), QColor(0x7a, 0x7a, 0x7a));
    setColors(p, QPalette::Base, QColor(0x1a, 0x1c, 0x20), QColor(0x24, 0x24, 0x24));
    setColors(p, QPalette::AlternateBase, QColor(0x2c, 0x2f, 0x35), QColor(0x2a, 0x2a, 0x2a));
    setColors(p, QPalette::Text, QColor(0xe6, 0xe7, 0xea), QColor(0x7a, 0x7a, 0x7a));
    setColors(p, QPalette::Button, QColor(0x31, 0x34, 0x3a), QColor(0x2a, 0x2a, 0x2a));
    setColors(p, QPalette::ButtonText, QColor(0xe6, 0xe7, 0xea), QColor(0x7a, 0x7a, 0x7a));
    setColors(p, QPalette::Highlight, QColor(0x3d, 0x7e, 0xe6), QColor(0x3a, 0x44, 0x55));
    setColors(p, QPalette::HighlightedText, QColor(0xff, 0xff, 0xff), QColor(0xb0, 0xb0, 0xb0));
    setColors(p, QPalette::ToolTipBase, QColor(0x31, 0x34, 0x3a), QColor(0x31, 0x34, 0x3a));
    setColors(p, QPalette::ToolTipText, QColor(0xe6, 0xe7, 0xea), QColor(0xe6, 0xe7, 0xea));
    setColors(p, QPalette::PlaceholderText, QColor(0x8a, 0x8e, 0x96), QColor(0x60, 0x60, 0x60));
    setColors(p, QPalette::Link, QColor(0x7a, 0xaa, 0xf5), QColor(0x7a, 0x7a, 0x7a));
    setColors(p, QPalette::Mid, QColor(0x3c, 0x40, 0x47), QColor(0x33, 0x33, 0x33));
    setColors(p, QPalette::Dark, QColor(0x14, 0x15, 0x18), QColor(0x18, 0x18, 0x18));
    setColors(p, QPalette::Light, QColor(0x44, 0x48, 0x50), QColor(0x3a, 0x3a, 0x3a));
    return p;
}

void Palettes::apply(Theme theme) {
    m_applied = environmentOverride().value_or(theme);
    switch (m_applied) {
    case Theme::System:
        if (!m_systemStyle.isEmpty()) {
            QApplication::setStyle(QStyleFactory::create(m_systemStyle));
        }
        QApplication::setPalette(m_system);
        break;
    case Theme::Light:
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        QApplication::setPalette(light());
        break;
    case Theme::Dark:
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        QApplication::setPalette(dark());
        break;
    }
}

} // namespace chive::ui
