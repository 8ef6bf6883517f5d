#include "core/engine/MessengerEvents.h"

namespace chive::core {

const char* presenceName(Presence presence) noexcept {
    switch (presence) {
    case Presence::Offline:
        return "offline";
    case Presence::Connecting:
        return "connecting";
    case Presence::Online:
        return "online";
    }
    return "unknown";
}

} // namespace chive::core
