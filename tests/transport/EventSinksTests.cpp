#include "transport/EventSinks.h"

#include <catch2/catch_test_macros.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <utility>

using chive::transport::ControlReply;
using chive::transport::ControlReplyLine;
using chive::transport::EventSinks;

namespace {

ControlReply event(std::string text) {
    ControlReply reply;
    reply.status = 650;
    reply.lines.push_back(ControlReplyLine{' ', std::move(text), std::nullopt});
    return reply;
}

} // namespace

// The sinks' side of route() needs a control connection (add() subscribes);
// EmbeddedTorEventSinkTests covers it against a real Tor.
TEST_CASE("bootstrap events are the owner's, parsed, and never a sink's", "[transport][events]") {
    EventSinks sinks(std::chrono::milliseconds(100));

    auto progress = sinks.route(
        event(R"(STATUS_CLIENT NOTICE BOOTSTRAP PROGRESS=14 TAG=handshake SUMMARY="Handshaking")"));
    REQUIRE(progress);
    CHECK(progress->progress == 14);
    CHECK(progress->tag == "handshake");

    // Other status events and malformed ones report no progress.
    CHECK_FALSE(sinks.route(event("STATUS_CLIENT NOTICE CIRCUIT_ESTABLISHED")));
    CHECK_FALSE(sinks.route(event("STATUS_CLIENT NOTICE BOOTSTRAP PROGRESS=oops")));
    // A name that only starts like STATUS_CLIENT is some other event.
    CHECK_FALSE(sinks.route(
        event(R"(STATUS_CLIENTX NOTICE BOOTSTRAP PROGRESS=14 TAG=handshake SUMMARY="x")")));
    CHECK_FALSE(sinks.route(event("HS_DESC UPLOADED abc UNKNOWN $AAAA")));
}
