#pragma once

// TorBanner: the strip above the main view while Tor starts: progress, the
// current phase, and why the network cannot be reached when Tor says so
// (worded as in StartupWindow). It hides itself once Tor has bootstrapped;
// statusText() is the short form for the status bar after that.
//
// Reads TorStatusModel only. Threads: GUI thread only.

#include <QFrame>
#include <QString>

class QLabel;
class QProgressBar;

namespace chive::ui {

class TorStatusModel;

class TorBanner : public QFrame {
    Q_OBJECT

public:
    explicit TorBanner(TorStatusModel& model, QWidget* parent = nullptr);

    [[nodiscard]] QString headline() const;
    [[nodiscard]] QString problem() const;
    [[nodiscard]] int progress() const;
    // "Connected to Tor", "Connecting to Tor… 45%", "Offline", "Tor stopped".
    [[nodiscard]] static QString statusText(const TorStatusModel& model);

private:
    void refresh();

    TorStatusModel& m_model;
    QLabel* m_headline = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_problem = nullptr;
};

} // namespace chive::ui
