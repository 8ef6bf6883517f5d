#pragma once

// In-memory ByteStreams for the session tests: a Pipe is one direction of a
// connection; a PipeStream reads from one pipe and writes to another, so two
// of them make a connection, and a test can sit in the middle of one
// direction (FrameRelay) to drop, replay, reorder or alter frames. Reads
// return at most `maxChunk` bytes so that frames arrive split.

#include "core/crypto/X25519KeyPair.h"
#include "core/net/ByteStream.h"
#include "core/session/FrameReader.h"
#include "core/session/FrameWriter.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace chive::testing {

using namespace std::chrono_literals;

struct Pipe {
    std::mutex mutex;
    std::condition_variable changed;
    std::deque<std::uint8_t> bytes;
    bool writerClosed = false; // end of stream once drained
    bool readerClosed = false; // writes fail

    void put(std::span<const std::uint8_t> data) {
        {
            const std::lock_guard lock(mutex);
            bytes.insert(bytes.end(), data.begin(), data.end());
        }
        changed.notify_all();
    }
    void closeWriter() {
        {
            const std::lock_guard lock(mutex);
            writerClosed = true;
        }
        changed.notify_all();
    }
};

class PipeStream final : public core::ByteStream {
public:
    PipeStream(std::shared_ptr<Pipe> in, std::shared_ptr<Pipe> out, std::size_t maxChunk = 7)
        : m_in(std::move(in))
        , m_out(std::move(out))
        , m_maxChunk(maxChunk) {}
    ~PipeStream() override { close(); }
    PipeStream(const PipeStream&) = delete;
    PipeStream& operator=(const PipeStream&) = delete;
    PipeStream(PipeStream&&) = delete;
    PipeStream& operator=(PipeStream&&) = delete;

    core::Result<std::size_t> read(std::span<std::uint8_t> buffer,
                                   std::chrono::milliseconds timeout) override {
        std::unique_lock lock(m_in->mutex);
        const bool ready = m_in->changed.wait_for(lock, timeout, [&] {
            return m_closed.load() || !m_in->bytes.empty() || m_in->writerClosed;
        });
        if (m_closed.load()) {
            return core::fail(core::ErrorCode::Closed, "closed");
        }
        if (!ready) {
            return core::fail(core::ErrorCode::Timeout, "nothing to read");
        }
        if (m_in->bytes.empty()) {
            return std::size_t{0};
        }
        const std::size_t count = std::min({buffer.size(), m_in->bytes.size(), m_maxChunk});
        std::copy_n(m_in->bytes.begin(), count, buffer.begin());
        m_in->bytes.erase(m_in->bytes.begin(), m_in->bytes.begin() + static_cast<long>(count));
        return count;
    }

    core::Status write(std::span<const std::uint8_t> bytes, std::chrono::milliseconds) override {
        if (m_closed.load()) {
            return core::fail(core::ErrorCode::Closed, "closed");
        }
        {
            const std::lock_guard lock(m_out->mutex);
            if (m_out->readerClosed) {
                return core::fail(core::ErrorCode::Network, "the peer is gone");
            }
        }
        m_out->put(bytes);
        return {};
    }

    void close() override {
        m_closed.store(true);
        for (const auto& pipe : {m_in, m_out}) {
            {
                const std::lock_guard lock(pipe->mutex);
                if (pipe == m_in) {
                    pipe->readerClosed = true;
                } else {
                    pipe->writerClosed = true;
                }
            }
            pipe->changed.notify_all();
        }
    }

private:
    std::shared_ptr<Pipe> m_in;
    std::shared_ptr<Pipe> m_out;
    std::size_t m_maxChunk;
    std::atomic<bool> m_closed{false};
};

