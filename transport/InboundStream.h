#pragma once

// InboundStream: a stream that a client opened to one of our onion services,
// as TorTransport hands it to TransportListener::onInboundStream. It forwards
// everything to the SocketStream it owns; its only job is to hold one slot of
// the transport's bound on outstanding inbound streams (per service and in
// total) and to give it back when the listener destroys the stream.
//
// Ownership: owns the SocketStream. The counters are shared, so a stream may
// outlive the service it arrived on and the transport itself.
//
// Threads: as core::ByteStream (one reader, one writer, close() from any
// thread).

#include "core/net/ByteStream.h"
#include "transport/SocketStream.h"

#include <atomic>
#include <cstddef>
#include <memory>

namespace chive::transport {

class InboundStream final : public core::ByteStream {
public:
    using Counter = std::shared_ptr<std::atomic<std::size_t>>;

    // The caller has already counted this stream in `serviceCount` and
    // `totalCount`; the destructor decrements both.
    InboundStream(std::unique_ptr<SocketStream> stream, Counter serviceCount, Counter totalCount);
    ~InboundStream() override;
    InboundStream(const InboundStream&) = delete;
    InboundStream& operator=(const InboundStream&) = delete;
    InboundStream(InboundStream&&) = delete;
    InboundStream& operator=(InboundStream&&) = delete;

    core::Result<std::size_t> read(std::span<std::uint8_t> buffer,
                                   std::chrono::milliseconds timeout) override;
    core::Status write(std::span<const std::uint8_t> bytes,
                       std::chrono::milliseconds timeout) override;
    void close() override;

private:
    std::unique_ptr<SocketStream> m_stream;
    Counter m_serviceCount;
    Counter m_totalCount;
};

} // namespace chive::transport
