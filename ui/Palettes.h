#pragma once

// Palettes: the light and dark colour sets, and following the system's.
//
// Qt 6.4 has no colour-scheme API, so "follow the system" keeps the platform
// palette that the application started with, and isDark() judges it by the
// lightness of its window colour. Light and dark use the Fusion style, whose
// drawing follows the palette on every platform.
//
// Threads: GUI thread only. Made once by the app, after the QApplication.

#include "ui/AppSettings.h"

#include <QPalette>
#include <QString>

#include <optional>

namespace chive::ui {

class Palettes {
public:
    // Remembers the application's current (the platform's) palette and style.
    Palettes();

    // Applies `theme` to the application; the environment override, when
    // set, wins.
    void apply(Theme theme);
    // What apply() last applied after the override.
    [[nodiscard]] Theme applied() const { return m_applied; }
    // CHIVE_THEME=light|dark|system, for scripts that take screenshots.
    [[nodiscard]] static std::optional<Theme> environmentOverride();

    [[nodiscard]] static bool isDark(const QPalette& palette);
    [[nodiscard]] static QPalette light();
    [[nodiscard]] static QPalette dark();
    [[nodiscard]] const QPalette& system() const { return m_system; }

private:
    QPalette m_system;
    QString m_systemStyle;
    Theme m_applied = Theme::System;
};

} // namespace chive::ui
