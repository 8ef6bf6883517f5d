#include "ui/SingleInstance.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QLocalServer>
#include <QLocalSocket>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

namespace chive::ui {
namespace {

using core::ErrorCode;
using core::HandOffRequest;

constexpr qsizetype kMaxAnswerBytes = 64;
// The most a connection may send, as Qt counts sizes.
constexpr auto kMaxLineBytes = static_cast<qsizetype>(HandOffRequest::kMaxLineBytes);
constexpr int kConnectRetryMs = 100;

core::Error systemError(int error, const std::string& what) {
    // NOLINTNEXTLINE(concurrency-mt-unsafe): called on one thread at start-up.
    return core::Error{ErrorCode::Io, what + ": " + std::strerror(error)};
}

// The profile directory as storage makes it: missing parents created, the
// directory itself 0700, narrowed if it was wider.
core::Status makePrivateDirectory(const std::filesystem::path& path) {
    std::error_code error;
    if (path.has_parent_path() && !std::filesystem::exists(path.parent_path(), error)) {
        std::filesystem::create_directories(path.parent_path(), error);
        if (error) {
            return core::fail(ErrorCode::Io,
                              "cannot create the profile's parent directory: " + error.message());
        }
    }
    if (::mkdir(path.c_str(), 0700) != 0 && errno != EEXIST) {
        return core::fail(systemError(errno, "cannot create the profile directory"));
    }
    struct stat info {};
    if (::lstat(path.c_str(), &info) != 0) {
        return core::fail(systemError(errno, "cannot open the profile directory"));
    }
    if (!S_ISDIR(info.st_mode)) {
        return core::fail(ErrorCode::InvalidArgument, "the profile path is not a directory");
    }
    if ((info.st_mode & 077) != 0 && ::chmod(path.c_str(), 0700) != 0) {
        return core::fail(systemError(errno, "cannot make the profile directory private"));
    }
    return {};
}

// $XDG_RUNTIME_DIR if it is absolute, ours and private; else nothing.
std::optional<std::filesystem::path> runtimeDirectory() {
    // NOLINTNEXTLINE(concurrency-mt-unsafe): read once at start-up.
    const char* value = std::getenv("XDG_RUNTIME_DIR");
    if (value == nullptr || value[0] != '/') {
        return std::nullopt;
    }
    struct stat info {};
    if (::lstat(value, &info) != 0 || !S_ISDIR(info.st_mode) || info.st_uid != ::getuid() ||
        (info.st_mode & 077) != 0) {
        return std::nullopt;
    }
    return std::filesystem::path(value);
}

bool fits(const std::filesystem::path& socket) {
    return static_cast<qsizetype>(socket.native().size()) <= SingleInstance::kMaxSocketPathBytes;
}

} // namespace

SingleInstance::SingleInstance(Role role, int lockFd, QString socketPath, Limits limits)
    : m_role(role)
    , m_lockFd(lockFd)
    , m_socketPath(std::move(socketPath))
    , m_limits(limits) {}

SingleInstance::~SingleInstance() {
    if (m_server != nullptr) {
        m_server->close(); // removes the socket file
    }
    if (m_lockFd >= 0) {
        ::close(m_lockFd); // releases the flock
    }
}

core::Result<std::unique_ptr<SingleInstance>>
SingleInstance::claim(const std::filesystem::path& profile, Limits limits) {
    if (auto made = makePrivateDirectory(profile); !made) {
        return core::fail(made.error());
    }
    std::error_code error;
    const auto canonical = std::filesystem::canonical(profile, error);
    if (error) {
        return core::fail(ErrorCode::Io,
                          "cannot resolve the profile directory: " + error.message());
    }
    const auto lockPath = canonical / "instance.lock";
    int fd = ::open(lockPath.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) {
        return core::fail(systemError(errno, "cannot open the profile's instance lock"));
    }
    Role role = Role::Primary;
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        const int lockError = errno;
        ::close(fd);
        fd = -1;
        if (lockError != EWOULDBLOCK) {
            return core::fail(systemError(lockError, "cannot take the profile's instance lock"));
        }
        role = Role::Secondary;
    }
    return std::unique_ptr<SingleInstance>(
        new SingleInstance(role, fd, socketPathFor(canonical).value_or(QString{}), limits));
}

std::optional<QString> SingleInstance::socketPathFor(const std::filesystem::path& profile) {
    const auto inProfile = profile / "instance.sock";
    if (fits(inProfile)) {
        return QFile::decodeName(inProfile.c_str());
    }
    const auto runtime = runtimeDirectory();
    if (!runtime) {
        return std::nullopt;
    }
    const QByteArray digest = QCryptographicHash::hash(QByteArray::fromStdString(profile.native()),
                                                       QCryptographicHash::Sha256)
                                  .toHex()
                                  .left(32);
    const auto inRuntime = *runtime / ("chive-" + digest.toStdString() + ".sock");
    if (!fits(inRuntime)) {
        return std::nullopt;
    }
    return QFile::decodeName(inRuntime.c_str());
}

