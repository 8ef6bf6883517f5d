// EmbeddedTor's event sinks: additional Tor events delivered to transport
// components next to the bootstrap events. Tor runs offline; CONF_CHANGED
// (sent on every SETCONF) is an event it emits without a network. Each test
// case runs in its own process (ctest).

#include "transport/EmbeddedTor.h"

#include <catch2/catch_test_macros.hpp>

#include <mutex>
#include <string>
#include <vector>

#include "tests/transport/OnionTestSupport.h"

using chive::core::ErrorCode;
using chive::testing::TempDir;
using chive::testing::waitFor;
using chive::transport::ControlEventSink;
using chive::transport::ControlReply;
using chive::transport::EmbeddedTor;
using chive::transport::TorOptions;
using namespace std::chrono_literals;

namespace {

class QuietTorListener : public chive::core::TorEventListener {
public:
    void onBootstrapStatus(const chive::core::BootstrapStatus&) override {}
    void onTorStopped(const std::string&) override {}
};

class RecordingSink : public ControlEventSink {
public:
    void onControlEvent(const ControlReply& event) override {
        std::lock_guard lock(m_mutex);
        m_events.push_back(event.firstText());
    }
    std::vector<std::string> events() {
        std::lock_guard lock(m_mutex);
        return m_events;
    }

private:
    std::mutex m_mutex;
    std::vector<std::string> m_events;
};

std::unique_ptr<EmbeddedTor> startOffline(const TempDir& dir, QuietTorListener& listener) {
    TorOptions options;
    options.dataDirectory = dir / "tor";
    options.disableNetwork = true;
    auto tor = EmbeddedTor::start(options, listener);
    REQUIRE(tor);
    return std::move(*tor);
}

} // namespace

TEST_CASE("an event sink receives the events it subscribed to, until removed",
          "[transport][tor][events]") {
    TempDir dir;
    QuietTorListener listener;
    auto tor = startOffline(dir, listener);
    RecordingSink confSink;
    RecordingSink otherSink;
    REQUIRE(tor->addEventSink(confSink, {"CONF_CHANGED"}));
    REQUIRE(tor->addEventSink(otherSink, {"HS_DESC"}));

    REQUIRE(tor->control().command("SETCONF MaxCircuitDirtiness=700"));
    REQUIRE(waitFor([&] { return !confSink.events().empty(); }, 5s));
    CHECK(confSink.events().front().starts_with("CONF_CHANGED"));
    CHECK(otherSink.events().empty()); // only the names it asked for

    tor->removeEventSink(confSink);
    const auto seen = confSink.events().size();
    REQUIRE(tor->control().command("SETCONF MaxCircuitDirtiness=800"));
    // A command after the SETCONF returns after any event it caused.
    REQUIRE(tor->control().command("GETINFO version"));
    CHECK(confSink.events().size() == seen);
}

TEST_CASE("event sinks are checked before Tor is asked", "[transport][tor][events]") {
    TempDir dir;
    QuietTorListener listener;
    auto tor = startOffline(dir, listener);
    RecordingSink sink;
    auto bad = tor->addEventSink(sink, {"HS_DESC; SIGNAL SHUTDOWN"});
    REQUIRE_FALSE(bad);
    CHECK(bad.error().code == ErrorCode::InvalidArgument);
    auto unknown = tor->addEventSink(sink, {"NO_SUCH_EVENT"});
    REQUIRE_FALSE(unknown);
    CHECK(unknown.error().code == ErrorCode::Tor); // Tor's own refusal
    REQUIRE(tor->addEventSink(sink, {"HS_DESC"}));
    auto twice = tor->addEventSink(sink, {"CONF_CHANGED"});
    REQUIRE_FALSE(twice);
    CHECK(twice.error().code == ErrorCode::AlreadyExists);
    // Tor still runs and still answers: the refused SETEVENTS left the
    // subscription as it was.
    CHECK(tor->version());
}
