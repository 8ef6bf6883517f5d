#pragma once

// DeadlineStream: a ByteStream that ends at a fixed point in time. Every read
// and write waits at most until the deadline; once it has passed, a read
// still returns bytes that have already arrived, and otherwise the stream is
// closed and reports Closed ("… ran out of time"). Closed rather than Timeout
// so that a reader that retries on Timeout (Session::receive) stops at once;
// the owner compares the clock with the deadline to tell a timeout from a
// hang-up. Used to bound a whole protocol run, such as the contact exchange,
// with one deadline rather than one per step.
//
// Ownership: owns the inner stream. Threads: as ByteStream (one reader, one
// writer, close() from anywhere).

#include "core/net/ByteStream.h"

#include <chrono>
#include <memory>

namespace chive::core {

class DeadlineStream final : public ByteStream {
public:
    DeadlineStream(std::unique_ptr<ByteStream> inner,
                   std::chrono::steady_clock::time_point deadline);
    ~DeadlineStream() override;
    DeadlineStream(const DeadlineStream&) = delete;
    DeadlineStream& operator=(const DeadlineStream&) = delete;
    DeadlineStream(DeadlineStream&&) = delete;
    DeadlineStream& operator=(DeadlineStream&&) = delete;

    Result<std::size_t> read(std::span<std::uint8_t> buffer,
                             std::chrono::milliseconds timeout) override;
    Status write(std::span<const std::uint8_t> bytes, std::chrono::milliseconds timeout) override;
    void close() override;

    [[nodiscard]] bool expired() const noexcept;

private:
    [[nodiscard]] std::chrono::milliseconds clamp(std::chrono::milliseconds timeout) const noexcept;

    std::unique_ptr<ByteStream> m_inner;
    std::chrono::steady_clock::time_point m_deadline;
};

} // namespace chive::core
