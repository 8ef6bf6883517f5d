#include "app/GuiProfileBackend.h"

#include "app/EngineRuntime.h"

namespace chive::app {

void GuiProfileBackend::TorFanOut::onBootstrapStatus(const core::BootstrapStatus& status) {
    m_first.onBootstrapStatus(status);
    m_second.onBootstrapStatus(status);
}

void GuiProfileBackend::TorFanOut::onTorStopped(const std::string& reason) {
    m_first.onTorStopped(reason);
    m_second.onTorStopped(reason);
}

GuiProfileBackend::GuiProfileBackend(std::filesystem::path directory, transport::TorOptions tor,
                                     core::MessengerListener& listener,
                                     core::TorEventListener& torStatus,
                                     storage::ProfileOptions profileOptions)
    : m_tor(torStatus, m_relay)
    , m_session(
          std::move(directory), std::move(tor), m_tor,
          [this, &listener](storage::Profile& profile, transport::RunningTor& embedded) {
              return EngineRuntime::create(profile, embedded, m_relay, listener);
          },
          std::move(profileOptions)) {}

GuiProfileBackend::~GuiProfileBackend() {
    shutdown();
}

GuiProfileBackend::State GuiProfileBackend::state() {
    switch (m_session.state()) {
    case ProfileSession::State::Missing:
        return State::Missing;
    case ProfileSession::State::Locked:
        return State::Locked;
    case ProfileSession::State::Unlocked:
        break;
    }
    return State::Unlocked;
}

core::Status GuiProfileBackend::requireMessenger(core::Status opened) {
    if (!opened || m_session.messenger() != nullptr) {
        return opened;
    }
    core::Error error = m_session.runtimeError() != nullptr
                            ? *m_session.runtimeError()
                            : core::Error{core::ErrorCode::Internal, "the messenger did not start"};
    (void)m_session.lock();
    return core::fail(std::move(error));
}

core::Status GuiProfileBackend::create(const core::SecureBuffer& password) {
    return requireMessenger(m_session.create(password));
}

core::Status GuiProfileBackend::unlock(const core::SecureBuffer& password) {
    return requireMessenger(m_session.unlock(password));
}

core::Status GuiProfileBackend::lock() {
    return m_session.lock();
}

core::Status GuiProfileBackend::changePassword(const core::SecureBuffer& oldPassword,
                                               const core::SecureBuffer& newPassword) {
    return m_session.changePassword(oldPassword, newPassword);
}

core::Messenger* GuiProfileBackend::messenger() {
    return m_session.messenger();
}

void GuiProfileBackend::shutdown() {
    m_session.shutdown();
}

} // namespace chive::app
