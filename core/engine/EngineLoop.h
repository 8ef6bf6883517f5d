#pragma once

// EngineLoop: the messenger engine's own thread. Every piece of engine state
// is touched only by tasks running here, one at a time, in the order they
// were posted; timers run here too. Other threads (command callers, session
// readers, transport and Tor callbacks, workers) only post.
//
// Ownership: owns the thread and the queued tasks. A task must not keep
// references to state that may go away before it runs; engine tasks carry
// ids and look their state up again.
//
// Threads: post(), tryPost(), postUnlessAbandoned(), call() and stop() may be
// called from any thread; schedule() and cancel() only from the loop thread.
// call() refuses to run on the loop thread (it would wait for itself).
//
// Limits: at most `capacity` queued tasks. post() blocks while the queue is
// full (back-pressure on a session reader reaches the peer through the
// stream); tryPost() fails at once (transport callbacks, which must not
// block); postUnlessAbandoned() blocks until there is room or its flag is set
// and wakeBlockedPosters() is called (how a session reader is stopped while
// the loop is full). Timers are not counted: the engine keeps at most one per
// contact and per invitation, plus a few of its own.
//
// Shutdown: stop() refuses new tasks, runs those already queued, drops
// pending timers and joins the thread.

#include "core/Result.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <map>
#include <mutex>
#include <thread>
#include <type_traits>
#include <unordered_map>
#include <utility>

namespace chive::core {

class EngineLoop {
public:
    using Task = std::function<void()>;
    using Clock = std::chrono::steady_clock;
    using TimerId = std::uint64_t;

    static constexpr std::size_t kDefaultCapacity = 1024;

    explicit EngineLoop(std::size_t capacity = kDefaultCapacity);
    ~EngineLoop();
    EngineLoop(const EngineLoop&) = delete;
    EngineLoop& operator=(const EngineLoop&) = delete;
    EngineLoop(EngineLoop&&) = delete;
    EngineLoop& operator=(EngineLoop&&) = delete;

    // Closed after stop(). Blocks while the queue is full.
    Status post(Task task);
    // Closed after stop(); TooLarge without blocking if the queue is full.
    Status tryPost(Task task);
    // As post(), but gives up with Closed once `abandoned` is true (checked
    // when the call starts and whenever wakeBlockedPosters() is called).
    // `task` is moved from only when it was queued, so the caller can keep
    // what it could not hand over.
    Status postUnlessAbandoned(Task& task, const std::atomic<bool>& abandoned);
    void wakeBlockedPosters();

    // Runs `work` on the loop thread and returns its result, which must be a
    // Result<T> or Status. Fails with Internal on the loop thread, Closed
    // after stop().
    template <class F>
    auto call(F&& work) -> std::invoke_result_t<F&> {
        using R = std::invoke_result_t<F&>;
        if (isLoopThread()) {
            return R(fail(ErrorCode::Internal, "an engine command was called from an engine "
                                               "event handler; post it to another thread"));
        }
        std::promise<R> promise;
        auto future = promise.get_future();
        if (auto status = post([&promise, &work] { promise.set_value(work()); }); !status) {
            return R(fail(status.error()));
        }
        return future.get();
    }

    // Loop thread only. Runs `task` on the loop after `delay`, unless
    // cancelled first. Ids are never reused.
    TimerId schedule(Clock::duration delay, Task task);
    // Loop thread only. Cancelling a timer that ran or was cancelled is a
    // no-op.
    void cancel(TimerId id);

    [[nodiscard]] bool isLoopThread() const noexcept;
    [[nodiscard]] std::size_t queued() const;

    // Idempotent; must not be called from the loop thread.
    void stop();

private:
    Status enqueue(Task& task, bool wait, const std::atomic<bool>* abandoned);
    void run();
    // Loop thread: moves due timers out of m_timers (under m_mutex).
    std::deque<Task> takeDueTimers(Clock::time_point now);

    const std::size_t m_capacity;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;    // the loop: a task arrived, or stop
    std::condition_variable m_notFull; // posters: room, stop, or abandonment
    std::deque<Task> m_queue;
    bool m_stopping = false;

    // Loop thread only (timers are scheduled and run there), but read by
    // run() under m_mutex to compute its wait.
    std::map<std::pair<Clock::time_point, TimerId>, Task> m_timers;
    std::unordered_map<TimerId, Clock::time_point> m_timerDue;
    TimerId m_nextTimer = 1;

    std::atomic<std::thread::id> m_threadId{};
    std::thread m_thread; // last: starts after everything it uses exists
};

} // namespace chive::core
