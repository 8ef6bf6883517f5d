#include "core/engine/Backoff.h"

#include <catch2/catch_test_macros.hpp>

#include <chrono>
#include <set>

using namespace chive::core;
using namespace std::chrono_literals;

TEST_CASE("backoff doubles up to its maximum and resets", "[engine][backoff]") {
    Backoff backoff(5s, 600s, 0);
    CHECK(backoff.next() == 5s);
    CHECK(backoff.next() == 10s);
    CHECK(backoff.next() == 20s);
    for (int i = 0; i < 20; ++i) {
        (void)backoff.next();
    }
    CHECK(backoff.next() == 600s);
    CHECK(backoff.failures() == 24);
    backoff.reset();
    CHECK(backoff.failures() == 0);
    CHECK(backoff.next() == 5s);
}

TEST_CASE("backoff jitter stays within its spread and varies", "[engine][backoff]") {
    std::set<long long> seen;
    for (int i = 0; i < 200; ++i) {
        Backoff backoff(10s, 600s, 20);
        const auto first = backoff.next();
        CHECK(first >= 8s);
        CHECK(first <= 12s);
        const auto second = backoff.next();
        CHECK(second >= 16s);
        CHECK(second <= 24s);
        seen.insert(first.count());
    }
    CHECK(seen.size() > 50); // not the same delay for every contact
}
