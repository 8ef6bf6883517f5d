#pragma once

// Adapts the embedded Tor's events to the GUI thread.
//
// Threads: the core::TorEventListener methods are called on the transport's
// reader thread; they only post a queued call to this object's thread (the
// GUI thread), where the state is stored and the signals are emitted. The
// accessors are for the GUI thread only. Results reach the GUI by queued
// calls, never by polling.

#include "core/net/BootstrapStatus.h"
#include "core/net/TorEventListener.h"

#include <QObject>
#include <QString>

#include <optional>

namespace chive::ui {

class TorStatusModel : public QObject, public core::TorEventListener {
    Q_OBJECT

public:
    explicit TorStatusModel(QObject* parent = nullptr);

    // core::TorEventListener (any thread)
    void onBootstrapStatus(const core::BootstrapStatus& status) override;
    void onTorStopped(const std::string& reason) override;

    // GUI thread
    [[nodiscard]] const core::BootstrapStatus& status() const { return m_status; }
    [[nodiscard]] bool networkDisabled() const { return m_networkDisabled; }
    void setNetworkDisabled(bool disabled);
    // Set when Tor stopped without being asked to.
    [[nodiscard]] const std::optional<QString>& failure() const { return m_failure; }
    // Tor could not be started at all.
    void setStartFailure(const QString& message);

signals:
    void changed();

private:
    core::BootstrapStatus m_status;
    bool m_networkDisabled = false;
    std::optional<QString> m_failure;
};

} // namespace chive::ui
