#include "storage/AtomicFile.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <system_error>

namespace chive::storage {
namespace {

using core::ErrorCode;

// Closes the descriptor on every path out of a function.
class Fd {
public:
    explicit Fd(int fd) noexcept
        : m_fd(fd) {}
    ~Fd() { close(); }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    Fd(Fd&&) = delete;
    Fd& operator=(Fd&&) = delete;
    [[nodiscard]] int get() const noexcept { return m_fd; }
    int close() noexcept {
        int rc = 0;
        if (m_fd >= 0) {
            rc = ::close(m_fd);
            m_fd = -1;
        }
        return rc;
    }

private:
    int m_fd;
};

core::Error simulatedCrash(AtomicWriteStep step) {
    return core::Error{ErrorCode::Internal,
                       std::string("simulated crash before ") + atomicWriteStepName(step)};
}

} // namespace

const char* atomicWriteStepName(AtomicWriteStep step) noexcept {
    switch (step) {
    case AtomicWriteStep::CreateTemp:
        return "create-temp";
    case AtomicWriteStep::WriteTemp:
        return "write-temp";
    case AtomicWriteStep::SyncTemp:
        return "sync-temp";
    case AtomicWriteStep::Rename:
        return "rename";
    case AtomicWriteStep::SyncDirectory:
        return "sync-directory";
    }
    return "unknown";
}

core::Error fileError(int error, std::string_view what) {
    std::string message(what);
    if (error == ENOSPC || error == EDQUOT) {
        return core::Error{ErrorCode::DiskFull, message + ": the disk is full"};
    }
    message += ": ";
    message += std::error_code(error, std::generic_category()).message();
    if (error == ENOENT) {
        return core::Error{ErrorCode::NotFound, std::move(message)};
    }
    return core::Error{ErrorCode::Io, std::move(message)};
}

std::filesystem::path AtomicFile::tempPath(const std::filesystem::path& target) {
    auto temp = target;
    temp += ".tmp";
    return temp;
}

core::Status AtomicFile::syncDirectory(const std::filesystem::path& directory) {
    Fd dir(::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (dir.get() < 0) {
        return core::fail(fileError(errno, "opening the profile directory"));
    }
    if (::fsync(dir.get()) != 0) {
        return core::fail(fileError(errno, "syncing the profile directory"));
    }
    return {};
}

core::Status AtomicFile::write(const std::filesystem::path& target,
                               std::span<const std::uint8_t> bytes, const FaultHook& hook) {
    const auto temp = tempPath(target);
    // Returns the injected errno (or kSimulatedCrash), 0 to go on.
    auto inject = [&](AtomicWriteStep step) {
        return hook ? hook(target, step) : 0;
    };
    auto failStep = [&](int error, AtomicWriteStep step, const char* what) -> core::Status {
        if (error == kSimulatedCrash) {
            return core::fail(simulatedCrash(step));
        }
        ::unlink(temp.c_str());
        return core::fail(fileError(error, what));
    };

    int injected = inject(AtomicWriteStep::CreateTemp);
    if (injected != 0) {
        return failStep(injected, AtomicWriteStep::CreateTemp, "creating a temporary file");
    }
    Fd fd(::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600));
    if (fd.get() < 0) {
        return failStep(errno, AtomicWriteStep::CreateTemp, "creating a temporary file");
    }
    if (::fchmod(fd.get(), 0600) != 0) {
        return failStep(errno, AtomicWriteStep::CreateTemp, "making a file private");
    }

    injected = inject(AtomicWriteStep::WriteTemp);
    if (injected != 0) {
        return failStep(injected, AtomicWriteStep::WriteTemp, "writing a file");
    }
    std::size_t written = 0;
    while (written < bytes.size()) {
        const ssize_t n = ::write(fd.get(), bytes.data() + written, bytes.size() - written);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return failStep(errno, AtomicWriteStep::WriteTemp, "writing a file");
        }
        written += static_cast<std::size_t>(n);
    }

    injected = inject(AtomicWriteStep::SyncTemp);
    if (injected != 0) {
        return failStep(injected, AtomicWriteStep::SyncTemp, "syncing a file");
    }
    if (::fsync(fd.get()) != 0 || fd.close() != 0) {
        return failStep(errno, AtomicWriteStep::SyncTemp, "syncing a file");
    }

    injected = inject(AtomicWriteStep::Rename);
    if (injected != 0) {
        return failStep(injected, AtomicWriteStep::Rename, "replacing a file");
    }
    if (::rename(temp.c_str(), target.c_str()) != 0) {
        return failStep(errno, AtomicWriteStep::Rename, "replacing a file");
    }

    // After the rename the new content is in place; a failure here only means
    // the rename might not survive a power loss, so the temp file is gone and
    // there is nothing to clean up.
    injected = inject(AtomicWriteStep::SyncDirectory);
    if (injected == kSimulatedCrash) {
        return core::fail(simulatedCrash(AtomicWriteStep::SyncDirectory));
    }
    if (injected != 0) {
        return core::fail(fileError(injected, "syncing the profile directory"));
    }
    return syncDirectory(target.parent_path());
}

core::Result<std::vector<std::uint8_t>> AtomicFile::read(const std::filesystem::path& path,
                                                         std::size_t maxSize) {
    Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
    if (fd.get() < 0) {
        return core::fail(fileError(errno, "opening a profile file"));
    }
    struct stat info {};
    if (::fstat(fd.get(), &info) != 0) {
        return core::fail(fileError(errno, "reading a profile file"));
    }
    if (!S_ISREG(info.st_mode)) {
        return core::fail(ErrorCode::Io, "a profile file is not a regular file");
    }
    if (info.st_size < 0 || static_cast<std::uint64_t>(info.st_size) > maxSize) {
        return core::fail(ErrorCode::TooLarge, "a profile file is larger than it can be");
    }
    // Read up to one byte past the limit: the file may have grown since fstat.
    std::vector<std::uint8_t> bytes(maxSize + 1);
    std::size_t total = 0;
    while (total < bytes.size()) {
        const ssize_t n = ::read(fd.get(), bytes.data() + total, bytes.size() - total);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return core::fail(fileError(errno, "reading a profile file"));
        }
        if (n == 0) {
            break;
        }
        total += static_cast<std::size_t>(n);
    }
    if (total > maxSize) {
        return core::fail(ErrorCode::TooLarge, "a profile file is larger than it can be");
    }
    bytes.resize(total);
    return bytes;
}

} // namespace chive::storage
