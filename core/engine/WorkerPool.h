#pragma once

// WorkerPool: a fixed number of threads for the engine's blocking work that
// must not run on the engine thread: opening streams through Tor and running
// handshakes (each bounded by its own timeout). The engine has two: one for
// outgoing connects (so that at most that many run at once, whatever the
// number of contacts) and one for inbound handshakes.
//
// Ownership: owns its threads and the queued jobs. Jobs report their results
// by posting to the EngineLoop themselves.
//
// Threads: trySubmit() and stop() from any thread except the pool's own.
//
// Limits: `threads` jobs run at once and at most `queueCapacity` wait; past
// that trySubmit() refuses (TooLarge) and the caller drops the work (an
// inbound stream is closed) or keeps it for later (a connect).
//
// Shutdown: stop() drops the jobs still queued (destroying them closes what
// they own, e.g. a stream) and joins the threads after the running jobs
// return; each is bounded by its own timeout.

#include "core/Result.h"

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace chive::core {

class WorkerPool {
public:
    using Job = std::function<void()>;

    WorkerPool(std::size_t threads, std::size_t queueCapacity);
    ~WorkerPool();
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;
    WorkerPool(WorkerPool&&) = delete;
    WorkerPool& operator=(WorkerPool&&) = delete;

    // Runs `job` on a free thread, or queues it. TooLarge if every thread is
    // busy and the queue is full, Closed after stop().
    Status trySubmit(Job job);

    // Jobs running plus jobs queued.
    [[nodiscard]] std::size_t load() const;

    // Idempotent.
    void stop();

private:
    void run();

    const std::size_t m_threadCount;
    const std::size_t m_queueCapacity;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Job> m_queue;
    std::size_t m_running = 0;
    bool m_stopping = false;
    std::vector<std::thread> m_threads; // last: started after everything else
};

} // namespace chive::core
