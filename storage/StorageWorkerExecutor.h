#pragma once

// StorageWorkerExecutor: core::StoreExecutor on a StorageWorker. run() posts
// the closure to the worker's queue (blocking while the queue is full) and
// waits for it; an exception thrown by the closure becomes Internal rather
// than crossing into core.
//
// Ownership: refers to the worker, which must outlive it. Threads: run() from
// any thread but the worker's own, which it recognises and refuses
// (Internal) instead of deadlocking.

#include "core/store/StoreExecutor.h"
#include "storage/StorageWorker.h"

#include <thread>

namespace chive::storage {

class StorageWorkerExecutor final : public core::StoreExecutor {
public:
    explicit StorageWorkerExecutor(StorageWorker& worker);

    core::Status run(const std::function<core::Status(core::ProfileStore&)>& work) override;

private:
    StorageWorker& m_worker;
    std::thread::id m_workerThread;
};

} // namespace chive::storage
