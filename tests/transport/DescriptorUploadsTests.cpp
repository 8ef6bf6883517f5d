// Which HS_DESC events of one of our services are upload outcomes: the
// event lines are the forms Tor 0.4.9.11 writes (control_events.c).

#include "transport/DescriptorUploads.h"
#include "transport/HsDescEvent.h"
#include "transport/OnionServiceKey.h"

#include <catch2/catch_test_macros.hpp>

#include <string>
#include <vector>

using chive::transport::DescriptorUploads;
using chive::transport::HsDescEvent;
using chive::transport::OnionServiceKey;
using Outcome = DescriptorUploads::Outcome;

namespace {

const std::string kDescriptorId = "Z8+lR3f0kq0mJb3nV4p2Q1dX7yQ5cE9tH2wK6aS0uI4";

std::string hsDir(int n) {
    return "$" + std::string(39, 'A') + std::to_string(n % 10) + "~relay" + std::to_string(n);
}

std::string serviceId() {
    const std::vector<std::uint8_t> seed(32, 9);
    return OnionServiceKey::fromSeed(seed)->address().serviceId();
}

HsDescEvent event(const std::string& text) {
    auto parsed = HsDescEvent::parse(text);
    REQUIRE(parsed);
    return *parsed;
}

HsDescEvent upload(int dir) {
    return event("HS_DESC UPLOAD " + serviceId() + " UNKNOWN " + hsDir(dir) + " " + kDescriptorId +
                 " HSDIR_INDEX=00");
}
HsDescEvent uploaded(int dir) {
    return event("HS_DESC UPLOADED " + serviceId() + " UNKNOWN " + hsDir(dir));
}
HsDescEvent failed(int dir, const std::string& reason, const std::string& auth = "UNKNOWN") {
    return event("HS_DESC FAILED " + serviceId() + " " + auth + " " + hsDir(dir) + " " +
                 kDescriptorId + " REASON=" + reason);
}

} // namespace

TEST_CASE("an upload round is reachable once, and each failed HSDir is reported",
          "[transport][hsdesc]") {
    DescriptorUploads uploads;
    for (int dir = 1; dir <= 4; ++dir) {
        CHECK(uploads.onEvent(upload(dir)) == Outcome::None);
    }
    CHECK(uploads.pending() == 4);
    CHECK(uploads.onEvent(uploaded(1)) == Outcome::Uploaded);
    CHECK(uploads.onEvent(uploaded(2)) == Outcome::None); // same round
    CHECK(uploads.onEvent(failed(3, "UNEXPECTED")) == Outcome::UploadFailed);
    CHECK(uploads.onEvent(uploaded(4)) == Outcome::None);
    CHECK(uploads.pending() == 0);
    // The same FAILED again is no longer about an upload under way.
    CHECK(uploads.onEvent(failed(3, "UNEXPECTED")) == Outcome::None);

    // The next round (a re-upload) is reported again.
    CHECK(uploads.onEvent(upload(5)) == Outcome::None);
    CHECK(uploads.onEvent(uploaded(5)) == Outcome::Uploaded);
}

TEST_CASE("a failed fetch of our own service is not an upload failure", "[transport][hsdesc]") {
    DescriptorUploads uploads;
    CHECK(uploads.onEvent(upload(1)) == Outcome::None);
    CHECK(uploads.onEvent(failed(3, "NOT_FOUND", "NO_AUTH")) == Outcome::None);
    CHECK(uploads.pending() == 1);
    // Tor's own upload reason counts even without a matching UPLOAD.
    CHECK(uploads.onEvent(failed(4, "UPLOAD_REJECTED")) == Outcome::UploadFailed);
    // Other actions change nothing.
    CHECK(uploads.onEvent(event("HS_DESC CREATED " + serviceId() + " UNKNOWN UNKNOWN " +
                                kDescriptorId)) == Outcome::None);
    CHECK(uploads.pending() == 1);
}

TEST_CASE("the HSDirs remembered are bounded", "[transport][hsdesc]") {
    DescriptorUploads uploads;
    for (int i = 0; i < 200; ++i) {
        CHECK(uploads.onEvent(event("HS_DESC UPLOAD " + serviceId() + " UNKNOWN $" +
                                    std::to_string(1000 + i) + "~r " + kDescriptorId)) ==
              Outcome::None);
    }
    CHECK(uploads.pending() == DescriptorUploads::kMaxPending);
}
