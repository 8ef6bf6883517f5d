#include "ui/TorBanner.h"

#include "ui/StartupWindow.h"
#include "ui/TorStatusModel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QVBoxLayout>

namespace chive::ui {

TorBanner::TorBanner(TorStatusModel& model, QWidget* parent)
    : QFrame(parent)
    , m_model(model) {
    setAccessibleName(tr("Tor status"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::AlternateBase);

    m_headline = new QLabel(this);
    m_headline->setWordWrap(true);
    m_headline->setAccessibleName(tr("Tor start-up phase"));
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 100);
    m_progress->setMaximumWidth(220);
    m_progress->setAccessibleName(tr("Tor start-up progress"));
    m_problem = new QLabel(this);
    m_problem->setWordWrap(true);
    m_problem->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_problem->setAccessibleName(tr("Network problem"));

    auto* row = new QHBoxLayout;
    row->addWidget(m_headline, 1);
    row->addWidget(m_progress);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 8, 12, 8);
    layout->addLayout(row);
    layout->addWidget(m_problem);

    connect(&m_model, &TorStatusModel::changed, this, &TorBanner::refresh);
    refresh();
}

QString TorBanner::headline() const {
    return m_headline->text();
}

QString TorBanner::problem() const {
    return m_problem->isHidden() ? QString{} : m_problem->text();
}

int TorBanner::progress() const {
    return m_progress->value();
}

QString TorBanner::statusText(const TorStatusModel& model) {
    if (model.failure()) {
        return tr("Tor stopped");
    }
    if (model.status().done()) {
        return tr("Connected to Tor");
    }
    if (model.networkDisabled()) {
        return tr("Offline");
    }
    return tr("Connecting to Tor… %1%").arg(model.status().progress);
}

void TorBanner::refresh() {
    const auto& status = m_model.status();
    m_progress->setValue(status.progress);
    m_progress->setVisible(!m_model.failure() && !m_model.networkDisabled());
    QString problem;
    if (m_model.failure()) {
        m_headline->setText(tr("Tor stopped; messages cannot be sent or received."));
        problem = tr("The built-in Tor is not running: %1").arg(*m_model.failure());
    } else if (m_model.networkDisabled() && !status.done()) {
        m_headline->setText(tr("Chive was started offline; no connections are made."));
    } else {
        const QString phase = QString::fromStdString(status.summary);
        m_headline->setText(
            phase.isEmpty()
                ? tr("Connecting to the Tor network…")
                : tr("Connecting to the Tor network: %1 (%2%)").arg(phase).arg(status.progress));
        if (status.warning) {
            problem = tr("Tor cannot reach the network: %1. Chive keeps trying.")
                          .arg(StartupWindow::networkProblem(status));
        }
    }
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
    setVisible(!status.done() || m_model.failure().has_value());
}

} // namespace chive::ui
