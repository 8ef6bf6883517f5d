#pragma once

// The first window: Tor's start-up progress, and a plain explanation when Tor
// cannot reach the network. Reads TorStatusModel; holds no logic of its own
// beyond wording.

#include "core/net/BootstrapStatus.h"

#include <QWidget>

class QLabel;
class QProgressBar;

namespace chive::ui {

class TorStatusModel;

class StartupWindow : public QWidget {
    Q_OBJECT

public:
    explicit StartupWindow(TorStatusModel& model, QWidget* parent = nullptr);

    // The wording shown for a state, exposed for tests.
    [[nodiscard]] QString headline() const;
    [[nodiscard]] QString detail() const;
    [[nodiscard]] QString problem() const;
    [[nodiscard]] int progress() const;
    // Why Tor cannot reach the network, in words for a person.
    [[nodiscard]] static QString networkProblem(const core::BootstrapStatus& status);

private:
    void refresh();

    TorStatusModel& m_model;
    QLabel* m_headline = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_detail = nullptr;
    QLabel* m_problem = nullptr;
};

} // namespace chive::ui
