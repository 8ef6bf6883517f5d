#include "ui/AppSettings.h"

#include <QSettings>

#include <algorithm>

namespace chive::ui {

namespace {

const QString kAutoLockKey = QStringLiteral("lock/autoLockMinutes");
const QString kShowTextKey = QStringLiteral("notifications/showMessageText");
const QString kThemeKey = QStringLiteral("appearance/theme");
const QString kGeometryKey = QStringLiteral("window/geometry");
const QString kSplitterKey = QStringLiteral("window/splitter");

} // namespace

QString themeName(Theme theme) {
    switch (theme) {
    case Theme::Light:
        return QStringLiteral("light");
    case Theme::Dark:
        return QStringLiteral("dark");
    case Theme::System:
        break;
    }
    return QStringLiteral("system");
}

Theme themeFromName(const QString& name) {
    const QString lower = name.trimmed().toLower();
    if (lower == QStringLiteral("light")) {
        return Theme::Light;
    }
    if (lower == QStringLiteral("dark")) {
        return Theme::Dark;
    }
    return Theme::System;
}

AppSettings::AppSettings(QSettings& settings, QObject* parent)
    : QObject(parent)
    , m_settings(settings) {}

int AppSettings::autoLockMinutes() const {
    bool ok = false;
    const int minutes = m_settings.value(kAutoLockKey, kDefaultAutoLockMinutes).toInt(&ok);
    if (!ok || minutes < 0) {
        return kDefaultAutoLockMinutes;
    }
    return std::min(minutes, kMaxAutoLockMinutes);
}

void AppSettings::setAutoLockMinutes(int minutes) {
    minutes = std::clamp(minutes, 0, kMaxAutoLockMinutes);
    if (minutes == autoLockMinutes()) {
        return;
    }
    m_settings.setValue(kAutoLockKey, minutes);
    emit changed();
}

bool AppSettings::showMessageText() const {
    return m_settings.value(kShowTextKey, false).toBool();
}

void AppSettings::setShowMessageText(bool show) {
    if (show == showMessageText()) {
        return;
    }
    m_settings.setValue(kShowTextKey, show);
    emit changed();
}

Theme AppSettings::theme() const {
    return themeFromName(m_settings.value(kThemeKey).toString());
}

void AppSettings::setTheme(Theme theme) {
    if (theme == this->theme()) {
        return;
    }
    m_settings.setValue(kThemeKey, themeName(theme));
    emit changed();
}

QByteArray AppSettings::windowGeometry() const {
    return m_settings.value(kGeometryKey).toByteArray();
}

void AppSettings::setWindowGeometry(const QByteArray& geometry) {
    m_settings.setValue(kGeometryKey, geometry);
}

QByteArray AppSettings::splitterState() const {
    return m_settings.value(kSplitterKey).toByteArray();
}

void AppSettings::setSplitterState(const QByteArray& state) {
    m_settings.setValue(kSplitterKey, state);
}

void AppSettings::sync() {
    m_settings.sync();
}

} // namespace chive::ui
