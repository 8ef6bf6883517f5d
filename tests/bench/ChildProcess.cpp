#include "tests/bench/ChildProcess.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <system_error>
#include <thread>
#include <utility>

namespace chive::bench {

using core::ErrorCode;
using core::fail;

namespace {

std::string systemError(const std::string& what) {
    return what + ": " + std::error_code(errno, std::generic_category()).message();
}

void closeFd(int& fd) {
    if (fd >= 0) {
        ::close(fd);
        fd = -1;
    }
}

} // namespace

core::Result<ChildProcess> ChildProcess::start(const std::vector<std::string>& argv,
                                               const std::filesystem::path& stderrFile) {
    if (argv.empty()) {
        return fail(ErrorCode::InvalidArgument, "no program to start");
    }
    std::vector<char*> args;
    args.reserve(argv.size() + 1);
    for (const auto& arg : argv) {
        args.push_back(const_cast<char*>(arg.c_str())); // execv does not write
    }
    args.push_back(nullptr);
    const int errFd = ::open(stderrFile.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (errFd < 0) {
        return fail(ErrorCode::Io, systemError("cannot open " + stderrFile.string()));
    }
    int in[2] = {-1, -1};
    int out[2] = {-1, -1};
    if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0) {
        const auto message = systemError("pipe");
        for (int fd : {in[0], in[1], out[0], out[1], errFd}) {
            closeFd(fd);
        }
        return fail(ErrorCode::Io, message);
    }
    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    if (pid < 0) {
        const auto message = systemError("fork");
        for (int fd : {in[0], in[1], out[0], out[1], errFd}) {
            closeFd(fd);
        }
        return fail(ErrorCode::Io, message);
    }
    if (pid == 0) {
        // Only async-signal-safe calls from here on.
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent) {
            ::_exit(127);
        }
        ::dup2(in[0], STDIN_FILENO);
        ::dup2(out[1], STDOUT_FILENO);
        ::dup2(errFd, STDERR_FILENO);
        ::execv(args[0], args.data());
        ::_exit(127);
    }
    ::close(in[0]);
    ::close(out[1]);
    ::close(errFd);
    return ChildProcess(pid, in[1], out[0]);
}

ChildProcess::ChildProcess(pid_t pid, int toChild, int fromChild)
    : m_pid(pid)
    , m_toChild(toChild)
    , m_fromChild(fromChild) {}

ChildProcess::ChildProcess(ChildProcess&& other) noexcept
    : m_pid(std::exchange(other.m_pid, -1))
    , m_toChild(std::exchange(other.m_toChild, -1))
    , m_fromChild(std::exchange(other.m_fromChild, -1))
    , m_buffer(std::move(other.m_buffer)) {}

ChildProcess::~ChildProcess() {
    (void)finish(std::chrono::seconds(5));
}

core::Status ChildProcess::writeLine(const std::string& line) {
    const std::string text = line + "\n";
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(m_toChild, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return fail(ErrorCode::Closed, systemError("the child's input is closed"));
        }
        done += static_cast<std::size_t>(n);
    }
    return {};
}

core::Result<std::string> ChildProcess::readLine(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
        if (const auto end = m_buffer.find('\n'); end != std::string::npos) {
            std::string line = m_buffer.substr(0, end);
            m_buffer.erase(0, end + 1);
            return line;
        }
        if (m_buffer.size() > kMaxLine) {
            return fail(ErrorCode::TooLarge, "the child wrote a line over 64 KiB");
        }
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            return fail(ErrorCode::Timeout, "no line from the child in time");
        }
        pollfd fd{m_fromChild, POLLIN, 0};
        const int ready = ::poll(&fd, 1, static_cast<int>(left.count()));
        if (ready < 0 && errno == EINTR) {
            continue;
        }
        if (ready <= 0) {
            continue; // the deadline check above ends the wait
        }
        char chunk[4096];
        const ssize_t n = ::read(m_fromChild, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return fail(ErrorCode::Closed, "the child closed its output");
        }
        m_buffer.append(chunk, static_cast<std::size_t>(n));
    }
}

int ChildProcess::finish(std::chrono::milliseconds grace) {
    closeFd(m_toChild);
    int result = -1;
    if (m_pid > 0) {
        const auto deadline = std::chrono::steady_clock::now() + grace;
        bool reaped = false;
        while (std::chrono::steady_clock::now() < deadline) {
            int status = 0;
            if (::waitpid(m_pid, &status, WNOHANG) == m_pid) {
                result = status;
                reaped = true;
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        if (!reaped) {
            ::kill(m_pid, SIGKILL);
            int status = 0;
            ::waitpid(m_pid, &status, 0);
        }
        m_pid = -1;
    }
    closeFd(m_fromChild);
    return result;
}

} // namespace chive::bench
