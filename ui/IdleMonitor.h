#pragma once

// IdleMonitor: tells when nobody has used the app for a while, for the
// auto-lock. An application-wide event filter restarts a single-shot timer
// on every keyboard, mouse, wheel and touch event in any of the app's
// windows; idle() fires when the timer runs out.
//
// Threads: GUI thread only. Installs itself on the QCoreApplication in the
// constructor and removes itself in the destructor.

#include <QObject>
#include <QTimer>

namespace chive::ui {

class IdleMonitor : public QObject {
    Q_OBJECT

public:
    explicit IdleMonitor(QObject* parent = nullptr);
    ~IdleMonitor() override;
    IdleMonitor(const IdleMonitor&) = delete;
    IdleMonitor& operator=(const IdleMonitor&) = delete;
    IdleMonitor(IdleMonitor&&) = delete;
    IdleMonitor& operator=(IdleMonitor&&) = delete;

    // Minutes of idleness before idle(); 0 turns it off.
    void setMinutes(int minutes);
    // The same in milliseconds; for tests that cannot wait minutes.
    void setIntervalMs(int milliseconds);
    [[nodiscard]] int intervalMs() const { return m_intervalMs; }
    // Watch only while there is something to lock.
    void setActive(bool active);
    [[nodiscard]] bool active() const { return m_active; }
    // Counts as input: starts the wait again.
    void reset();

signals:
    void idle();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QTimer m_timer;
    int m_intervalMs = 0;
    bool m_active = false;
};

} // namespace chive::ui
