#include "storage/StorageWorker.h"

#include "storage/ProfileDatabase.h"

#include <utility>

namespace chive::storage {

StorageWorker::StorageWorker(std::size_t capacity)
    : m_capacity(capacity == 0 ? 1 : capacity) {}

core::Result<std::unique_ptr<StorageWorker>> StorageWorker::start(std::filesystem::path database,
                                                                  core::SecureBuffer key,
                                                                  Database::OpenMode mode,
                                                                  std::size_t capacity) {
    std::unique_ptr<StorageWorker> worker(new StorageWorker(capacity));
    std::promise<core::Status> opened;
    auto openedFuture = opened.get_future();
    worker->m_thread = std::thread(&StorageWorker::run, worker.get(), std::move(database),
                                   std::move(key), mode, std::move(opened));
    auto status = openedFuture.get();
    if (!status) {
        worker->m_thread.join();
        return core::fail(status.error());
    }
    return worker;
}

StorageWorker::~StorageWorker() {
    stop();
}

void StorageWorker::run(const std::filesystem::path& database, core::SecureBuffer key,
                        Database::OpenMode mode, std::promise<core::Status> opened) {
    auto db = ProfileDatabase::open(database, key.span(), mode);
    key = core::SecureBuffer(); // wiped: SQLCipher has its own copy now
    if (!db) {
        opened.set_value(core::fail(db.error()));
        return;
    }
    opened.set_value({});
    for (;;) {
        Task task;
        {
            std::unique_lock lock(m_mutex);
            m_notEmpty.wait(lock, [this] { return m_stopping || !m_queue.empty(); });
            if (m_queue.empty()) {
                break; // stopping, and everything queued has run
            }
            task = std::move(m_queue.front());
            m_queue.pop_front();
        }
        m_notFull.notify_one();
        try {
            task(**db);
        } catch (...) {
            // A task's exception must not take the storage thread down; tasks
            // from submit() deliver theirs through the future.
        }
    }
    db->reset(); // closes the connection on this thread
}

core::Status StorageWorker::enqueue(Task task, bool wait) {
    {
        std::unique_lock lock(m_mutex);
        if (wait) {
            m_notFull.wait(lock, [this] { return m_stopping || m_queue.size() < m_capacity; });
        }
        if (m_stopping) {
            return core::fail(core::ErrorCode::Closed, "the profile is closed");
        }
        if (m_queue.size() >= m_capacity) {
            return core::fail(core::ErrorCode::TooLarge, "the storage queue is full");
        }
        m_queue.push_back(std::move(task));
    }
    m_notEmpty.notify_one();
    return {};
}

core::Status StorageWorker::post(Task task) {
    return enqueue(std::move(task), true);
}

core::Status StorageWorker::tryPost(Task task) {
    return enqueue(std::move(task), false);
}

void StorageWorker::stop() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_notEmpty.notify_all();
    m_notFull.notify_all();
    if (m_thread.joinable() && m_thread.get_id() != std::this_thread::get_id()) {
        m_thread.join();
    }
}

} // namespace chive::storage
