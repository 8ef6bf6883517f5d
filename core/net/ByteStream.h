#pragma once

// ByteStream: one reliable, ordered, bidirectional byte stream to a peer (a
// Tor stream to an onion service, or a loopback pair in tests). The protocol
// core frames, encrypts and authenticates everything it sends over one; the
// stream itself promises nothing about who is at the other end.
//
// Threads: read() and write() may be called from different threads at the
// same time (one reader, one writer). close() may be called from any thread,
// at any time, and makes a read() or write() blocked on another thread return
// Closed promptly. The object must outlive every call into it.

#include "core/Result.h"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <span>

namespace chive::core {

class ByteStream {
public:
    virtual ~ByteStream() = default;

    // Reads at least one and at most buffer.size() bytes, waiting up to
    // `timeout`. Returns 0 when the peer has closed its side (end of stream).
    // Errors: Timeout (nothing arrived in time; the stream is still usable),
    // Closed (close() was called), Network or Io (the stream broke).
    virtual Result<std::size_t> read(std::span<std::uint8_t> buffer,
                                     std::chrono::milliseconds timeout) = 0;

    // Writes all of `bytes`, waiting up to `timeout` for the peer to take
    // them. Errors: Timeout (the stream is then unusable: part of the bytes
    // may have been sent), Closed, Network or Io.
    virtual Status write(std::span<const std::uint8_t> bytes,
                         std::chrono::milliseconds timeout) = 0;

    // Ends the stream in both directions. Idempotent.
    virtual void close() = 0;

protected:
    ByteStream() = default;
    ByteStream(const ByteStream&) = default;
    ByteStream& operator=(const ByteStream&) = default;
    ByteStream(ByteStream&&) = default;
    ByteStream& operator=(ByteStream&&) = default;
};

} // namespace chive::core
