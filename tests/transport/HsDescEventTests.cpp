// HS_DESC events as Tor 0.4.9 writes them (formats from
// src/feature/control/control_events.c of Debian's tor 0.4.9.11 source).

#include "transport/HsDescEvent.h"
#include "transport/OnionServiceKey.h"

#include <catch2/catch_test_macros.hpp>

#include <string>

using chive::core::ErrorCode;
using chive::transport::HsDescEvent;
using chive::transport::OnionServiceKey;

namespace {

const std::string kHsDir = "$B9E5A8D2F1C0E6F0B2E4D9A3C1F7E8D6A5B4C3D2~relay1";
const std::string kDescriptorId = "Z8+lR3f0kq0mJb3nV4p2Q1dX7yQ5cE9tH2wK6aS0uI4";

std::string serviceId() {
    const std::vector<std::uint8_t> seed(32, 7);
    return OnionServiceKey::fromSeed(seed)->address().serviceId();
}

} // namespace

TEST_CASE("HS_DESC upload events of a service parse", "[transport][hsdesc]") {
    const auto id = serviceId();
    auto upload = HsDescEvent::parse("HS_DESC UPLOAD " + id + " UNKNOWN " + kHsDir + " " +
                                     kDescriptorId + " HSDIR_INDEX=" + std::string(64, 'A'));
    REQUIRE(upload);
    CHECK(upload->action() == HsDescEvent::Action::Upload);
    REQUIRE(upload->address());
    CHECK(upload->address()->serviceId() == id);
    CHECK(upload->hsDir() == kHsDir);
    CHECK(upload->reason().empty());

    auto uploaded = HsDescEvent::parse("HS_DESC UPLOADED " + id + " UNKNOWN " + kHsDir);
    REQUIRE(uploaded);
    CHECK(uploaded->action() == HsDescEvent::Action::Uploaded);
    CHECK(uploaded->address()->serviceId() == id);
    CHECK(uploaded->hsDir() == kHsDir);

    auto failed = HsDescEvent::parse("HS_DESC FAILED " + id + " UNKNOWN " + kHsDir +
                                     " REASON=UPLOAD_REJECTED");
    REQUIRE(failed);
    CHECK(failed->action() == HsDescEvent::Action::Failed);
    CHECK(failed->reason() == "UPLOAD_REJECTED");

    auto created =
        HsDescEvent::parse("HS_DESC CREATED " + id + " UNKNOWN UNKNOWN " + kDescriptorId);
    REQUIRE(created);
    CHECK(created->action() == HsDescEvent::Action::Created);
    CHECK(created->hsDir() == "UNKNOWN");
}

TEST_CASE("HS_DESC fetch events and unknown actions parse", "[transport][hsdesc]") {
    const auto id = serviceId();
    auto failed = HsDescEvent::parse("HS_DESC FAILED " + id + " NO_AUTH " + kHsDir + " " +
                                     kDescriptorId + " REASON=NOT_FOUND");
    REQUIRE(failed);
    CHECK(failed->action() == HsDescEvent::Action::Failed);
    CHECK(failed->reason() == "NOT_FOUND");

    auto requested = HsDescEvent::parse("HS_DESC REQUESTED " + id + " NO_AUTH " + kHsDir + " " +
                                        kDescriptorId + " HSDIR_INDEX=00");
    REQUIRE(requested);
    CHECK(requested->action() == HsDescEvent::Action::Requested);

    auto future = HsDescEvent::parse("HS_DESC SOMETHING_NEW UNKNOWN UNKNOWN UNKNOWN");
    REQUIRE(future);
    CHECK(future->action() == HsDescEvent::Action::Other);
    CHECK_FALSE(future->address());
}

TEST_CASE("malformed HS_DESC events are refused", "[transport][hsdesc]") {
    const auto id = serviceId();
    auto broken = [](const std::string& text) {
        auto event = HsDescEvent::parse(text);
        return !event && event.error().code == ErrorCode::Malformed;
    };
    CHECK(broken(""));
    CHECK(broken("STATUS_CLIENT NOTICE BOOTSTRAP PROGRESS=5"));
    CHECK(broken("HS_DESC UPLOADED " + id + " UNKNOWN"));                 // no HSDir
    CHECK(broken("HS_DESC UPLOADED abcdefghijklmnop UNKNOWN " + kHsDir)); // v2 address
    std::string badChecksum = id;
    badChecksum[10] = badChecksum[10] == 'a' ? 'b' : 'a';
    CHECK(broken("HS_DESC UPLOADED " + badChecksum + " UNKNOWN " + kHsDir));
    CHECK(broken("HS_DESC UPLOADED " + id + " UNKNOWN " + std::string(200, 'x')));
    CHECK(broken("HS_DESC FAILED " + id + " UNKNOWN " + kHsDir + " REASON=\"a b\""));
    CHECK(
        broken("HS_DESC FAILED " + id + " UNKNOWN " + kHsDir + " REASON=" + std::string(65, 'A')));
    CHECK(broken("HS_DESC FAILED " + id + " UNKNOWN " + kHsDir + " REASON=\"unterminated"));
}
