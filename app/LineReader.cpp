#include "app/LineReader.h"

#include <poll.h>
#include <sodium.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <string>
#include <system_error>

namespace chive::app {

namespace {

std::string lastError() {
    return std::error_code(errno, std::generic_category()).message();
}

} // namespace

LineReader::LineReader(int fd, int wakeFd, std::size_t maxLineBytes)
    : m_fd(fd)
    , m_wakeFd(wakeFd)
    , m_maxLineBytes(maxLineBytes) {}

bool LineReader::takeLine(WipedString& line) {
    const auto newline = m_pending.find('\n');
    if (newline == WipedString::npos) {
        return false;
    }
    auto length = newline;
    if (length > 0 && m_pending[length - 1] == '\r') {
        --length;
    }
    sodium_memzero(line.data(), line.size());
    line.assign(m_pending.data(), length);
    sodium_memzero(m_pending.data(), newline + 1);
    m_pending.erase(0, newline + 1);
    return true;
}

core::Result<bool> LineReader::fill() {
    std::array<char, kChunkSize> chunk{};
    for (;;) {
        std::array<pollfd, 2> fds{{{m_fd, POLLIN, 0}, {m_wakeFd, POLLIN, 0}}};
        const nfds_t count = m_wakeFd >= 0 ? 2 : 1;
        if (::poll(fds.data(), count, -1) < 0) {
            if (errno == EINTR) {
                continue;
            }
            return core::fail(core::ErrorCode::Io, "cannot wait for input: " + lastError());
        }
        if (count == 2 && fds[1].revents != 0) {
            return false;
        }
        if (fds[0].revents == 0) {
            continue;
        }
        const auto got = ::read(m_fd, chunk.data(), chunk.size());
        if (got < 0) {
            if (errno == EINTR || errno == EAGAIN) {
                continue;
            }
            return core::fail(core::ErrorCode::Io, "cannot read the input: " + lastError());
        }
        if (got == 0) {
            m_endOfInput = true;
        } else {
            m_pending.append(chunk.data(), static_cast<std::size_t>(got));
            sodium_memzero(chunk.data(), static_cast<std::size_t>(got));
        }
        return true;
    }
}

core::Result<LineReader::Outcome> LineReader::next(WipedString& line) {
    for (;;) {
        if (m_skipping) {
            const auto newline = m_pending.find('\n');
            if (newline != WipedString::npos) {
                m_skipping = false;
                sodium_memzero(m_pending.data(), newline + 1);
                m_pending.erase(0, newline + 1);
            } else {
                sodium_memzero(m_pending.data(), m_pending.size());
                m_pending.clear();
            }
        }
        if (!m_skipping && takeLine(line)) {
            if (line.size() > m_maxLineBytes) {
                sodium_memzero(line.data(), line.size());
                line.clear();
                return Outcome::TooLong;
            }
            return Outcome::Line;
        }
        if (!m_skipping && m_pending.size() > m_maxLineBytes) {
            // Refuse at once: the client learns before it sends the rest.
            m_skipping = true;
            return Outcome::TooLong;
        }
        if (m_endOfInput) {
            if (!m_skipping && !m_pending.empty()) {
                sodium_memzero(line.data(), line.size());
                line.assign(m_pending.data(), m_pending.size());
                sodium_memzero(m_pending.data(), m_pending.size());
                m_pending.clear();
                return Outcome::Line;
            }
            return Outcome::EndOfInput;
        }
        auto filled = fill();
        if (!filled) {
            return core::fail(filled.error());
        }
        if (!*filled) {
            return Outcome::Woken;
        }
    }
}

} // namespace chive::app
