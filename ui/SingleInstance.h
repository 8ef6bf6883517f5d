#pragma once

// SingleInstance: one Chive per profile. The first start on a profile is the
// primary: it holds an flock on <profile>/instance.lock for its lifetime and
// listens on a local socket; every later start is a secondary: it hands its
// chive: link (or only "raise the window") to the primary over that socket
// and exits, before it starts Tor or opens anything of the profile. The lock
// decides who is primary, so two starts at once never give two primaries.
// The wire format is core::HandOffRequest (doc/protocol.md, "Local single-instance
// hand-off").
//
// The socket is <profile>/instance.sock, or, when that path is too long for
// a unix socket, $XDG_RUNTIME_DIR/chive-<hash of the profile path>.sock; both
// directories are private to the user, and the socket is made with
// QLocalServer::UserAccessOption. Only the same user can connect, yet every
// request is hostile input: at most HandOffRequest::kMaxLineBytes are read,
// one request per connection, each connection closed after
// Limits::connectionTimeoutMs, at most Limits::maxConnections at once (more
// are closed at once). The link is never logged.
//
// Threads: GUI thread (the primary's socket work runs on its event loop);
// handOff() blocks and may run on any thread with an event dispatcher.
// Ownership: owns the lock's descriptor, the server and the connections.

#include "core/Result.h"
#include "core/link/HandOffRequest.h"

#include <QObject>
#include <QString>

#include <filesystem>
#include <memory>
#include <optional>
#include <unordered_map>

class QLocalServer;
class QLocalSocket;

namespace chive::ui {

class SingleInstance : public QObject {
    Q_OBJECT

public:
    enum class Role { Primary, Secondary };
    struct Limits {
        int connectionTimeoutMs = 3000;
        int maxConnections = 4;
    };
    // The longest socket path QLocalServer (Qt 6.4) listens on: a sun_path
    // holds 108 bytes, its terminating NUL included, and Qt refuses 107.
    static constexpr qsizetype kMaxSocketPathBytes = 106;

    // Creates the profile directory (0700) if it is missing and takes
    // instance.lock if nobody holds it: Primary; Secondary if another
    // process or object holds it. Io if the directory or the lock file
    // cannot be made.
    static core::Result<std::unique_ptr<SingleInstance>> claim(const std::filesystem::path& profile,
                                                               Limits limits);
    static core::Result<std::unique_ptr<SingleInstance>>
    claim(const std::filesystem::path& profile) {
        return claim(profile, Limits{});
    }

    // Where the primary of `profile` (an existing directory) listens;
    // nullopt if neither place fits a unix socket.
    static std::optional<QString> socketPathFor(const std::filesystem::path& profile);

    // Sends `request` to the primary listening on `socketPath` and waits for
    // its answer: connecting is retried for up to `connectTimeoutMs` (the
    // primary may still be starting), the answer awaited for up to
    // `replyTimeoutMs`. Timeout if nobody answers, Closed if the primary
    // refused or hung up.
    static core::Status handOff(const QString& socketPath, const core::HandOffRequest& request,
                                int connectTimeoutMs, int replyTimeoutMs);

    ~SingleInstance() override;
    SingleInstance(const SingleInstance&) = delete;
    SingleInstance& operator=(const SingleInstance&) = delete;
    SingleInstance(SingleInstance&&) = delete;
    SingleInstance& operator=(SingleInstance&&) = delete;

    [[nodiscard]] Role role() const { return m_role; }
    // Empty if no socket path fits (see socketPathFor).
    [[nodiscard]] const QString& socketPath() const { return m_socketPath; }
    // Primary only: replaces a socket left by a crash and listens. Fails if
    // no socket path fits or the socket cannot be made; Chive then runs
    // without hand-off.
    core::Status listen();
    // Connections being read now (never more than Limits::maxConnections).
    [[nodiscard]] int connectionCount() const { return static_cast<int>(m_reading.size()); }

signals:
    // A valid request arrived (either verb): bring the window to the front.
    void raiseRequested();
    // A valid `link` request arrived, after raiseRequested. The link is
    // unvalidated beyond HandOffRequest's checks.
    void linkReceived(const QString& link);

private:
    SingleInstance(Role role, int lockFd, QString socketPath, Limits limits);

    void accept();
    void read(QLocalSocket* socket);
    void answer(QLocalSocket* socket, const QByteArray& line);
    void drop(QLocalSocket* socket);

    Role m_role;
    int m_lockFd = -1;
    QString m_socketPath;
    Limits m_limits;
    QLocalServer* m_server = nullptr;                        // child
    std::unordered_map<QLocalSocket*, QByteArray> m_reading; // children of m_server
};

} // namespace chive::ui
