#include "core/SecureBuffer.h"
#include "storage/StorageWorker.h"

#include <catch2/catch_test_macros.hpp>

#include <atomic>
#include <set>
#include <stdexcept>
#include <thread>

#include "tests/storage/StorageTestSupport.h"

using namespace chive;
using storage::StorageWorker;
using storage::test::TempDir;

namespace {

core::Timestamp at(std::int64_t millis) {
    return core::Timestamp(std::chrono::milliseconds(millis));
}

std::unique_ptr<StorageWorker> startWorker(const TempDir& dir, std::size_t capacity) {
    auto worker = StorageWorker::start(dir.path() / "profile.db", core::SecureBuffer::random(32),
                                       storage::Database::OpenMode::CreateIfMissing, capacity);
    REQUIRE(worker);
    return std::move(*worker);
}

} // namespace

TEST_CASE("Many threads write through the worker and every message gets its own id",
          "[storage][worker]") {
    TempDir dir;
    auto worker = startWorker(dir, 16);
    auto bob = worker->submit([](core::ProfileStore& store) {
        return store.contacts().add({"Bob", core::ContactState::Connected, {}}, {}, at(1)).value();
    });
    REQUIRE(bob);
    const auto contact = bob->get();

    constexpr std::size_t kThreads = 8;
    constexpr std::size_t kPerThread = 100;
    std::atomic<int> failures = 0;
    std::vector<std::thread> threads;
    threads.reserve(kThreads);
    std::mutex idsMutex;
    std::set<std::uint64_t> ids;
    for (std::size_t t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            std::vector<std::future<core::Result<core::StoredMessage>>> futures;
            for (std::size_t i = 0; i < kPerThread; ++i) {
                auto future = worker->submit([&, t, i](core::ProfileStore& store) {
                    return store.messages().addOutgoing(
                        contact, "from " + std::to_string(t) + " #" + std::to_string(i),
                        at(static_cast<std::int64_t>(i)));
                });
                if (!future) {
                    ++failures;
                    continue;
                }
                futures.push_back(std::move(*future));
            }
            for (auto& future : futures) {
                auto message = future.get();
                if (!message) {
                    ++failures;
                    continue;
                }
                std::lock_guard lock(idsMutex);
                ids.insert(message->id.value());
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    CHECK(failures == 0);
    CHECK(ids.size() == kThreads * kPerThread);
    CHECK(*ids.begin() == 1);
    CHECK(*ids.rbegin() == kThreads * kPerThread);
    auto count = worker->submit(
        [&](core::ProfileStore& store) { return store.messages().count(contact).value(); });
    CHECK(count->get() == std::size_t{kThreads * kPerThread});
}

TEST_CASE("The queue is bounded: tryPost refuses and post waits when it is full",
          "[storage][worker]") {
    TempDir dir;
    auto worker = startWorker(dir, 2);
    std::promise<void> release;
    auto released = release.get_future().share();
    std::promise<void> started;
    REQUIRE(worker->post([&](core::ProfileStore&) {
        started.set_value();
        released.wait();
    }));
    started.get_future().wait(); // the worker is busy; the queue is empty
    std::atomic<int> ran = 0;
    REQUIRE(worker->tryPost([&](core::ProfileStore&) { ++ran; }));
    REQUIRE(worker->tryPost([&](core::ProfileStore&) { ++ran; }));
    auto full = worker->tryPost([&](core::ProfileStore&) { ++ran; });
    REQUIRE(!full);
    CHECK(full.error().code == core::ErrorCode::TooLarge);

    std::atomic<bool> posted = false;
    std::thread producer([&] {
        REQUIRE(worker->post([&](core::ProfileStore&) { ++ran; }));
        posted = true;
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    CHECK(!posted); // blocked: back-pressure
    release.set_value();
    producer.join();
    CHECK(posted);
    worker->stop(); // runs what is queued first
    CHECK(ran == 3);
}

TEST_CASE("Stopping runs queued work, then refuses more; a throwing task does not stop it",
          "[storage][worker]") {
    TempDir dir;
    auto worker = startWorker(dir, 64);
    auto throwing =
        worker->submit([](core::ProfileStore&) -> int { throw std::runtime_error("task failed"); });
    REQUIRE(throwing);
    CHECK_THROWS_AS(throwing->get(), std::runtime_error);

    std::vector<std::future<core::Status>> writes;
    for (int i = 0; i < 50; ++i) {
        auto write = worker->submit([i](core::ProfileStore& store) {
            return store.settings().setText("k" + std::to_string(i), "v");
        });
        REQUIRE(write);
        writes.push_back(std::move(*write));
    }
    worker->stop();
    for (auto& write : writes) {
        CHECK(write.get());
    }
    auto late = worker->post([](core::ProfileStore&) {});
    REQUIRE(!late);
    CHECK(late.error().code == core::ErrorCode::Closed);
    worker->stop(); // idempotent
}

TEST_CASE("A worker that cannot open its database reports why", "[storage][worker]") {
    TempDir dir;
    auto worker = StorageWorker::start(dir.path() / "absent.db", core::SecureBuffer::random(32),
                                       storage::Database::OpenMode::MustExist);
    REQUIRE(!worker);
    CHECK(worker.error().code == core::ErrorCode::NotFound);
}
