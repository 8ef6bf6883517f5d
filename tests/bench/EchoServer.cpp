#include "tests/bench/EchoServer.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>

namespace chive::bench {

using core::ErrorCode;
using core::fail;

core::Result<std::unique_ptr<EchoServer>> EchoServer::start(std::filesystem::path socketPath) {
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    const std::string text = socketPath.string();
    if (text.size() >= sizeof(address.sun_path)) {
        return fail(ErrorCode::InvalidArgument, "socket path too long: " + text);
    }
    std::copy(text.begin(), text.end(), std::begin(address.sun_path));
    ::unlink(text.c_str());
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || ::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof(address)) != 0 ||
        ::listen(fd, 64) != 0) {
        const auto message = std::error_code(errno, std::generic_category()).message();
        if (fd >= 0) {
            ::close(fd);
        }
        return fail(ErrorCode::Io, "cannot listen on " + text + ": " + message);
    }
    int wake[2] = {-1, -1};
    if (::pipe2(wake, O_CLOEXEC) != 0) {
        ::close(fd);
        return fail(ErrorCode::Io, "pipe failed");
    }
    return std::unique_ptr<EchoServer>(new EchoServer(std::move(socketPath), fd, wake[0], wake[1]));
}

EchoServer::EchoServer(std::filesystem::path path, int listener, int wakeRead, int wakeWrite)
    : m_path(std::move(path))
    , m_listener(listener)
    , m_wakeRead(wakeRead)
    , m_wakeWrite(wakeWrite)
    , m_acceptor([this] { acceptLoop(); }) {}

EchoServer::~EchoServer() {
    stop();
}

void EchoServer::stop() {
    if (m_stopped.exchange(true)) {
        return;
    }
    const char byte = 1;
    (void)!::write(m_wakeWrite, &byte, 1);
    m_acceptor.join();
    std::vector<std::thread> workers;
    {
        std::lock_guard lock(m_mutex);
        for (const int fd : m_connections) {
            ::shutdown(fd, SHUT_RDWR); // wakes its worker, which closes it
        }
        workers.swap(m_workers);
    }
    for (auto& worker : workers) {
        worker.join();
    }
    ::close(m_listener);
    ::close(m_wakeRead);
    ::close(m_wakeWrite);
    ::unlink(m_path.c_str());
}

void EchoServer::acceptLoop() {
    while (!m_stopped) {
        pollfd fds[2] = {{m_listener, POLLIN, 0}, {m_wakeRead, POLLIN, 0}};
        if (::poll(fds, 2, -1) < 0) {
            if (errno == EINTR) {
                continue;
            }
            return;
        }
        if ((fds[1].revents & POLLIN) != 0) {
            return;
        }
        const int fd = ::accept4(m_listener, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0) {
            continue;
        }
        std::lock_guard lock(m_mutex);
        if (m_connections.size() >= kMaxConnections) {
            ::close(fd);
            continue;
        }
        m_connections.push_back(fd);
        m_workers.emplace_back([this, fd] {
            echo(fd);
            std::lock_guard workerLock(m_mutex);
            m_connections.erase(std::find(m_connections.begin(), m_connections.end(), fd));
            ::close(fd);
        });
    }
}

void EchoServer::echo(int fd) {
    char buffer[16 * 1024];
    while (true) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return;
        }
        ssize_t done = 0;
        while (done < n) {
            const ssize_t written = ::write(fd, buffer + done, static_cast<std::size_t>(n - done));
            if (written < 0 && errno == EINTR) {
                continue;
            }
            if (written <= 0) {
                return;
            }
            done += written;
        }
    }
}

} // namespace chive::bench
