#include "ui/TrayIcon.h"

#include "ui/AppSettings.h"

#include <QAction>
#include <QFont>
#include <QMenu>
#include <QPainter>
#include <QPainterPath>
#include <QPixmap>
#include <QSystemTrayIcon>
#include <QWidget>

#include <algorithm>

namespace chive::ui {

namespace {

// Notification bodies are cut to this many characters: a notification is a
// hint, not a reader.
constexpr int kMaxNotificationText = 160;

QPixmap drawIcon(int size, int count) {
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    const qreal margin = size * 0.06;
    const QRectF body(margin, margin, size - 2 * margin, size - 2 * margin);
    painter.setPen(Qt::NoPen);
    painter.setBrush(QColor(0x3c, 0x8d, 0x5a));
    painter.drawRoundedRect(body, size * 0.22, size * 0.22);
    // A chive leaf: a slim white stroke.
    QPen leaf(Qt::white, size * 0.09, Qt::SolidLine, Qt::RoundCap);
    painter.setPen(leaf);
    QPainterPath path;
    path.moveTo(size * 0.32, size * 0.78);
    path.cubicTo(size * 0.36, size * 0.5, size * 0.5, size * 0.3, size * 0.72, size * 0.22);
    painter.drawPath(path);
    if (count > 0) {
        const QString label = count > 99 ? QStringLiteral("99+") : QString::number(count);
        const qreal diameter = size * 0.58;
        const QRectF badge(size - diameter, 0, diameter, diameter);
        painter.setPen(Qt::NoPen);
        painter.setBrush(QColor(0xd6, 0x30, 0x31));
        painter.drawEllipse(badge);
        QFont font;
        font.setBold(true);
        font.setPixelSize(int(diameter * (label.size() > 2 ? 0.36 : 0.55)));
        painter.setFont(font);
        painter.setPen(Qt::white);
        painter.drawText(badge, Qt::AlignCenter, label);
    }
    return pixmap;
}

} // namespace

TrayIcon::TrayIcon(QWidget& window, AppSettings& settings, QObject* parent)
    : QObject(parent)
    , m_window(window)
    , m_settings(settings) {
    if (!QSystemTrayIcon::isSystemTrayAvailable()) {
        return;
    }
    m_menu = new QMenu;
    m_showHide = m_menu->addAction(tr("Show or hide Chive"), this, &TrayIcon::toggleWindow);
    m_lock = m_menu->addAction(tr("Lock"), this, &TrayIcon::lockRequested);
    m_menu->addSeparator();
    m_menu->addAction(tr("Quit"), this, &TrayIcon::quitRequested);

    m_tray = new QSystemTrayIcon(badgeIcon(0), this);
    m_tray->setToolTip(tr("Chive"));
    m_tray->setContextMenu(m_menu);
    connect(m_tray, &QSystemTrayIcon::activated, this,
            [this](QSystemTrayIcon::ActivationReason reason) {
                if (reason == QSystemTrayIcon::Trigger || reason == QSystemTrayIcon::DoubleClick) {
                    toggleWindow();
                }
            });
    connect(m_tray, &QSystemTrayIcon::messageClicked, this, [this] {
        m_window.showNormal();
        m_window.raise();
        m_window.activateWindow();
    });
    m_tray->show();
}

TrayIcon::~TrayIcon() {
    delete m_menu;
}

QIcon TrayIcon::badgeIcon(int count) {
    QIcon icon;
    for (const int size : {16, 22, 24, 32, 48, 64}) {
        icon.addPixmap(drawIcon(size, count));
    }
    return icon;
}

void TrayIcon::setUnread(int count) {
    count = std::max(count, 0);
    if (count == m_unread) {
        return;
    }
    m_unread = count;
    if (m_tray != nullptr) {
        m_tray->setIcon(badgeIcon(count));
        m_tray->setToolTip(count > 0 ? tr("Chive: %n unread message(s)", nullptr, count)
                                     : tr("Chive"));
    }
}

void TrayIcon::setLocked(bool locked) {
    if (m_lock != nullptr) {
        m_lock->setEnabled(!locked);
    }
    if (locked) {
        setUnread(0);
    }
}

void TrayIcon::notifyMessage(const QString& alias, const QString& text) {
    QString title;
    QString body;
    if (m_settings.showMessageText()) {
        title = alias;
        body = text.size() > kMaxNotificationText ? text.left(kMaxNotificationText) + QChar(0x2026)
                                                  : text;
    } else {
        title = tr("New message");
        body = tr("From %1").arg(alias);
    }
    if (m_tray != nullptr) {
        m_tray->showMessage(title, body, QSystemTrayIcon::Information);
    }
    emit notified(title, body);
}

void TrayIcon::toggleWindow() {
    if (m_window.isVisible() && !m_window.isMinimized()) {
        m_window.hide();
    } else {
        m_window.showNormal();
        m_window.raise();
        m_window.activateWindow();
    }
}

} // namespace chive::ui
