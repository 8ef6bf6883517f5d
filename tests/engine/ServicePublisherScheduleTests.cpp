#include "core/engine/ServicePublisherSchedule.h"

#include <catch2/catch_test_macros.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

using namespace chive::core;
using namespace std::chrono_literals;

// The schedule takes the time as an argument: these tests run on a clock of
// their own, so every timeout and retry is checked to the millisecond.

namespace {

using Schedule = ServicePublisherSchedule;
using Action = Schedule::Action;
using Priority = Schedule::Priority;
using Clock = Schedule::Clock;

const Clock::time_point kStart{std::chrono::hours(1000)};

Ed25519PublicKey key(std::uint8_t n) {
    Ed25519PublicKey out{};
    out[0] = n;
    out[31] = 0xA5;
    return out;
}

// Takes every step due at `now`.
std::vector<Schedule::Step> drain(Schedule& schedule, Clock::time_point now) {
    std::vector<Schedule::Step> steps;
    while (auto step = schedule.next(now)) {
        steps.push_back(*step);
    }
    return steps;
}

Schedule::Limits limits() {
    Schedule::Limits out;
    out.window = 5;
    out.uploadTimeout = 45s;
    out.republishes = 2;
    out.failuresBeforeRepublish = 8;
    out.retryInitial = 10min;
    out.retryMaximum = 40min;
    return out;
}

} // namespace

TEST_CASE("schedule publishes nothing before the network is ready", "[engine][publisher]") {
    Schedule schedule(limits());
    schedule.add(key(1), Priority::rendezvous());
    schedule.add(key(2), Priority::contact(0));
    CHECK_FALSE(schedule.next(kStart));
    CHECK(schedule.wakeAt() == Clock::time_point::max());
    schedule.setNetworkReady(true, kStart);
    CHECK(drain(schedule, kStart).size() == 2);
}

TEST_CASE("schedule keeps at most 5 services waiting for their first upload; an upload frees "
          "a slot",
          "[engine][publisher]") {
    Schedule schedule(limits());
    schedule.setNetworkReady(true, kStart);
    for (std::uint8_t n = 1; n <= 12; ++n) {
        schedule.add(key(n), Priority::contact(0));
    }
    auto steps = drain(schedule, kStart);
    REQUIRE(steps.size() == 5);
    for (std::size_t i = 0; i < steps.size(); ++i) {
        CHECK(steps[i].action == Action::Publish);
        CHECK(steps[i].service == key(static_cast<std::uint8_t>(i + 1))); // in the order added
    }
    CHECK(schedule.waiting() == 5);
    CHECK(schedule.queued() == 7);

    CHECK(schedule.reachable(key(3)));
    CHECK_FALSE(schedule.contains(key(3))); // uploaded: forgotten
    steps = drain(schedule, kStart + 1s);
    REQUIRE(steps.size() == 1);
    CHECK(steps[0].service == key(6));
    CHECK(drain(schedule, kStart + 2s).empty());

    // Withdrawing a waiting service frees its slot too.
    CHECK(schedule.remove(key(1)));
    steps = drain(schedule, kStart + 3s);
    REQUIRE(steps.size() == 1);
    CHECK(steps[0].service == key(7));
}

TEST_CASE("schedule order: rendezvous, new contacts, then contacts by last activity",
          "[engine][publisher]") {
    Schedule schedule(limits());
    schedule.add(key(1), Priority::contact(100));
    schedule.add(key(2), Priority::contact(0)); // never talked: last
    schedule.add(key(3), Priority::contact(300));
    schedule.add(key(4), Priority::newContact());
    schedule.add(key(5), Priority::contact(200));
    schedule.add(key(6), Priority::rendezvous());
    schedule.add(key(7), Priority::contact(300)); // same activity as 3: after it
    schedule.setNetworkReady(true, kStart);
    std::vector<Ed25519PublicKey> order;
    for (auto now = kStart; order.size() < 7; now += 1s) {
        const auto step = schedule.next(now);
        REQUIRE(step);
        order.push_back(step->service);
        schedule.reachable(step->service);
    }
    CHECK(order ==
          std::vector<Ed25519PublicKey>{key(6), key(4), key(3), key(7), key(5), key(1), key(2)});
}

