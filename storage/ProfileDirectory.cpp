#include "storage/ProfileDirectory.h"

#include "storage/AtomicFile.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <utility>

namespace chive::storage {
namespace {

using core::ErrorCode;

core::Status makeDirectory(const std::filesystem::path& path) {
    std::error_code error;
    if (path.has_parent_path() && !std::filesystem::exists(path.parent_path(), error)) {
        std::filesystem::create_directories(path.parent_path(), error);
        if (error) {
            return core::fail(fileError(error.value(), "creating the profile's parent directory"));
        }
    }
    if (::mkdir(path.c_str(), 0700) != 0 && errno != EEXIST) {
        return core::fail(fileError(errno, "creating the profile directory"));
    }
    return {};
}

} // namespace

ProfileDirectory::ProfileDirectory(std::filesystem::path path, int lockFd) noexcept
    : m_path(std::move(path))
    , m_lockFd(lockFd) {}

ProfileDirectory::~ProfileDirectory() {
    if (m_lockFd >= 0) {
        ::close(m_lockFd); // releases the flock
    }
}

ProfileDirectory::ProfileDirectory(ProfileDirectory&& other) noexcept
    : m_path(std::move(other.m_path))
    , m_lockFd(std::exchange(other.m_lockFd, -1)) {}

ProfileDirectory& ProfileDirectory::operator=(ProfileDirectory&& other) noexcept {
    if (this != &other) {
        if (m_lockFd >= 0) {
            ::close(m_lockFd);
        }
        m_path = std::move(other.m_path);
        m_lockFd = std::exchange(other.m_lockFd, -1);
    }
    return *this;
}

core::Result<ProfileDirectory> ProfileDirectory::open(const std::filesystem::path& path,
                                                      bool create) {
    if (create) {
        if (auto rc = makeDirectory(path); !rc) {
            return core::fail(rc.error());
        }
    }
    struct stat info {};
    if (::lstat(path.c_str(), &info) != 0) {
        if (errno == ENOENT) {
            return core::fail(ErrorCode::NotFound, "there is no profile at this path");
        }
        return core::fail(fileError(errno, "opening the profile directory"));
    }
    if (!S_ISDIR(info.st_mode)) {
        return core::fail(ErrorCode::InvalidArgument, "the profile path is not a directory");
    }
    if ((info.st_mode & 077) != 0 && ::chmod(path.c_str(), 0700) != 0) {
        return core::fail(fileError(errno, "making the profile directory private"));
    }
    const auto lockPath = path / "lock";
    const int fd = ::open(lockPath.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) {
        return core::fail(fileError(errno, "opening the profile's lock file"));
    }
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        const int error = errno;
        ::close(fd);
        if (error == EWOULDBLOCK) {
            return core::fail(ErrorCode::AlreadyExists, "the profile is already open");
        }
        return core::fail(fileError(error, "locking the profile"));
    }
    return ProfileDirectory(path, fd);
}

core::Result<std::filesystem::path> ProfileDirectory::defaultPath() {
    // XDG: a relative XDG_DATA_HOME is invalid and must be ignored. getenv is
    // not thread-safe against setenv; the app calls this once, at startup.
    // NOLINTBEGIN(concurrency-mt-unsafe)
    if (const char* data = std::getenv("XDG_DATA_HOME"); data != nullptr && data[0] == '/') {
        return std::filesystem::path(data) / "chive";
    }
    if (const char* home = std::getenv("HOME"); home != nullptr && home[0] == '/') {
        return std::filesystem::path(home) / ".local" / "share" / "chive";
    }
    // NOLINTEND(concurrency-mt-unsafe)
    return core::fail(ErrorCode::NotFound,
                      "no home directory: pass the profile directory explicitly");
}

} // namespace chive::storage
