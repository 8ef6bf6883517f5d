// Each test case runs in its own process (ctest), because Tor may start only
// once per process.
#include "transport/EmbeddedTor.h"

#include <catch2/catch_test_macros.hpp>
#include <dirent.h>
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <mutex>
#include <thread>
#include <vector>

using chive::core::BootstrapStatus;
using chive::core::ErrorCode;
using chive::transport::EmbeddedTor;
using chive::transport::TorOptions;

namespace {

class RecordingListener : public chive::core::TorEventListener {
public:
    void onBootstrapStatus(const BootstrapStatus& status) override {
        std::lock_guard lock(m_mutex);
        m_statuses.push_back(status);
    }
    void onTorStopped(const std::string& reason) override {
        std::lock_guard lock(m_mutex);
        m_stopped = true;
        m_stopReason = reason;
    }
    bool stopped() {
        std::lock_guard lock(m_mutex);
        return m_stopped;
    }

private:
    std::mutex m_mutex;
    std::vector<BootstrapStatus> m_statuses;
    bool m_stopped = false;
    std::string m_stopReason;
};

std::size_t threadCount() {
    std::size_t count = 0;
    for ([[maybe_unused]] const auto& entry :
         std::filesystem::directory_iterator("/proc/self/task")) {
        ++count;
    }
    return count;
}

struct TempDir {
    std::filesystem::path path;
    TempDir() {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "chive-tor-XXXXXX").string();
        REQUIRE(::mkdtemp(pattern.data()) != nullptr);
        path = pattern;
    }
    ~TempDir() { std::filesystem::remove_all(path); }
};

} // namespace

TEST_CASE("embedded Tor starts offline, reports the pinned version and stops cleanly",
          "[transport][tor]") {
    TempDir dir;
    RecordingListener listener;
    const std::size_t threadsBefore = threadCount();

    TorOptions options;
    options.dataDirectory = dir.path / "tor";
    options.disableNetwork = true;
    auto tor = EmbeddedTor::start(options, listener);
    REQUIRE(tor);

    auto version = (*tor)->version();
    REQUIRE(version);
    CHECK(*version == CHIVE_TOR_VERSION);
    CHECK(EmbeddedTor::linkedVersion() == CHIVE_TOR_VERSION);

    // The data directory is private.
    struct stat info {};
    REQUIRE(::stat(options.dataDirectory.c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0700);
    CHECK((*tor)->bootstrapStatus().progress < 100); // no network, no bootstrap

    (*tor)->stop();
    CHECK(listener.stopped());
    tor->reset();
    // A joined thread can stay listed in /proc for a moment after join()
    // returns (the kernel wakes the joiner before it has finished removing
    // the task); on a loaded machine that moment is long enough to see.
    const auto settle = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    while (threadCount() != threadsBefore && std::chrono::steady_clock::now() < settle) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    CHECK(threadCount() == threadsBefore);
}

TEST_CASE("Tor cannot be started twice in one process", "[transport][tor]") {
    TempDir dir;
    RecordingListener listener;
    TorOptions options;
    options.dataDirectory = dir.path / "tor";
    options.disableNetwork = true;
    auto first = EmbeddedTor::start(options, listener);
    REQUIRE(first);
    (*first)->stop();
    auto second = EmbeddedTor::start(options, listener);
    REQUIRE_FALSE(second);
    CHECK(second.error().code == ErrorCode::Tor);
}

TEST_CASE("an unknown torrc option is a clear start-up error", "[transport][tor]") {
    TempDir dir;
    RecordingListener listener;
    TorOptions options;
    options.dataDirectory = dir.path / "tor";
    options.disableNetwork = true;
    options.extraTorrcLines = {"NoSuchTorOption 1"};
    auto tor = EmbeddedTor::start(options, listener);
    REQUIRE_FALSE(tor);
    CHECK(tor.error().code == ErrorCode::Tor);
    CHECK(tor.error().message.find("Tor did not start") != std::string::npos);
}

TEST_CASE("torrc lines that are not options are refused before Tor starts", "[transport][tor]") {
    TempDir dir;
    RecordingListener listener;
    TorOptions options;
    options.dataDirectory = dir.path / "tor";
    options.extraTorrcLines = {"# a comment", "", "Bad-Key value"};
    auto tor = EmbeddedTor::start(options, listener);
    REQUIRE_FALSE(tor);
    CHECK(tor.error().code == ErrorCode::InvalidArgument);
}
