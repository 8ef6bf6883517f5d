#pragma once

// ContactTimeText: the short time phrases of the contact list: "last seen
// 5 min ago", "6 days left". Pure functions of their arguments (the caller
// passes "now", so tests and the once-a-minute refresh agree); GUI thread
// only because tr() reads the installed translators.

#include "core/engine/MessengerEvents.h"
#include "core/store/Timestamp.h"

#include <QCoreApplication>
#include <QString>

#include <optional>

namespace chive::ui {

class ContactTimeText {
    Q_DECLARE_TR_FUNCTIONS(ContactTimeText)

public:
    // "online", "connecting…", "last seen 5 min ago", "last seen 3 days
    // ago", "last seen on 2026-03-01", "not seen yet".
    [[nodiscard]] static QString
    presence(core::Presence presence, std::optional<core::Timestamp> lastSeen, core::Timestamp now);
    // "6 days left", "5 hours left", "12 minutes left", "expired".
    [[nodiscard]] static QString timeLeft(core::Timestamp expiresAt, core::Timestamp now);
    // The word for a presence dot, for screen readers: "online", "offline",
    // "connecting".
    [[nodiscard]] static QString presenceName(core::Presence presence);
};

} // namespace chive::ui
