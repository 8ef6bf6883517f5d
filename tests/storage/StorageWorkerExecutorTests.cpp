// StorageWorkerExecutor: core reaches the store through it. Closures run on
// the worker's thread in order and their results come back; the worker's
// own thread is refused instead of deadlocking; a throwing closure and a
// stopped worker become errors, not exceptions.

#include "core/SecureBuffer.h"
#include "storage/StorageWorker.h"
#include "storage/StorageWorkerExecutor.h"

#include <catch2/catch_test_macros.hpp>

#include <stdexcept>
#include <thread>
#include <vector>

#include "tests/storage/StorageTestSupport.h"

using namespace chive;
using storage::StorageWorker;
using storage::StorageWorkerExecutor;
using storage::test::TempDir;

namespace {

std::unique_ptr<StorageWorker> startWorker(const TempDir& dir) {
    auto worker = StorageWorker::start(dir.path() / "profile.db", core::SecureBuffer::random(32),
                                       storage::Database::OpenMode::CreateIfMissing);
    REQUIRE(worker);
    return std::move(*worker);
}

} // namespace

TEST_CASE("the executor runs closures on the worker thread and returns their results",
          "[storage][executor]") {
    TempDir dir;
    auto worker = startWorker(dir);
    StorageWorkerExecutor executor(*worker);
    std::thread::id ranOn;
    auto contact = executor.call<core::ContactId>(
        [&](core::ProfileStore& store) -> core::Result<core::ContactId> {
            ranOn = std::this_thread::get_id();
            return store.contacts().add({"Bob", core::ContactState::Connected, {}}, {},
                                        core::nowTimestamp());
        });
    REQUIRE(contact);
    CHECK(ranOn != std::this_thread::get_id());
    std::vector<int> order;
    for (int i = 0; i < 20; ++i) {
        REQUIRE(executor.run([&, i](core::ProfileStore&) -> core::Status {
            order.push_back(i);
            return {};
        }));
    }
    CHECK(order.size() == 20);
    CHECK(std::is_sorted(order.begin(), order.end()));
    // An error from the closure comes back as it was.
    const auto missing = executor.call<core::Contact>(
        [](core::ProfileStore& store) { return store.contacts().get(core::ContactId(999)); });
    REQUIRE_FALSE(missing);
    CHECK(missing.error().code == core::ErrorCode::NotFound);
}

TEST_CASE("the executor refuses its own thread, exceptions and a stopped worker",
          "[storage][executor]") {
    TempDir dir;
    auto worker = startWorker(dir);
    StorageWorkerExecutor executor(*worker);
    SECTION("called from the worker's own thread") {
        auto nested = worker->submit([&](core::ProfileStore&) {
            return executor.run([](core::ProfileStore&) -> core::Status { return {}; });
        });
        REQUIRE(nested);
        const auto status = nested->get();
        REQUIRE_FALSE(status);
        CHECK(status.error().code == core::ErrorCode::Internal);
    }
    SECTION("a closure that throws") {
        const auto status = executor.run(
            [](core::ProfileStore&) -> core::Status { throw std::runtime_error("boom"); });
        REQUIRE_FALSE(status);
        CHECK(status.error().code == core::ErrorCode::Internal);
        // The worker survives it.
        CHECK(executor.run([](core::ProfileStore&) -> core::Status { return {}; }));
    }
    SECTION("after the worker stopped") {
        worker->stop();
        bool ran = false;
        const auto status = executor.run([&](core::ProfileStore&) -> core::Status {
            ran = true;
            return {};
        });
        REQUIRE_FALSE(status);
        CHECK(status.error().code == core::ErrorCode::Closed);
        CHECK_FALSE(ran);
    }
}
