#include "core/engine/EngineLoop.h"

#include <catch2/catch_test_macros.hpp>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>
#include <vector>

using namespace chive::core;
using namespace std::chrono_literals;

TEST_CASE("engine loop runs posted tasks in order on its own thread", "[engine][loop]") {
    EngineLoop loop(16);
    std::vector<int> seen;
    std::thread::id taskThread;
    for (int i = 0; i < 10; ++i) {
        REQUIRE(loop.post([&seen, &taskThread, &loop, i] {
            seen.push_back(i);
            taskThread = std::this_thread::get_id();
            CHECK(loop.isLoopThread());
        }));
    }
    const auto result = loop.call([&] { return Result<std::size_t>(seen.size()); });
    REQUIRE(result);
    CHECK(*result == 10);
    CHECK(seen == std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
    CHECK(taskThread != std::this_thread::get_id());
    CHECK_FALSE(loop.isLoopThread());
}

TEST_CASE("engine loop refuses call() from its own thread instead of deadlocking",
          "[engine][loop]") {
    EngineLoop loop;
    auto nested = loop.call([&] { return loop.call([] { return Result<int>(1); }); });
    REQUIRE_FALSE(nested);
    CHECK(nested.error().code == ErrorCode::Internal);
}

TEST_CASE("engine loop bounds its queue: tryPost fails, post waits", "[engine][loop]") {
    EngineLoop loop(2);
    std::promise<void> release;
    auto released = release.get_future().share();
    std::atomic<bool> blockerRunning{false};
    REQUIRE(loop.post([&blockerRunning, released] {
        blockerRunning = true;
        released.wait();
    }));
    while (!blockerRunning) {
        std::this_thread::sleep_for(1ms);
    }
    REQUIRE(loop.tryPost([] {}));
    REQUIRE(loop.tryPost([] {}));
    auto full = loop.tryPost([] {});
    REQUIRE_FALSE(full);
    CHECK(full.error().code == ErrorCode::TooLarge);
    CHECK(loop.queued() == 2);

    std::atomic<bool> posted{false};
    std::thread poster([&] {
        CHECK(loop.post([] {}));
        posted = true;
    });
    std::this_thread::sleep_for(50ms);
    CHECK_FALSE(posted.load()); // waits for room
    release.set_value();
    poster.join();
    CHECK(posted.load());
}

TEST_CASE("engine loop: an abandoned poster stops waiting for room", "[engine][loop]") {
    EngineLoop loop(1);
    std::promise<void> release;
    auto released = release.get_future().share();
    std::atomic<bool> blockerRunning{false};
    REQUIRE(loop.post([&blockerRunning, released] {
        blockerRunning = true;
        released.wait();
    }));
    while (!blockerRunning) {
        std::this_thread::sleep_for(1ms);
    }
    REQUIRE(loop.tryPost([] {}));
    std::atomic<bool> abandoned{false};
    std::atomic<bool> returned{false};
    std::thread poster([&] {
        EngineLoop::Task task = [] {
        };
        auto status = loop.postUnlessAbandoned(task, abandoned);
        CHECK_FALSE(status);
        CHECK(task != nullptr); // still the caller's
        returned = true;
    });
    std::this_thread::sleep_for(30ms);
    CHECK_FALSE(returned.load());
    abandoned = true;
    loop.wakeBlockedPosters();
    poster.join();
    CHECK(returned.load());
    release.set_value();
}

TEST_CASE("engine loop timers fire in due order and can be cancelled", "[engine][loop]") {
    EngineLoop loop;
    std::vector<int> fired;
    std::promise<void> done;
    REQUIRE(loop.call([&]() -> Status {
        loop.schedule(60ms, [&] {
            fired.push_back(3);
            done.set_value();
        });
        loop.schedule(20ms, [&] { fired.push_back(1); });
        const auto cancelled = loop.schedule(30ms, [&] { fired.push_back(99); });
        loop.schedule(40ms, [&] { fired.push_back(2); });
        loop.cancel(cancelled);
        loop.cancel(cancelled); // twice is harmless
        return {};
    }));
    REQUIRE(done.get_future().wait_for(5s) == std::future_status::ready);
    REQUIRE(loop.call([&]() -> Status { return {}; }));
    CHECK(fired == std::vector<int>{1, 2, 3});
}

TEST_CASE("engine loop stop runs what is queued and refuses more", "[engine][loop]") {
    std::atomic<int> ran{0};
    auto loop = std::make_unique<EngineLoop>(64);
    for (int i = 0; i < 50; ++i) {
        REQUIRE(loop->post([&ran] {
            std::this_thread::sleep_for(100us);
            ++ran;
        }));
    }
    loop->stop();
    CHECK(ran.load() == 50);
    auto after = loop->post([] {});
    REQUIRE_FALSE(after);
    CHECK(after.error().code == ErrorCode::Closed);
    auto called = loop->call([] { return Result<int>(1); });
    REQUIRE_FALSE(called);
    CHECK(called.error().code == ErrorCode::Closed);
}
