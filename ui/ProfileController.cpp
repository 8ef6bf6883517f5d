#include "ui/ProfileController.h"

#include <sodium.h>

#include <QLineEdit>
#include <QMetaObject>

#include <memory>

namespace chive::ui {

ProfileController::ProfileController(ProfileBackend& backend, QObject* parent)
    : QObject(parent)
    , m_backend(backend)
    , m_worker(new QObject)
    , m_state(backend.state()) {
    m_thread.setObjectName(QStringLiteral("chive-profile"));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
}

ProfileController::~ProfileController() {
    // quit() lets the call in progress finish; queued calls behind it are
    // dropped with the worker.
    m_thread.quit();
    m_thread.wait();
}

core::Messenger* ProfileController::messenger() {
    return m_state == ProfileBackend::State::Unlocked ? m_backend.messenger() : nullptr;
}

core::SecureBuffer ProfileController::passwordFrom(QLineEdit& edit) {
    QByteArray bytes = edit.text().toUtf8();
    edit.clear();
    auto buffer = core::SecureBuffer::copyOf(
        std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(bytes.constData()),
                                      static_cast<std::size_t>(bytes.size())));
    sodium_memzero(bytes.data(), static_cast<std::size_t>(bytes.size()));
    return buffer;
}

void ProfileController::create(core::SecureBuffer password) {
    auto secret = std::make_shared<core::SecureBuffer>(std::move(password));
    run(Operation::Create, [this, secret] {
        auto result = m_backend.create(*secret);
        *secret = core::SecureBuffer{};
        return result;
    });
}

void ProfileController::unlock(core::SecureBuffer password) {
    auto secret = std::make_shared<core::SecureBuffer>(std::move(password));
    run(Operation::Unlock, [this, secret] {
        auto result = m_backend.unlock(*secret);
        *secret = core::SecureBuffer{};
        return result;
    });
}

void ProfileController::lock() {
    // The GUI has dropped every view of the messenger before asking.
    m_state = ProfileBackend::State::Locked;
    run(Operation::Lock, [this] { return m_backend.lock(); });
}

void ProfileController::changePassword(core::SecureBuffer oldPassword,
                                       core::SecureBuffer newPassword) {
    auto secrets = std::make_shared<std::pair<core::SecureBuffer, core::SecureBuffer>>(
        std::move(oldPassword), std::move(newPassword));
    run(Operation::ChangePassword, [this, secrets] {
        auto result = m_backend.changePassword(secrets->first, secrets->second);
        secrets->first = core::SecureBuffer{};
        secrets->second = core::SecureBuffer{};
        return result;
    });
}

void ProfileController::run(Operation operation, std::function<core::Status()> call) {
    if (++m_pending == 1) {
        emit busyChanged(true);
    }
    QMetaObject::invokeMethod(
        m_worker,
        [this, operation, call = std::move(call)] {
            const auto result = call();
            const auto state = m_backend.state();
            QMetaObject::invokeMethod(
                this, [this, operation, result, state] { finish(operation, result, state); },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

void ProfileController::finish(Operation operation, const core::Status& result,
                               ProfileBackend::State state) {
    m_state = state;
    if (--m_pending == 0) {
        emit busyChanged(false);
    }
    if (!result) {
        emit failed(operation, QString::fromStdString(result.error().message), result.error().code);
        return;
    }
    switch (operation) {
    case Operation::Create:
        emit created();
        break;
    case Operation::Unlock:
        emit unlocked();
        break;
    case Operation::Lock:
        emit locked();
        break;
    case Operation::ChangePassword:
        emit passwordChanged();
        break;
    }
}

} // namespace chive::ui
