#include "transport/SocketWait.h"

#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <system_error>

namespace chive::transport {

std::string systemError(std::string_view what, int error) {
    return std::string(what) + ": " + std::error_code(error, std::generic_category()).message();
}

core::Result<bool> waitReady(int fd, short events, std::chrono::steady_clock::time_point deadline,
                             std::string_view what) {
    while (true) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            return false;
        }
        pollfd pfd{fd, events, 0};
        // Round up so a sub-millisecond remainder does not spin; cap so the
        // int cannot overflow (the loop waits again).
        const auto wait = std::min<std::chrono::milliseconds::rep>(left.count() + 1, 60'000);
        const int result = ::poll(&pfd, 1, static_cast<int>(wait));
        if (result > 0) {
            return true;
        }
        if (result < 0 && errno != EINTR) {
            return core::fail(core::ErrorCode::Io, systemError(what, errno));
        }
    }
}

} // namespace chive::transport
