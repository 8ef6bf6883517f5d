// Runs on the private Tor network (ctest fixture "tor_network"): the
// embedded Tor joins it with the client torrc lines the network printed and
// must bootstrap to 100%.
#include "transport/EmbeddedTor.h"

#include <catch2/catch_test_macros.hpp>

#include <algorithm>
#include <condition_variable>
#include <cstdlib>
#include <fstream>
#include <mutex>

#include "tests/transport/network/NetworkTestSupport.h"

using chive::core::BootstrapStatus;
using chive::testing::network::clientTorrc;
using chive::transport::EmbeddedTor;
using chive::transport::TorOptions;

namespace {

class WaitingListener : public chive::core::TorEventListener {
public:
    void onBootstrapStatus(const BootstrapStatus& status) override {
        std::lock_guard lock(m_mutex);
        m_progress.push_back(status.progress);
        m_changed.notify_all();
    }
    void onTorStopped(const std::string&) override {}

    bool waitForDone(std::chrono::seconds timeout) {
        std::unique_lock lock(m_mutex);
        return m_changed.wait_for(lock, timeout,
                                  [&] { return !m_progress.empty() && m_progress.back() >= 100; });
    }
    std::vector<int> progress() {
        std::lock_guard lock(m_mutex);
        return m_progress;
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::vector<int> m_progress;
};

} // namespace

TEST_CASE("embedded Tor bootstraps on the private network", "[transport][tor][network]") {
    std::string pattern = (std::filesystem::temp_directory_path() / "chive-tornet-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    const std::filesystem::path dir = pattern;

    WaitingListener listener;
    TorOptions options;
    options.dataDirectory = dir / "tor";
    options.extraTorrcLines = clientTorrc();
    auto tor = EmbeddedTor::start(options, listener);
    REQUIRE(tor);
    const bool done = listener.waitForDone(std::chrono::seconds(180));
    const auto progress = listener.progress();
    INFO("bootstrap progress seen: " << progress.size() << " steps");
    CHECK(done);
    CHECK((*tor)->bootstrapStatus().done());
    // Progress only moves forward.
    CHECK(std::is_sorted(progress.begin(), progress.end()));
    (*tor)->stop();
    std::filesystem::remove_all(dir);
}
