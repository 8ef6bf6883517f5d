#pragma once

// StoreExecutor: how code outside the store's thread uses the profile store.
// The store and its repositories belong to one thread (see ProfileStore.h);
// run() hands a closure to that thread, waits for it to finish and returns
// what it returned. storage::StorageWorkerExecutor implements it on
// storage::StorageWorker, so core needs no storage header.
//
// Threads: run() may be called from any thread except the store's own (a
// closure that waited for another closure would wait forever; the
// implementation refuses with Internal). Closures run one at a time, in the
// order they were handed over, and must not keep the ProfileStore& or any
// repository reference beyond their own run.

#include "core/Result.h"
#include "core/store/ProfileStore.h"

#include <functional>
#include <optional>
#include <utility>

namespace chive::core {

class StoreExecutor {
public:
    StoreExecutor() = default;
    virtual ~StoreExecutor() = default;
    StoreExecutor(const StoreExecutor&) = delete;
    StoreExecutor& operator=(const StoreExecutor&) = delete;
    StoreExecutor(StoreExecutor&&) = delete;
    StoreExecutor& operator=(StoreExecutor&&) = delete;

    // Runs `work` on the store's thread and returns its status once it has
    // finished. Closed if the store has been shut down (the closure did not
    // run); Internal if the closure threw.
    virtual Status run(const std::function<Status(ProfileStore&)>& work) = 0;

    // The same for a closure that returns a value.
    template <class T>
    Result<T> call(const std::function<Result<T>(ProfileStore&)>& work) {
        std::optional<Result<T>> out;
        auto ran = run([&](ProfileStore& store) -> Status {
            out.emplace(work(store));
            return {};
        });
        if (!ran) {
            return fail(ran.error());
        }
        return std::move(*out);
    }
};

} // namespace chive::core