core::Status SingleInstance::listen() {
    Q_ASSERT(m_role == Role::Primary && m_server == nullptr);
    if (m_socketPath.isEmpty()) {
        return core::fail(ErrorCode::TooLarge,
                          "the profile path is too long for a local socket and "
                          "$XDG_RUNTIME_DIR is not usable");
    }
    auto* server = new QLocalServer(this);
    server->setSocketOptions(QLocalServer::UserAccessOption);
    // Holding the lock, any socket file there is one a crashed primary left.
    QLocalServer::removeServer(m_socketPath);
    if (!server->listen(m_socketPath)) {
        const std::string reason = server->errorString().toStdString();
        delete server;
        return core::fail(ErrorCode::Io, "cannot listen for other starts: " + reason);
    }
    m_server = server;
    connect(m_server, &QLocalServer::newConnection, this, &SingleInstance::accept);
    return {};
}

void SingleInstance::accept() {
    while (QLocalSocket* socket = m_server->nextPendingConnection()) {
        if (connectionCount() >= m_limits.maxConnections) {
            socket->abort();
            socket->deleteLater();
            continue;
        }
        m_reading.emplace(socket, QByteArray{});
        // Qt reads no more than this into its own buffer either.
        socket->setReadBufferSize(kMaxLineBytes);
        connect(socket, &QLocalSocket::readyRead, this, [this, socket] { read(socket); });
        connect(socket, &QLocalSocket::disconnected, this, [this, socket] { drop(socket); });
        QTimer::singleShot(m_limits.connectionTimeoutMs, socket, [this, socket] { drop(socket); });
        read(socket);
    }
}

void SingleInstance::read(QLocalSocket* socket) {
    const auto found = m_reading.find(socket);
    if (found == m_reading.end()) {
        return;
    }
    QByteArray& buffer = found->second;
    buffer += socket->read(kMaxLineBytes - buffer.size());
    const auto newline = buffer.indexOf('\n');
    if (newline < 0) {
        if (buffer.size() >= kMaxLineBytes) {
            answer(socket, "error too-long\n");
        }
        return;
    }
    // One request per connection: nothing may follow its line.
    if (newline != buffer.size() - 1 || socket->bytesAvailable() > 0) {
        answer(socket, "error malformed\n");
        return;
    }
    const auto request = HandOffRequest::parse(
        std::string_view(buffer.constData(), static_cast<std::size_t>(newline)));
    if (!request) {
        switch (request.error().code) {
        case ErrorCode::UnsupportedVersion:
            answer(socket, "error version\n");
            break;
        case ErrorCode::TooLarge:
            answer(socket, "error too-long\n");
            break;
        default:
            answer(socket, "error malformed\n");
            break;
        }
        return;
    }
    answer(socket, "ok\n");
    emit raiseRequested();
    if (request->link()) {
        emit linkReceived(QString::fromStdString(*request->link()));
    }
}

void SingleInstance::answer(QLocalSocket* socket, const QByteArray& line) {
    m_reading.erase(socket);
    disconnect(socket, nullptr, this, nullptr);
    connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
    socket->write(line);
    socket->disconnectFromServer(); // after the answer is written
}

void SingleInstance::drop(QLocalSocket* socket) {
    m_reading.erase(socket);
    disconnect(socket, nullptr, this, nullptr);
    socket->abort();
    socket->deleteLater();
}

core::Status SingleInstance::handOff(const QString& socketPath, const core::HandOffRequest& request,
                                     int connectTimeoutMs, int replyTimeoutMs) {
    if (socketPath.isEmpty()) {
        return core::fail(ErrorCode::NotFound, "there is no socket path to reach it on");
    }
    QLocalSocket socket;
    QElapsedTimer clock;
    clock.start();
    for (;;) {
        socket.connectToServer(socketPath);
        const auto left = std::max<qint64>(0, connectTimeoutMs - clock.elapsed());
        if (socket.waitForConnected(static_cast<int>(left))) {
            break;
        }
        socket.abort();
        if (clock.elapsed() >= connectTimeoutMs) {
            return core::fail(ErrorCode::Timeout, "it does not accept connections");
        }
        QThread::msleep(kConnectRetryMs);
    }
    clock.restart();
    auto left = [&] {
        return static_cast<int>(std::max<qint64>(0, replyTimeoutMs - clock.elapsed()));
    };
    const std::string line = request.encode();
    socket.write(line.data(), static_cast<qint64>(line.size()));
    if (!socket.waitForBytesWritten(left())) {
        return core::fail(ErrorCode::Timeout, "it did not take the request");
    }
    QByteArray reply;
    while (!reply.contains('\n') && reply.size() < kMaxAnswerBytes) {
        if (socket.bytesAvailable() == 0 && !socket.waitForReadyRead(left())) {
            break;
        }
        reply += socket.read(kMaxAnswerBytes - reply.size());
    }
    if (reply == "ok\n") {
        return {};
    }
    if (reply.startsWith("error ") && reply.endsWith('\n')) {
        // A word from our own protocol; anything else is not echoed.
        const QByteArray word = reply.sliced(6, reply.size() - 7);
        const bool plain = std::all_of(word.begin(), word.end(),
                                       [](char c) { return (c >= 'a' && c <= 'z') || c == '-'; });
        return core::fail(ErrorCode::Closed,
                          "it refused the request (" +
                              (plain ? word.toStdString() : std::string("unknown reason")) + ")");
    }
    if (clock.elapsed() >= replyTimeoutMs) {
        return core::fail(ErrorCode::Timeout, "it did not answer in time");
    }
    return core::fail(ErrorCode::Closed, "it closed the connection without an answer");
}

} // namespace chive::ui
