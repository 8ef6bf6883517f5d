#include "core/engine/NetworkEventRelay.h"

#include <catch2/catch_test_macros.hpp>

#include <memory>
#include <string>
#include <vector>

using namespace chive::core;

namespace {

class CountingTarget final : public TransportListener, public TorEventListener {
public:
    void onServiceReachable(const Ed25519PublicKey& /*service*/) override { ++reachable; }
    void onServiceUploadFailed(const Ed25519PublicKey& /*service*/,
                               const std::string& /*reason*/) override {}
    void onInboundStream(const Ed25519PublicKey& /*service*/,
                         std::unique_ptr<ByteStream> stream) override {
        streams.push_back(std::move(stream));
    }
    void onBootstrapStatus(const BootstrapStatus& status) override {
        statuses.push_back(status.progress);
    }
    void onTorStopped(const std::string& reason) override { stopped.push_back(reason); }

    int reachable = 0;
    std::vector<std::unique_ptr<ByteStream>> streams;
    std::vector<int> statuses;
    std::vector<std::string> stopped;
};

// Records whether it was closed (destroyed streams are closed streams).
class FlagStream final : public ByteStream {
public:
    explicit FlagStream(bool& destroyed)
        : m_destroyed(destroyed) {}
    ~FlagStream() override { m_destroyed = true; }
    FlagStream(const FlagStream&) = delete;
    FlagStream& operator=(const FlagStream&) = delete;
    FlagStream(FlagStream&&) = delete;
    FlagStream& operator=(FlagStream&&) = delete;
    Result<std::size_t> read(std::span<std::uint8_t> /*buffer*/,
                             std::chrono::milliseconds /*timeout*/) override {
        return std::size_t{0};
    }
    Status write(std::span<const std::uint8_t> /*bytes*/,
                 std::chrono::milliseconds /*timeout*/) override {
        return {};
    }
    void close() override {}

private:
    bool& m_destroyed;
};

} // namespace

TEST_CASE("relay replays the newest bootstrap status to an engine attached later",
          "[engine][relay]") {
    NetworkEventRelay relay;
    relay.onBootstrapStatus(BootstrapStatus{50, "conn", "Connecting", {}, {}, 0});
    relay.onBootstrapStatus(BootstrapStatus{100, "done", "Done", {}, {}, 0});
    CountingTarget target;
    relay.attach(target, target);
    CHECK(target.statuses == std::vector<int>{100});
    relay.onServiceReachable(Ed25519PublicKey{});
    CHECK(target.reachable == 1);
    relay.onTorStopped("gone");
    CHECK(target.stopped == std::vector<std::string>{"gone"});
}

TEST_CASE("relay closes inbound streams when no engine is attached", "[engine][relay]") {
    NetworkEventRelay relay;
    bool destroyed = false;
    relay.onInboundStream(Ed25519PublicKey{}, std::make_unique<FlagStream>(destroyed));
    CHECK(destroyed);

    CountingTarget target;
    relay.attach(target, target);
    bool kept = false;
    relay.onInboundStream(Ed25519PublicKey{}, std::make_unique<FlagStream>(kept));
    CHECK_FALSE(kept);
    CHECK(target.streams.size() == 1);
    relay.detach();
    bool late = false;
    relay.onInboundStream(Ed25519PublicKey{}, std::make_unique<FlagStream>(late));
    CHECK(late);
    CHECK(target.streams.size() == 1);
}
