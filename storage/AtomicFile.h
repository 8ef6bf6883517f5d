#pragma once

// AtomicFile: small files that are either wholly old or wholly new after a
// crash: write a temporary file beside the target, fsync it, rename it over
// the target, fsync the directory. Also reads small files defensively (no
// symlinks, hard size limit checked before allocating).
//
// Fault injection: every step first asks the FaultHook, if one is set. Tests
// use it to fail a step with a chosen errno (ENOSPC for a full disk) or to
// stop dead as if the process had crashed there. Stateless; thread-safe as
// far as the file system is.

#include "core/Result.h"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <span>
#include <string_view>
#include <vector>

namespace chive::storage {

enum class AtomicWriteStep {
    CreateTemp,
    WriteTemp,
    SyncTemp,
    Rename,
    SyncDirectory,
};

const char* atomicWriteStepName(AtomicWriteStep step) noexcept;

// Returned by a FaultHook to simulate a crash before `step`: the write stops
// with ErrorCode::Internal and leaves the files exactly as they are.
inline constexpr int kSimulatedCrash = -1;

// Called before each step with the target's file name. Returns 0 to go on, an
// errno value to fail the step as the system call would have, or
// kSimulatedCrash.
using FaultHook = std::function<int(const std::filesystem::path& target, AtomicWriteStep step)>;

class AtomicFile {
public:
    // Replaces `target` (created 0600) with `bytes`. On failure the target is
    // unchanged; the temporary file is removed unless a crash was simulated.
    static core::Status write(const std::filesystem::path& target,
                              std::span<const std::uint8_t> bytes, const FaultHook& hook = {});
    // Reads `path` if it is a regular file of at most `maxSize` bytes.
    // NotFound if it does not exist; TooLarge if it is bigger.
    static core::Result<std::vector<std::uint8_t>> read(const std::filesystem::path& path,
                                                        std::size_t maxSize);
    // The temporary name write() uses for `target`.
    static std::filesystem::path tempPath(const std::filesystem::path& target);
    // Fsyncs a directory, so that a rename or creation in it is durable.
    static core::Status syncDirectory(const std::filesystem::path& directory);
};

// Maps an errno from a file operation to a Chive error (ENOSPC and EDQUOT are
// DiskFull). `what` says what was being done; it never contains secrets.
core::Error fileError(int error, std::string_view what);

} // namespace chive::storage
