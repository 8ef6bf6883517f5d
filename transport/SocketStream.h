#pragma once

// SocketStream: core::ByteStream over a connected stream socket (a Tor
// stream from the SOCKS port, an inbound stream accepted on a service's unix
// socket, or one end of a socketpair in the loopback transport).
//
// Ownership: owns the descriptor and closes it on destruction, never earlier,
// so a thread blocked in read() or write() cannot see it reused. close()
// shuts the socket down, which wakes such a thread; it then returns Closed.
//
// Threads: one reader and one writer may use the stream concurrently;
// close() is safe from any thread (see core::ByteStream).

#include "core/net/ByteStream.h"
#include "transport/UniqueFd.h"

#include <atomic>
#include <memory>

namespace chive::transport {

class SocketStream final : public core::ByteStream {
public:
    // Takes a connected socket; makes it non-blocking. Io if that fails.
    static core::Result<std::unique_ptr<SocketStream>> adopt(UniqueFd socket);

    ~SocketStream() override;
    SocketStream(const SocketStream&) = delete;
    SocketStream& operator=(const SocketStream&) = delete;
    SocketStream(SocketStream&&) = delete;
    SocketStream& operator=(SocketStream&&) = delete;

    core::Result<std::size_t> read(std::span<std::uint8_t> buffer,
                                   std::chrono::milliseconds timeout) override;
    core::Status write(std::span<const std::uint8_t> bytes,
                       std::chrono::milliseconds timeout) override;
    void close() override;

private:
    explicit SocketStream(UniqueFd socket);

    UniqueFd m_socket;
    std::atomic<bool> m_closed{false};
};

} // namespace chive::transport
