#include "ui/IdleMonitor.h"

#include <QCoreApplication>
#include <QEvent>

#include <algorithm>
#include <limits>

namespace chive::ui {

IdleMonitor::IdleMonitor(QObject* parent)
    : QObject(parent) {
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &IdleMonitor::idle);
    QCoreApplication::instance()->installEventFilter(this);
}

IdleMonitor::~IdleMonitor() {
    if (auto* application = QCoreApplication::instance()) {
        application->removeEventFilter(this);
    }
}

void IdleMonitor::setMinutes(int minutes) {
    constexpr int kMaxMinutes = std::numeric_limits<int>::max() / 60'000;
    setIntervalMs(minutes <= 0 ? 0 : std::min(minutes, kMaxMinutes) * 60'000);
}

void IdleMonitor::setIntervalMs(int milliseconds) {
    m_intervalMs = std::max(milliseconds, 0);
    reset();
}

void IdleMonitor::setActive(bool active) {
    m_active = active;
    reset();
}

void IdleMonitor::reset() {
    if (m_active && m_intervalMs > 0) {
        m_timer.start(m_intervalMs);
    } else {
        m_timer.stop();
    }
}

bool IdleMonitor::eventFilter(QObject* watched, QEvent* event) {
    switch (event->type()) {
    case QEvent::KeyPress:
    case QEvent::MouseButtonPress:
    case QEvent::MouseMove:
    case QEvent::Wheel:
    case QEvent::TouchBegin:
    case QEvent::TouchUpdate:
    case QEvent::TabletPress:
        if (m_timer.isActive()) {
            m_timer.start(m_intervalMs);
        }
        break;
    default:
        break;
    }
    return QObject::eventFilter(watched, event);
}

} // namespace chive::ui
