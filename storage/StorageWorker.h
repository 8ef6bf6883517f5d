#pragma once

// StorageWorker: the one thread that owns the profile database.
//
// Threads and ownership: start() spawns the thread, which opens the database
// (a ProfileDatabase) itself; the connection never leaves that thread. Any
// thread may post closures; they run in order, one at a time, on the worker
// thread with the ProfileStore, which they must not keep. The queue is
// bounded: post() blocks while it is full (back-pressure), tryPost() fails
// instead. stop() (and the destructor) runs everything already queued, then
// closes the database (checkpointing the WAL) and joins. A closure must not
// wait for another closure of the same worker: that deadlocks.

#include "core/Result.h"
#include "core/SecureBuffer.h"
#include "core/store/ProfileStore.h"
#include "storage/Database.h"

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <filesystem>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <thread>
#include <type_traits>

namespace chive::storage {

class StorageWorker {
public:
    using Task = std::function<void(core::ProfileStore&)>;

    static constexpr std::size_t kDefaultCapacity = 1024;

    // Returns once the database is open, or with the error that kept it shut.
    // `key` is wiped as soon as the database has it; empty means unencrypted
    // (tests and benchmarks only).
    static core::Result<std::unique_ptr<StorageWorker>>
    start(std::filesystem::path database, core::SecureBuffer key, Database::OpenMode mode,
          std::size_t capacity = kDefaultCapacity);

    ~StorageWorker();
    StorageWorker(const StorageWorker&) = delete;
    StorageWorker& operator=(const StorageWorker&) = delete;
    StorageWorker(StorageWorker&&) = delete;
    StorageWorker& operator=(StorageWorker&&) = delete;

    // Closed after stop(). Blocks while the queue is full.
    core::Status post(Task task);
    // Closed after stop(); TooLarge (without blocking) if the queue is full.
    core::Status tryPost(Task task);

    // Runs `work(store)` on the worker thread; its result (or exception)
    // arrives through the future.
    template <class F>
    auto submit(F&& work)
        -> core::Result<std::future<std::invoke_result_t<F&, core::ProfileStore&>>> {
        using R = std::invoke_result_t<F&, core::ProfileStore&>;
        auto task =
            std::make_shared<std::packaged_task<R(core::ProfileStore&)>>(std::forward<F>(work));
        auto future = task->get_future();
        if (auto rc = post([task](core::ProfileStore& store) { (*task)(store); }); !rc) {
            return core::fail(rc.error());
        }
        return future;
    }

    // Idempotent. Must not be called from a task.
    void stop();

private:
    explicit StorageWorker(std::size_t capacity);
    void run(const std::filesystem::path& database, core::SecureBuffer key, Database::OpenMode mode,
             std::promise<core::Status> opened);
    core::Status enqueue(Task task, bool wait);

    const std::size_t m_capacity;
    std::mutex m_mutex;
    std::condition_variable m_notEmpty;
    std::condition_variable m_notFull;
    std::deque<Task> m_queue;
    bool m_stopping = false;
    std::thread m_thread;
};

} // namespace chive::storage
