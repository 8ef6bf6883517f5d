#include "transport/LoopbackStream.h"

#include <sys/socket.h>

#include <cassert>
#include <utility>

namespace chive::transport {

bool LoopbackStream::Link::cut() noexcept {
    const std::lock_guard lock(m_mutex);
    if (m_fd < 0) {
        return false;
    }
    // shutdown acts on the socket, not on this descriptor: the peer's end
    // sees end of stream as well, and the owner's SocketStream stays valid.
    ::shutdown(m_fd, SHUT_RDWR);
    return true;
}

core::Result<std::unique_ptr<LoopbackStream>> LoopbackStream::adopt(UniqueFd socket,
                                                                    std::shared_ptr<Link> link) {
    assert(link != nullptr);
    const int fd = socket.get();
    auto stream = SocketStream::adopt(std::move(socket));
    if (!stream) {
        return core::fail(stream.error());
    }
    {
        const std::lock_guard lock(link->m_mutex);
        link->m_fd = fd;
    }
    return std::unique_ptr<LoopbackStream>(new LoopbackStream(std::move(*stream), std::move(link)));
}

LoopbackStream::LoopbackStream(std::unique_ptr<SocketStream> stream, std::shared_ptr<Link> link)
    : m_stream(std::move(stream))
    , m_link(std::move(link)) {}

LoopbackStream::~LoopbackStream() {
    const std::lock_guard lock(m_link->m_mutex);
    m_link->m_fd = -1;
    m_stream.reset();
}

core::Result<std::size_t> LoopbackStream::read(std::span<std::uint8_t> buffer,
                                               std::chrono::milliseconds timeout) {
    return m_stream->read(buffer, timeout);
}

core::Status LoopbackStream::write(std::span<const std::uint8_t> bytes,
                                   std::chrono::milliseconds timeout) {
    return m_stream->write(bytes, timeout);
}

void LoopbackStream::close() {
    m_stream->close();
}

} // namespace chive::transport
