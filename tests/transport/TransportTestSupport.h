#pragma once

// Helpers for the TorTransport tests, offline and on the private network: a
// TransportListener that records what it is told, a unix-socket client, and
// a query of the onion services Tor holds. Header-only so that each test
// file stays self-contained.

#include "core/net/Transport.h"
#include "transport/ControlConnection.h"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace chive::testing {

class RecordingTransportListener : public core::TransportListener {
public:
    void onServiceReachable(const core::Ed25519PublicKey& service) override {
        std::lock_guard lock(m_mutex);
        m_reachable.push_back(service);
        m_changed.notify_all();
    }
    void onServiceUploadFailed(const core::Ed25519PublicKey& service,
                               const std::string& reason) override {
        std::lock_guard lock(m_mutex);
        m_failed.emplace_back(service, reason);
        m_changed.notify_all();
    }
    void onInboundStream(const core::Ed25519PublicKey& service,
                         std::unique_ptr<core::ByteStream> stream) override {
        std::lock_guard lock(m_mutex);
        m_streams.emplace_back(service, std::move(stream));
        ++m_streamCount;
        m_changed.notify_all();
    }

    // Waits until `service` has been reported reachable.
    bool waitReachable(const core::Ed25519PublicKey& service, std::chrono::milliseconds limit) {
        std::unique_lock lock(m_mutex);
        return m_changed.wait_for(lock, limit, [&] {
            return std::find(m_reachable.begin(), m_reachable.end(), service) != m_reachable.end();
        });
    }
    // Waits for the next inbound stream and takes it; null on timeout.
    std::unique_ptr<core::ByteStream> takeStream(std::chrono::milliseconds limit,
                                                 core::Ed25519PublicKey* service = nullptr) {
        std::unique_lock lock(m_mutex);
        if (!m_changed.wait_for(lock, limit, [&] { return !m_streams.empty(); })) {
            return nullptr;
        }
        auto [key, stream] = std::move(m_streams.front());
        m_streams.erase(m_streams.begin());
        if (service != nullptr) {
            *service = key;
        }
        return std::move(stream);
    }
    // Streams delivered so far (taken or not).
    std::size_t streamCount() {
        std::lock_guard lock(m_mutex);
        return m_streamCount;
    }
    std::size_t reachableCount() {
        std::lock_guard lock(m_mutex);
        return m_reachable.size();
    }
    std::size_t failedCount() {
        std::lock_guard lock(m_mutex);
        return m_failed.size();
    }
    // Drops the streams not taken (the listener owns them).
    void dropStreams() {
        std::lock_guard lock(m_mutex);
        m_streams.clear();
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::vector<core::Ed25519PublicKey> m_reachable;
    std::vector<std::pair<core::Ed25519PublicKey, std::string>> m_failed;
    std::vector<std::pair<core::Ed25519PublicKey, std::unique_ptr<core::ByteStream>>> m_streams;
    std::size_t m_streamCount = 0;
};

// A blocking client connection to a unix stream socket; -1 on failure.
inline int connectUnix(const std::filesystem::path& path) {
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return -1;
    }
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    const std::string text = path.string();
    if (text.size() >= sizeof(address.sun_path)) {
        ::close(fd);
        return -1;
    }
    std::copy(text.begin(), text.end(), address.sun_path);
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof(address)) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

// The ephemeral onion services this control connection holds (GETINFO
// onions/current): one id, or a data block of ids, or nothing.
inline std::set<std::string> currentOnions(transport::ControlConnection& control) {
    std::set<std::string> ids;
    auto reply = control.command("GETINFO onions/current");
    if (!reply) {
        return ids;
    }
    const std::string prefix = "onions/current=";
    for (const auto& line : reply->lines) {
        if (!line.text.starts_with(prefix)) {
            continue;
        }
        if (line.text.size() > prefix.size()) {
            ids.insert(line.text.substr(prefix.size()));
        }
        if (line.data) {
            std::istringstream in(*line.data);
            for (std::string id; std::getline(in, id);) {
                if (!id.empty()) {
                    ids.insert(id);
                }
            }
        }
    }
    return ids;
}

} // namespace chive::testing
