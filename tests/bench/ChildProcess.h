#pragma once

// ChildProcess: another process started for the transport benchmark (this
// benchmark's own binary in peer mode, or a helper script), spoken to with
// text lines over its stdin and stdout. Its stderr goes to a file.
//
// Ownership: owns the process and both pipes. The destructor closes the
// child's stdin (a peer quits on end of input), waits up to five seconds,
// then sends SIGKILL and reaps it. The child also gets SIGKILL if this
// process dies first (PR_SET_PDEATHSIG), so no peer outlives a killed run.
//
// Threads: one thread at a time; readLine blocks only up to its timeout.
// Lines are at most kMaxLine bytes: a longer one is an error, not a
// reallocation without end.

#include "core/Result.h"

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace chive::bench {

class ChildProcess {
public:
    static constexpr std::size_t kMaxLine = 64 * 1024;

    // Starts `argv[0]` (a path, not searched in PATH) with `argv`; its stderr
    // is appended to `stderrFile`.
    static core::Result<ChildProcess> start(const std::vector<std::string>& argv,
                                            const std::filesystem::path& stderrFile);

    ~ChildProcess();
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;
    ChildProcess(ChildProcess&& other) noexcept;
    ChildProcess& operator=(ChildProcess&& other) = delete;

    // Writes `line` and a newline to the child's stdin.
    core::Status writeLine(const std::string& line);
    // The next line of the child's stdout, without the newline. Timeout if
    // none is complete in time, Closed at end of output.
    core::Result<std::string> readLine(std::chrono::milliseconds timeout);

    [[nodiscard]] pid_t pid() const noexcept { return m_pid; }
    // Closes stdin, waits up to `grace` for the exit, then kills. Returns the
    // exit status as waitpid reports it, or -1 if it had to be killed.
    int finish(std::chrono::milliseconds grace);

private:
    ChildProcess(pid_t pid, int toChild, int fromChild);

    pid_t m_pid = -1;
    int m_toChild = -1;
    int m_fromChild = -1;
    std::string m_buffer;
};

} // namespace chive::bench
