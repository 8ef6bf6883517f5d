#include "core/engine/WorkerPool.h"

namespace chive::core {

WorkerPool::WorkerPool(std::size_t threads, std::size_t queueCapacity)
    : m_threadCount(threads == 0 ? 1 : threads)
    , m_queueCapacity(queueCapacity) {
    m_threads.reserve(m_threadCount);
    for (std::size_t i = 0; i < m_threadCount; ++i) {
        m_threads.emplace_back([this] { run(); });
    }
}

WorkerPool::~WorkerPool() {
    stop();
}

Status WorkerPool::trySubmit(Job job) {
    {
        const std::lock_guard lock(m_mutex);
        if (m_stopping) {
            return fail(ErrorCode::Closed, "the engine is stopping");
        }
        const std::size_t idle = m_threadCount - m_running;
        if (m_queue.size() >= idle + m_queueCapacity) {
            return fail(ErrorCode::TooLarge, "too much work in progress");
        }
        m_queue.push_back(std::move(job));
    }
    m_wake.notify_one();
    return {};
}

std::size_t WorkerPool::load() const {
    const std::lock_guard lock(m_mutex);
    return m_running + m_queue.size();
}

void WorkerPool::stop() {
    std::deque<Job> dropped;
    {
        const std::lock_guard lock(m_mutex);
        m_stopping = true;
        dropped.swap(m_queue);
    }
    m_wake.notify_all();
    dropped.clear();
    for (auto& thread : m_threads) {
        if (thread.joinable()) {
            thread.join();
        }
    }
}

void WorkerPool::run() {
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_wake.wait(lock, [this] { return m_stopping || !m_queue.empty(); });
        if (m_stopping) {
            return;
        }
        Job job = std::move(m_queue.front());
        m_queue.pop_front();
        ++m_running;
        lock.unlock();
        job();
        job = nullptr;
        lock.lock();
        --m_running;
    }
}

} // namespace chive::core
