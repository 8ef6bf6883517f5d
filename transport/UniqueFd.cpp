#include "transport/UniqueFd.h"

#include <unistd.h>

namespace chive::transport {

void UniqueFd::reset(int fd) noexcept {
    if (m_fd >= 0 && m_fd != fd) {
        // close() may fail with EINTR, but Linux has released the descriptor
        // by then; retrying could close one another thread just opened.
        ::close(m_fd);
    }
    m_fd = fd;
}

} // namespace chive::transport
