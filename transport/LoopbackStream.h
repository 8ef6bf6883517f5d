#pragma once

// LoopbackStream: one end of a LoopbackTransport connection, a SocketStream
// over one end of a socketpair that the transports can cut from outside.
//
// Ownership: owns its SocketStream (and so the descriptor). Shares a Link
// with the transports at both ends of the connection; they keep only weak
// references, so a stream may outlive them. The Link knows the descriptor
// only while the stream exists: the destructor forgets it under the Link's
// mutex before closing it, so a cut racing with destruction never touches a
// reused descriptor.
//
// Threads: as core::ByteStream (one reader, one writer, close() from any
// thread). Link::cut() may be called from any thread at any time.

#include "core/net/ByteStream.h"
#include "transport/SocketStream.h"
#include "transport/UniqueFd.h"

#include <memory>
#include <mutex>

namespace chive::transport {

class LoopbackStream final : public core::ByteStream {
public:
    // What a transport keeps of a stream in order to cut it.
    class Link {
    public:
        // Shuts the socket down in both directions as a lost connection
        // would: both ends then read end of stream, and writes fail with
        // Network. Returns false if the stream is already gone.
        bool cut() noexcept;

    private:
        friend class LoopbackStream;
        std::mutex m_mutex;
        int m_fd = -1;
    };

    // Takes one connected end of a socketpair. Io if it cannot be made
    // non-blocking.
    static core::Result<std::unique_ptr<LoopbackStream>> adopt(UniqueFd socket,
                                                               std::shared_ptr<Link> link);

    ~LoopbackStream() override;
    LoopbackStream(const LoopbackStream&) = delete;
    LoopbackStream& operator=(const LoopbackStream&) = delete;
    LoopbackStream(LoopbackStream&&) = delete;
    LoopbackStream& operator=(LoopbackStream&&) = delete;

    core::Result<std::size_t> read(std::span<std::uint8_t> buffer,
                                   std::chrono::milliseconds timeout) override;
    core::Status write(std::span<const std::uint8_t> bytes,
                       std::chrono::milliseconds timeout) override;
    void close() override;

private:
    LoopbackStream(std::unique_ptr<SocketStream> stream, std::shared_ptr<Link> link);

    std::unique_ptr<SocketStream> m_stream;
    std::shared_ptr<Link> m_link;
};

} // namespace chive::transport
