#pragma once

// EchoServer: a unix-socket server that writes back every byte it reads, on
// each connection, until the client closes. It is the far end of the plain
// (no Tor) round trip and the target of the bare tor onion service.
//
// Ownership: owns the listening socket (and unlinks its path), the accepted
// connections and one thread per connection plus the acceptor. stop() (or
// the destructor) shuts everything down and joins every thread.
//
// Limits: at most kMaxConnections at once; further ones are closed at once.

#include "core/Result.h"

#include <atomic>
#include <filesystem>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace chive::bench {

class EchoServer {
public:
    static constexpr std::size_t kMaxConnections = 64;

    static core::Result<std::unique_ptr<EchoServer>> start(std::filesystem::path socketPath);
    ~EchoServer();
    EchoServer(const EchoServer&) = delete;
    EchoServer& operator=(const EchoServer&) = delete;
    EchoServer(EchoServer&&) = delete;
    EchoServer& operator=(EchoServer&&) = delete;

    [[nodiscard]] const std::filesystem::path& socketPath() const { return m_path; }
    void stop();

private:
    EchoServer(std::filesystem::path path, int listener, int wakeRead, int wakeWrite);
    void acceptLoop();
    static void echo(int fd);

    std::filesystem::path m_path;
    int m_listener;
    int m_wakeRead;
    int m_wakeWrite;
    std::mutex m_mutex; // guards m_connections and m_workers
    std::vector<int> m_connections;
    std::vector<std::thread> m_workers;
    std::atomic<bool> m_stopped{false};
    std::thread m_acceptor; // last: started once the rest exists
};

} // namespace chive::bench
