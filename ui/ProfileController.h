#pragma once

// ProfileController: runs the profile's slow steps (Argon2id, opening the
// database, starting Tor, stopping the engine) off the GUI thread and
// reports their outcome as GUI-thread signals.
//
// Threads: owns one worker QThread. Every ProfileBackend call is queued to
// it, so the calls run one at a time and in the order they were asked for.
// The signals are emitted on the controller's thread (the GUI thread);
// results of a controller destroyed before they arrive are dropped. The
// destructor waits for the call in progress and drops the ones queued behind
// it. messenger() and state() are read on the GUI thread, between calls
// (after unlocked() and before lock() is asked for).
//
// Secrets: passwords travel as core::SecureBuffer, moved into the queued
// call and wiped when it ends. passwordFrom() turns a line edit's text into
// one and clears the edit.
//
// Ownership: does not own the backend, which must outlive it.

#include "core/Result.h"
#include "core/SecureBuffer.h"
#include "ui/ProfileBackend.h"

#include <QObject>
#include <QString>
#include <QThread>

#include <functional>

class QLineEdit;

namespace chive::ui {

class ProfileController : public QObject {
    Q_OBJECT

public:
    enum class Operation { Create, Unlock, Lock, ChangePassword };
    Q_ENUM(Operation)

    // Reads the backend's state once (a file check) on the calling thread.
    explicit ProfileController(ProfileBackend& backend, QObject* parent = nullptr);
    ~ProfileController() override;
    ProfileController(const ProfileController&) = delete;
    ProfileController& operator=(const ProfileController&) = delete;
    ProfileController(ProfileController&&) = delete;
    ProfileController& operator=(ProfileController&&) = delete;

    // The state after the last finished call.
    [[nodiscard]] ProfileBackend::State state() const { return m_state; }
    [[nodiscard]] bool busy() const { return m_pending > 0; }
    // Null unless unlocked; valid until lock() is asked for.
    [[nodiscard]] core::Messenger* messenger();

    void create(core::SecureBuffer password);
    void unlock(core::SecureBuffer password);
    void lock();
    void changePassword(core::SecureBuffer oldPassword, core::SecureBuffer newPassword);

    // The UTF-8 bytes of `edit`'s text in secure memory; the edit is cleared
    // and the transient copies wiped.
    static core::SecureBuffer passwordFrom(QLineEdit& edit);

signals:
    void created();
    void unlocked();
    void locked();
    void passwordChanged();
    void failed(chive::ui::ProfileController::Operation operation, const QString& reason,
                chive::core::ErrorCode code);
    void busyChanged(bool busy);

private:
    // Runs `call` on the worker; `done` gets its result on the GUI thread.
    void run(Operation operation, std::function<core::Status()> call);
    void finish(Operation operation, const core::Status& result, ProfileBackend::State state);

    ProfileBackend& m_backend;
    QThread m_thread;
    QObject* m_worker = nullptr; // lives on m_thread, deleted when it ends
    ProfileBackend::State m_state;
    int m_pending = 0;
};

} // namespace chive::ui