TEST_CASE("schedule: a rendezvous service and a new contact do not wait for a slot",
          "[engine][publisher]") {
    Schedule schedule(limits());
    schedule.setNetworkReady(true, kStart);
    for (std::uint8_t n = 1; n <= 6; ++n) {
        schedule.add(key(n), Priority::contact(0));
    }
    REQUIRE(drain(schedule, kStart).size() == 5);
    schedule.add(key(20), Priority::rendezvous());
    schedule.add(key(21), Priority::newContact());
    auto steps = drain(schedule, kStart + 1s);
    REQUIRE(steps.size() == 2);
    CHECK(steps[0].service == key(20));
    CHECK(steps[1].service == key(21));
    CHECK(schedule.waiting() == 7);
    // They take slots: the bulk waits until the window has room again.
    schedule.reachable(key(1));
    schedule.reachable(key(2));
    CHECK(drain(schedule, kStart + 2s).empty());
    schedule.reachable(key(20));
    steps = drain(schedule, kStart + 3s);
    REQUIRE(steps.size() == 1);
    CHECK(steps[0].service == key(6));
}

TEST_CASE("schedule re-publishes a service with no upload after 45 s, twice, then retries after "
          "10 min, doubling",
          "[engine][publisher]") {
    Schedule schedule(limits());
    schedule.setNetworkReady(true, kStart);
    schedule.add(key(1), Priority::contact(0));
    for (std::uint8_t n = 2; n <= 6; ++n) {
        schedule.add(key(n), Priority::contact(0));
    }
    REQUIRE(drain(schedule, kStart).size() == 5);
    for (std::uint8_t n = 2; n <= 5; ++n) {
        schedule.reachable(key(n));
    }
    REQUIRE(drain(schedule, kStart + 1s).size() == 1); // key(6)
    schedule.reachable(key(6));

    CHECK(schedule.wakeAt() == kStart + 45s);
    CHECK(drain(schedule, kStart + 45s - 1ms).empty());
    auto steps = drain(schedule, kStart + 45s);
    REQUIRE(steps.size() == 1);
    CHECK(steps[0].action == Action::Republish);
    CHECK(steps[0].service == key(1));
    CHECK(schedule.wakeAt() == kStart + 90s);
    steps = drain(schedule, kStart + 90s);
    REQUIRE(steps.size() == 1);
    CHECK(steps[0].action == Action::Republish);

    // The third 45 s without an upload: no third re-publish; out of the
    // window, retried after 10 minutes.
    CHECK(drain(schedule, kStart + 135s).empty());
    CHECK(schedule.waiting() == 0);
    CHECK(schedule.parked() == 1);
    auto at = kStart + 135s + 10min;
    CHECK(schedule.wakeAt() == at);
    CHECK(drain(schedule, at - 1ms).empty());

    // Each retry is one re-publish with one timeout; the waits double up to
    // the maximum (40 min here).
    for (const auto wait : {20min, 40min, 40min}) {
        steps = drain(schedule, at);
        REQUIRE(steps.size() == 1);
        CHECK(steps[0].action == Action::Republish);
        CHECK(steps[0].service == key(1));
        CHECK(schedule.waiting() == 1);
        CHECK(drain(schedule, at + 45s).empty());
        CHECK(schedule.parked() == 1);
        at += 45s + wait;
        CHECK(schedule.wakeAt() == at);
    }
    // An upload at last: forgotten, nothing more to do.
    steps = drain(schedule, at);
    REQUIRE(steps.size() == 1);
    CHECK(schedule.reachable(key(1)));
    CHECK(schedule.wakeAt() == Clock::time_point::max());
    CHECK(drain(schedule, at + 24h).empty());
}

TEST_CASE("schedule: a service out of the window lets the next one in", "[engine][publisher]") {
    auto options = limits();
    options.window = 1;
    Schedule schedule(options);
    schedule.setNetworkReady(true, kStart);
    schedule.add(key(1), Priority::contact(0));
    schedule.add(key(2), Priority::contact(0));
    REQUIRE(drain(schedule, kStart).size() == 1);
    CHECK(drain(schedule, kStart + 45s).size() == 1);  // re-publish 1
    CHECK(drain(schedule, kStart + 90s).size() == 1);  // re-publish 2
    const auto steps = drain(schedule, kStart + 135s); // key(1) gives up its slot
    REQUIRE(steps.size() == 1);
    CHECK(steps[0].action == Action::Publish);
    CHECK(steps[0].service == key(2));
    schedule.reachable(key(2));
    // key(1)'s retry waits for a slot like any other service.
    const auto retryAt = kStart + 135s + 10min;
    schedule.add(key(3), Priority::contact(0));
    REQUIRE(drain(schedule, retryAt - 1s).size() == 1); // key(3) takes the slot
    CHECK(drain(schedule, retryAt).empty());
    CHECK(schedule.queued() == 1);
    schedule.reachable(key(3));
    const auto retry = drain(schedule, retryAt + 1s);
    REQUIRE(retry.size() == 1);
    CHECK(retry[0].service == key(1));
    CHECK(retry[0].action == Action::Republish);
}