// Two ends of a connection. `aToB` is the pipe A writes into; when `relayed`
// B reads from `relayToB` instead, which the test (or a FrameRelay) fills.
struct Connection {
    std::shared_ptr<Pipe> aToB = std::make_shared<Pipe>();
    std::shared_ptr<Pipe> bToA = std::make_shared<Pipe>();
    std::shared_ptr<Pipe> relayToB = std::make_shared<Pipe>();
    std::unique_ptr<PipeStream> a;
    std::unique_ptr<PipeStream> b;

    explicit Connection(bool relayed = false) {
        a = std::make_unique<PipeStream>(bToA, aToB);
        b = std::make_unique<PipeStream>(relayed ? relayToB : aToB, bToA);
    }
};

// Forwards A's frames to B on its own thread, passing each through
// `policy(index, frame, history)`, which returns the frames to forward now
// (none to drop, two to replay, a held one to reorder). Frame 0 is the
// first handshake message.
class FrameRelay {
public:
    using Policy = std::function<std::vector<std::vector<std::uint8_t>>(
        std::size_t index, std::vector<std::uint8_t> frame,
        std::vector<std::vector<std::uint8_t>>& history)>;

    FrameRelay(Connection& connection, Policy policy)
        : m_from(connection.aToB)
        , m_to(connection.relayToB)
        , m_policy(std::move(policy))
        , m_thread([this] { run(); }) {}
    ~FrameRelay() {
        m_stop.store(true);
        m_from->changed.notify_all();
        m_thread.join();
    }
    FrameRelay(const FrameRelay&) = delete;
    FrameRelay& operator=(const FrameRelay&) = delete;
    FrameRelay(FrameRelay&&) = delete;
    FrameRelay& operator=(FrameRelay&&) = delete;

private:
    void run() {
        core::FrameReader reader;
        std::vector<std::vector<std::uint8_t>> history;
        std::size_t index = 0;
        while (!m_stop.load()) {
            std::vector<std::uint8_t> chunk;
            {
                std::unique_lock lock(m_from->mutex);
                m_from->changed.wait_for(lock, 20ms, [&] {
                    return m_stop.load() || !m_from->bytes.empty() || m_from->writerClosed;
                });
                chunk.assign(m_from->bytes.begin(), m_from->bytes.end());
                m_from->bytes.clear();
                if (chunk.empty() && m_from->writerClosed) {
                    break;
                }
            }
            std::span<const std::uint8_t> rest = chunk;
            while (!rest.empty()) {
                auto taken = reader.consume(rest);
                if (!taken) {
                    return;
                }
                rest = rest.subspan(*taken);
                if (reader.hasFrame()) {
                    auto frame = reader.takeFrame();
                    history.push_back(frame);
                    for (const auto& out : m_policy(index++, std::move(frame), history)) {
                        std::vector<std::uint8_t> framed;
                        (void)core::FrameWriter::append(out, framed);
                        m_to->put(framed);
                    }
                }
            }
        }
        m_to->closeWriter();
    }

    std::shared_ptr<Pipe> m_from;
    std::shared_ptr<Pipe> m_to;
    Policy m_policy;
    std::atomic<bool> m_stop{false};
    std::thread m_thread;
};

inline std::vector<std::uint8_t> fromHexString(const std::string& hex) {
    std::vector<std::uint8_t> bytes;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
        bytes.push_back(static_cast<std::uint8_t>(std::stoi(hex.substr(i, 2), nullptr, 16)));
    }
    return bytes;
}

inline std::string toHexString(std::span<const std::uint8_t> bytes) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string hex;
    for (const std::uint8_t byte : bytes) {
        hex.push_back(kDigits[byte >> 4]);
        hex.push_back(kDigits[byte & 0x0f]);
    }
    return hex;
}

// A key pair whose secret is `fill` repeated: deterministic, for golden tests.
inline core::X25519KeyPair fixedKeyPair(std::uint8_t fill) {
    const std::vector<std::uint8_t> secret(32, fill);
    return core::X25519KeyPair::fromSecretKey(secret).value();
}

} // namespace chive::testing
