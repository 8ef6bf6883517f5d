#pragma once

// Helpers for the protocol tests and the delivery benchmark: a transport
// listener that hands inbound streams to the test, a stream that loses or
// breaks a chosen write, temporary directories, and the two ends of a
// session over a LoopbackTransport.

#include "core/Result.h"
#include "core/crypto/X25519KeyPair.h"
#include "core/net/ByteStream.h"
#include "core/net/Transport.h"
#include "core/session/Session.h"
#include "transport/LoopbackTransport.h"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>
#include <utility>

namespace chive::testing {

using namespace std::chrono_literals;

// Keeps the inbound streams a transport reports until the test takes them.
class InboundQueue final : public core::TransportListener {
public:
    void onServiceReachable(const core::Ed25519PublicKey& /*service*/) override {}
    void onServiceUploadFailed(const core::Ed25519PublicKey& /*service*/,
                               const std::string& /*reason*/) override {}
    void onInboundStream(const core::Ed25519PublicKey& service,
                         std::unique_ptr<core::ByteStream> stream) override {
        {
            const std::lock_guard lock(m_mutex);
            m_streams.emplace_back(service, std::move(stream));
        }
        m_changed.notify_all();
    }

    // The next inbound stream, or null after `timeout`.
    std::unique_ptr<core::ByteStream> take(std::chrono::milliseconds timeout,
                                           core::Ed25519PublicKey* service = nullptr) {
        std::unique_lock lock(m_mutex);
        if (!m_changed.wait_for(lock, timeout, [&] { return !m_streams.empty(); })) {
            return nullptr;
        }
        auto [key, stream] = std::move(m_streams.front());
        m_streams.pop_front();
        if (service != nullptr) {
            *service = key;
        }
        return std::move(stream);
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<std::pair<core::Ed25519PublicKey, std::unique_ptr<core::ByteStream>>> m_streams;
};

// Passes everything through, except that from write number `dropAt`
// (counting from 1) on, writes are reported as done but never sent (a peer
// that stalls: dropping one frame alone would only make the next fail
// authentication), and write number `breakAt` fails and closes the stream,
// as a connection that dies right then. 0 disables either.
class FaultyStream final : public core::ByteStream {
public:
    FaultyStream(std::unique_ptr<core::ByteStream> inner, int dropAt, int breakAt)
        : m_inner(std::move(inner))
        , m_dropAt(dropAt)
        , m_breakAt(breakAt) {}
    ~FaultyStream() override { m_inner->close(); }
    FaultyStream(const FaultyStream&) = delete;
    FaultyStream& operator=(const FaultyStream&) = delete;
    FaultyStream(FaultyStream&&) = delete;
    FaultyStream& operator=(FaultyStream&&) = delete;

    core::Result<std::size_t> read(std::span<std::uint8_t> buffer,
                                   std::chrono::milliseconds timeout) override {
        return m_inner->read(buffer, timeout);
    }
    core::Status write(std::span<const std::uint8_t> bytes,
                       std::chrono::milliseconds timeout) override {
        const int number = ++m_writes;
        if (m_dropAt != 0 && number >= m_dropAt) {
            return {};
        }
        if (number == m_breakAt) {
            m_inner->close();
            return core::fail(core::ErrorCode::Network, "the connection broke (test)");
        }
        return m_inner->write(bytes, timeout);
    }
    void close() override { m_inner->close(); }

private:
    std::unique_ptr<core::ByteStream> m_inner;
    int m_dropAt;
    int m_breakAt;
    std::atomic<int> m_writes{0};
};

// A private temporary directory, removed with everything in it. Under
// /dev/shm when it exists: the delivery tests commit tens of thousands of
// SQLCipher transactions, and the database code is the same on any file
// system (CHIVE_TEST_TMPDIR overrides).
class TempDir {
public:
    TempDir() {
        std::filesystem::path base = std::filesystem::temp_directory_path();
        if (const char* chosen = std::getenv("CHIVE_TEST_TMPDIR"); chosen != nullptr) {
            base = chosen;
        } else if (::access("/dev/shm", W_OK) == 0) {
            base = "/dev/shm";
        }
        std::string pattern = (base / "chive-protocol-XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr) {
            throw std::runtime_error("mkdtemp failed");
        }
        m_path = pattern;
    }
    ~TempDir() {
        std::error_code error;
        std::filesystem::remove_all(m_path, error);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    TempDir(TempDir&&) = delete;
    TempDir& operator=(TempDir&&) = delete;

    [[nodiscard]] const std::filesystem::path& path() const { return m_path; }

private:
    std::filesystem::path m_path;
};

struct SessionPair {
    std::unique_ptr<core::Session> initiator;
    std::unique_ptr<core::Session> responder;
};

// Connects `from` to `service` and runs the KK handshake on both ends (the
// responder's stream comes from `inbound`), each side with its own static
// key and the peer key it believes in. Fails with the first error.
inline core::Result<SessionPair>
openSessions(core::Transport& from, const core::Ed25519PublicKey& service, InboundQueue& inbound,
             const core::X25519KeyPair& initiatorKey, const core::X25519PublicKey& initiatorPeer,
             const core::X25519KeyPair& responderKey, const core::X25519PublicKey& responderPeer,
             const core::SessionOptions& options = {}) {
    auto stream = from.connect(service, 5s);
    if (!stream) {
        return core::fail(stream.error());
    }
    auto accepted = inbound.take(5s);
    if (!accepted) {
        return core::fail(core::ErrorCode::Timeout, "no inbound stream");
    }
    std::unique_ptr<core::Session> responder;
    std::optional<core::Error> responderError;
    std::thread acceptor([&] {
        auto session =
            core::Session::accept(std::move(accepted), responderKey, responderPeer, options);
        if (session) {
            responder = std::move(*session);
        } else {
            responderError = session.error();
        }
    });
    auto initiator =
        core::Session::initiate(std::move(*stream), initiatorKey, initiatorPeer, options);
    acceptor.join();
    if (!initiator) {
        return core::fail(initiator.error());
    }
    if (responderError) {
        return core::fail(*responderError);
    }
    return SessionPair{std::move(*initiator), std::move(responder)};
}

} // namespace chive::testing
