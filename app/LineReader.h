#pragma once

// LineReader: splits a file descriptor (the headless mode's stdin) into
// lines, never holding more than a fixed number of bytes.
//
// Bytes are read in chunks of kChunkSize. A line longer than the limit is
// reported once, as soon as it passes the limit, and its remaining bytes are
// dropped up to the next newline, so a client that never sends a newline
// costs at most limit + kChunkSize bytes. A final line without a newline
// still counts. A CR before the LF is removed. Bytes are not interpreted:
// NULs and invalid UTF-8 are the JSON parser's business.
//
// Secrets: lines hold passwords, so every buffer is wiped (WipedString, and
// the read chunk on the stack after each copy).
//
// Threads: owned and used by one thread. next() blocks in poll() until a
// line is complete, the input ends, or `wakeFd` (a self-pipe written by a
// signal handler; -1 for none) becomes readable. Does not own either fd.

#include "app/WipingAllocator.h"
#include "core/Result.h"

#include <cstddef>

namespace chive::app {

class LineReader {
public:
    static constexpr std::size_t kChunkSize = std::size_t{64} * 1024;

    enum class Outcome {
        Line,       // `line` holds the next line, without its newline
        TooLong,    // a line passed the limit; its rest will be skipped
        EndOfInput, // the input is closed and every line has been returned
        Woken,      // wakeFd became readable (it is not read)
    };

    LineReader(int fd, int wakeFd, std::size_t maxLineBytes);

    // Io if reading fails.
    core::Result<Outcome> next(WipedString& line);

private:
    // Moves a complete line out of m_pending, if there is one.
    bool takeLine(WipedString& line);
    core::Result<bool> fill();

    int m_fd;
    int m_wakeFd;
    std::size_t m_maxLineBytes;
    WipedString m_pending; // bytes read past the last line returned
    bool m_skipping = false;
    bool m_endOfInput = false;
};

} // namespace chive::app
