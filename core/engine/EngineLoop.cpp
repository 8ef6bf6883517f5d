#include "core/engine/EngineLoop.h"

#include <cassert>

namespace chive::core {

EngineLoop::EngineLoop(std::size_t capacity)
    : m_capacity(capacity == 0 ? 1 : capacity)
    , m_thread([this] { run(); }) {}

EngineLoop::~EngineLoop() {
    stop();
}

Status EngineLoop::post(Task task) {
    return enqueue(task, true, nullptr);
}

Status EngineLoop::tryPost(Task task) {
    return enqueue(task, false, nullptr);
}

Status EngineLoop::postUnlessAbandoned(Task& task, const std::atomic<bool>& abandoned) {
    return enqueue(task, true, &abandoned);
}

void EngineLoop::wakeBlockedPosters() {
    // Taking the lock orders the caller's store to the flag before the
    // waiters' predicate check.
    { const std::lock_guard lock(m_mutex); }
    m_notFull.notify_all();
}

Status EngineLoop::enqueue(Task& task, bool wait, const std::atomic<bool>* abandoned) {
    std::unique_lock lock(m_mutex);
    const auto isAbandoned = [abandoned] {
        return abandoned != nullptr && abandoned->load();
    };
    if (wait) {
        m_notFull.wait(lock,
                       [&] { return m_stopping || isAbandoned() || m_queue.size() < m_capacity; });
    }
    if (m_stopping) {
        return fail(ErrorCode::Closed, "the engine has stopped");
    }
    if (isAbandoned()) {
        return fail(ErrorCode::Closed, "abandoned");
    }
    if (m_queue.size() >= m_capacity) {
        return fail(ErrorCode::TooLarge, "the engine's task queue is full");
    }
    m_queue.push_back(std::move(task));
    lock.unlock();
    m_wake.notify_one();
    return {};
}

EngineLoop::TimerId EngineLoop::schedule(Clock::duration delay, Task task) {
    assert(isLoopThread());
    const auto due = Clock::now() + delay;
    const std::lock_guard lock(m_mutex);
    const TimerId id = m_nextTimer++;
    m_timers.emplace(std::make_pair(due, id), std::move(task));
    m_timerDue.emplace(id, due);
    return id;
}

void EngineLoop::cancel(TimerId id) {
    assert(isLoopThread());
    const std::lock_guard lock(m_mutex);
    const auto found = m_timerDue.find(id);
    if (found == m_timerDue.end()) {
        return;
    }
    m_timers.erase(std::make_pair(found->second, id));
    m_timerDue.erase(found);
}

bool EngineLoop::isLoopThread() const noexcept {
    return m_threadId.load() == std::this_thread::get_id();
}

std::size_t EngineLoop::queued() const {
    const std::lock_guard lock(m_mutex);
    return m_queue.size();
}

void EngineLoop::stop() {
    assert(!isLoopThread());
    {
        const std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    m_notFull.notify_all();
    if (m_thread.joinable()) {
        m_thread.join();
    }
    const std::lock_guard lock(m_mutex);
    m_timers.clear();
    m_timerDue.clear();
}

std::deque<EngineLoop::Task> EngineLoop::takeDueTimers(Clock::time_point now) {
    std::deque<Task> due;
    while (!m_timers.empty() && m_timers.begin()->first.first <= now) {
        auto node = m_timers.extract(m_timers.begin());
        m_timerDue.erase(node.key().second);
        due.push_back(std::move(node.mapped()));
    }
    return due;
}

void EngineLoop::run() {
    m_threadId.store(std::this_thread::get_id());
    std::unique_lock lock(m_mutex);
    for (;;) {
        std::deque<Task> timers = takeDueTimers(Clock::now());
        if (!timers.empty()) {
            lock.unlock();
            for (auto& task : timers) {
                task();
            }
            lock.lock();
            continue;
        }
        if (!m_queue.empty()) {
            Task task = std::move(m_queue.front());
            m_queue.pop_front();
            lock.unlock();
            m_notFull.notify_one();
            task();
            task = nullptr; // destroy what it captured outside the lock
            lock.lock();
            continue;
        }
        if (m_stopping) {
            return;
        }
        if (m_timers.empty()) {
            m_wake.wait(lock);
        } else {
            m_wake.wait_until(lock, m_timers.begin()->first.first);
        }
    }
}

} // namespace chive::core