TEST_CASE("schedule: 8 upload failures before any upload re-publish at once",
          "[engine][publisher]") {
    Schedule schedule(limits());
    schedule.setNetworkReady(true, kStart);
    schedule.add(key(1), Priority::contact(0));
    REQUIRE(drain(schedule, kStart).size() == 1);
    for (int i = 0; i < 7; ++i) {
        schedule.uploadFailed(key(1), kStart + 2s);
    }
    CHECK(drain(schedule, kStart + 3s).empty()); // other directories may still take it
    schedule.uploadFailed(key(1), kStart + 4s);
    CHECK(schedule.wakeAt() == kStart + 4s);
    const auto steps = drain(schedule, kStart + 4s);
    REQUIRE(steps.size() == 1);
    CHECK(steps[0].action == Action::Republish);
    // The count starts over with the new descriptors.
    for (int i = 0; i < 7; ++i) {
        schedule.uploadFailed(key(1), kStart + 5s);
    }
    CHECK(drain(schedule, kStart + 5s).empty());
    CHECK(schedule.wakeAt() == kStart + 4s + 45s);
    // Failures of a service that is not waiting change nothing.
    schedule.uploadFailed(key(9), kStart + 5s);
    CHECK_FALSE(schedule.contains(key(9)));
}

TEST_CASE("schedule retries a publish the transport refused", "[engine][publisher]") {
    Schedule schedule(limits());
    schedule.setNetworkReady(true, kStart);
    schedule.add(key(1), Priority::newContact());
    REQUIRE(drain(schedule, kStart).size() == 1);
    schedule.publishFailed(key(1), kStart + 1s);
    CHECK(schedule.waiting() == 0);
    CHECK(schedule.remove(key(2))); // unknown: may be published, withdraw it
    CHECK(schedule.wakeAt() == kStart + 1s + 10min);
    const auto steps = drain(schedule, kStart + 1s + 10min);
    REQUIRE(steps.size() == 1);
    CHECK(steps[0].action == Action::Publish); // the transport does not have it
}

TEST_CASE("schedule: withdrawing a service that was never handed over needs no call",
          "[engine][publisher]") {
    Schedule schedule(limits());
    schedule.add(key(1), Priority::contact(0));
    CHECK_FALSE(schedule.remove(key(1)));
    schedule.setNetworkReady(true, kStart);
    CHECK(drain(schedule, kStart).empty());

    // Withdrawn and added again (new peer keys): a late upload of the old
    // one does not count for the new one.
    schedule.add(key(2), Priority::newContact());
    REQUIRE(drain(schedule, kStart).size() == 1);
    CHECK(schedule.remove(key(2)));
    schedule.add(key(2), Priority::newContact());
    CHECK_FALSE(schedule.reachable(key(2)));
    const auto steps = drain(schedule, kStart + 1s);
    REQUIRE(steps.size() == 1);
    CHECK(steps[0].action == Action::Publish);
}

TEST_CASE("schedule: no timeout runs while the network is down; a whole one after",
          "[engine][publisher]") {
    Schedule schedule(limits());
    schedule.setNetworkReady(true, kStart);
    schedule.add(key(1), Priority::contact(0));
    REQUIRE(drain(schedule, kStart).size() == 1);
    schedule.setNetworkReady(false, kStart + 30s);
    schedule.add(key(2), Priority::rendezvous());
    CHECK(schedule.wakeAt() == Clock::time_point::max());
    CHECK(drain(schedule, kStart + 10min).empty());
    schedule.setNetworkReady(true, kStart + 10min);
    auto steps = drain(schedule, kStart + 10min);
    REQUIRE(steps.size() == 1);
    CHECK(steps[0].service == key(2));
    CHECK(drain(schedule, kStart + 10min + 44s).empty());
    steps = drain(schedule, kStart + 10min + 45s);
    REQUIRE(steps.size() == 2);
    CHECK(steps[0].action == Action::Republish);
    CHECK(steps[1].action == Action::Republish);
}
