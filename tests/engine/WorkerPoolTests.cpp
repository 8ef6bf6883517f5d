#include "core/engine/WorkerPool.h"

#include <catch2/catch_test_macros.hpp>

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <thread>

using namespace chive::core;
using namespace std::chrono_literals;

TEST_CASE("worker pool runs at most its thread count at once and bounds its queue",
          "[engine][pool]") {
    WorkerPool pool(2, 1);
    std::promise<void> release;
    auto released = release.get_future().share();
    std::atomic<int> running{0};
    std::atomic<int> maxRunning{0};
    std::atomic<int> finished{0};
    auto job = [&, released] {
        const int now = ++running;
        int seen = maxRunning.load();
        while (now > seen && !maxRunning.compare_exchange_weak(seen, now)) {
        }
        released.wait();
        --running;
        ++finished;
    };
    REQUIRE(pool.trySubmit(job));
    REQUIRE(pool.trySubmit(job));
    REQUIRE(pool.trySubmit(job)); // queued
    auto refused = pool.trySubmit(job);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == ErrorCode::TooLarge);
    CHECK(pool.load() == 3);
    for (int i = 0; i < 2000 && running.load() < 2; ++i) {
        std::this_thread::sleep_for(1ms);
    }
    std::this_thread::sleep_for(20ms);
    CHECK(running.load() == 2); // the third waits for a free thread
    release.set_value();
    while (finished.load() < 3) {
        std::this_thread::sleep_for(1ms);
    }
    CHECK(maxRunning.load() == 2);
    for (int i = 0; i < 2000 && pool.load() > 0; ++i) {
        std::this_thread::sleep_for(1ms); // the last job's thread is on its way back
    }
    CHECK(pool.load() == 0);
}

TEST_CASE("worker pool stop drops queued jobs and waits for running ones", "[engine][pool]") {
    auto pool = std::make_unique<WorkerPool>(1, 4);
    std::atomic<bool> started{false};
    std::atomic<bool> firstDone{false};
    REQUIRE(pool->trySubmit([&] {
        started = true;
        std::this_thread::sleep_for(50ms);
        firstDone = true;
    }));
    auto owned = std::make_shared<int>(7);
    std::weak_ptr<int> watch = owned;
    std::atomic<bool> queuedRan{false};
    REQUIRE(pool->trySubmit([&queuedRan, owned] { queuedRan = true; }));
    owned.reset();
    while (!started) {
        std::this_thread::sleep_for(1ms);
    }
    pool->stop();
    CHECK(firstDone.load());
    CHECK_FALSE(queuedRan.load());
    CHECK(watch.expired()); // what the dropped job owned is released
    auto after = pool->trySubmit([] {});
    REQUIRE_FALSE(after);
    CHECK(after.error().code == ErrorCode::Closed);
}
