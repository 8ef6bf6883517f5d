#include "ui/ContactTimeText.h"

#include <QDateTime>
#include <QLocale>

#include <algorithm>
#include <chrono>

namespace chive::ui {

namespace {

int whole(std::chrono::milliseconds span, std::chrono::milliseconds unit) {
    return static_cast<int>(span / unit);
}

// No English translation is installed, so the source strings carry both
// English forms; translators still get %n for their own plural rules.
QString counted(int n, const QString& one, const QString& many) {
    return n == 1 ? one : many;
}

} // namespace

QString ContactTimeText::presenceName(core::Presence presence) {
    switch (presence) {
    case core::Presence::Online:
        return tr("online");
    case core::Presence::Connecting:
        return tr("connecting");
    case core::Presence::Offline:
        break;
    }
    return tr("offline");
}

QString ContactTimeText::presence(core::Presence presence, std::optional<core::Timestamp> lastSeen,
                                  core::Timestamp now) {
    using namespace std::chrono_literals;
    if (presence == core::Presence::Online) {
        return tr("online");
    }
    if (!lastSeen) {
        return presence == core::Presence::Connecting ? tr("connecting…") : tr("not seen yet");
    }
    // A clock that went backwards reads as "just now", not as the future.
    const auto ago = std::max(std::chrono::milliseconds(0), now - *lastSeen);
    if (ago < 1min) {
        return tr("last seen just now");
    }
    if (ago < 1h) {
        return tr("last seen %n min ago", nullptr, whole(ago, 1min));
    }
    if (ago < 24h) {
        return tr("last seen %n h ago", nullptr, whole(ago, 1h));
    }
    if (ago < 24h * 7) {
        const int days = whole(ago, 24h);
        return counted(days, tr("last seen yesterday"), tr("last seen %n days ago", nullptr, days));
    }
    const auto date =
        QDateTime::fromMSecsSinceEpoch(lastSeen->time_since_epoch().count()).toLocalTime().date();
    return tr("last seen on %1").arg(QLocale().toString(date, QLocale::ShortFormat));
}

QString ContactTimeText::timeLeft(core::Timestamp expiresAt, core::Timestamp now) {
    using namespace std::chrono_literals;
    const auto left = expiresAt - now;
    if (left <= 0ms) {
        return tr("expired");
    }
    if (left >= 24h) {
        const int days = whole(left, 24h);
        return counted(days, tr("1 day left"), tr("%n days left", nullptr, days));
    }
    if (left >= 1h) {
        const int hours = whole(left, 1h);
        return counted(hours, tr("1 hour left"), tr("%n hours left", nullptr, hours));
    }
    const int minutes = std::max(1, whole(left, 1min));
    return counted(minutes, tr("1 minute left"), tr("%n minutes left", nullptr, minutes));
}

} // namespace chive::ui
