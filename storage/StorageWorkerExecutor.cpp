#include "storage/StorageWorkerExecutor.h"

#include <future>

namespace chive::storage {

StorageWorkerExecutor::StorageWorkerExecutor(StorageWorker& worker)
    : m_worker(worker) {
    // Learn the worker's thread once, so that run() can refuse it. A
    // stopped worker runs nothing, and then no thread needs refusing.
    if (auto future =
            m_worker.submit([](core::ProfileStore&) { return std::this_thread::get_id(); })) {
        m_workerThread = future->get();
    }
}

core::Status
StorageWorkerExecutor::run(const std::function<core::Status(core::ProfileStore&)>& work) {
    if (std::this_thread::get_id() == m_workerThread) {
        return core::fail(core::ErrorCode::Internal,
                          "the store was asked to wait for itself (called from its own thread)");
    }
    auto future = m_worker.submit([&work](core::ProfileStore& store) { return work(store); });
    if (!future) {
        return core::fail(future.error());
    }
    try {
        return future->get();
    } catch (...) {
        return core::fail(core::ErrorCode::Internal, "a store task failed unexpectedly");
    }
}

} // namespace chive::storage
