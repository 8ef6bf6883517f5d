#include "transport/InboundStream.h"

#include <utility>

namespace chive::transport {

InboundStream::InboundStream(std::unique_ptr<SocketStream> stream, Counter serviceCount,
                             Counter totalCount)
    : m_stream(std::move(stream))
    , m_serviceCount(std::move(serviceCount))
    , m_totalCount(std::move(totalCount)) {}

InboundStream::~InboundStream() {
    // Close the descriptor before giving the slot back, so the bound counts
    // descriptors really in use.
    m_stream.reset();
    m_serviceCount->fetch_sub(1);
    m_totalCount->fetch_sub(1);
}

core::Result<std::size_t> InboundStream::read(std::span<std::uint8_t> buffer,
                                              std::chrono::milliseconds timeout) {
    return m_stream->read(buffer, timeout);
}

core::Status InboundStream::write(std::span<const std::uint8_t> bytes,
                                  std::chrono::milliseconds timeout) {
    return m_stream->write(bytes, timeout);
}

void InboundStream::close() {
    m_stream->close();
}

} // namespace chive::transport
