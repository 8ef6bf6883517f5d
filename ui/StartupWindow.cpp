#include "ui/StartupWindow.h"

#include "ui/TorStatusModel.h"

#include <QFont>
#include <QLabel>
#include <QProgressBar>
#include <QVBoxLayout>

namespace chive::ui {

QString StartupWindow::networkProblem(const core::BootstrapStatus& status) {
    // Tor's REASON keywords (control-spec, "Status events"), worded for a
    // person. Tor's own WARNING text is used when the reason is unknown.
    const std::string& reason = status.reason;
    if (reason == "CONNECTREFUSED") {
        return tr("connections to Tor relays are refused");
    }
    if (reason == "NOROUTE") {
        return tr("there is no route to the Tor network; this computer may be offline");
    }
    if (reason == "TIMEOUT") {
        return tr("connections to Tor relays time out");
    }
    if (reason == "DONE" || reason == "CONNECTRESET" || reason == "IOERROR") {
        return tr("connections to Tor relays are cut off; the network may be blocking Tor");
    }
    if (reason == "IDENTITY") {
        return tr("a relay did not prove its identity; the connection may be intercepted");
    }
    if (reason == "RESOURCELIMIT") {
        return tr("this computer has run out of resources for new connections");
    }
    if (reason == "PT_MISSING") {
        return tr("the program for the configured bridges is missing");
    }
    return QString::fromStdString(status.warning.value_or(status.summary));
}

StartupWindow::StartupWindow(TorStatusModel& model, QWidget* parent)
    : QWidget(parent)
    , m_model(model) {
    setWindowTitle(tr("Chive"));
    setAccessibleName(tr("Chive start-up"));
    setMinimumSize(460, 260);

    auto* title = new QLabel(tr("Chive"), this);
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 2.0);
    titleFont.setBold(true);
    title->setFont(titleFont);
    title->setAlignment(Qt::AlignHCenter);

    m_headline = new QLabel(this);
    QFont headlineFont = m_headline->font();
    headlineFont.setPointSizeF(headlineFont.pointSizeF() * 1.2);
    m_headline->setFont(headlineFont);
    m_headline->setAlignment(Qt::AlignHCenter);

    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 100);
    m_progress->setAccessibleName(tr("Tor start-up progress"));

    m_detail = new QLabel(this);
    m_detail->setAlignment(Qt::AlignHCenter);
    m_detail->setWordWrap(true);

    m_problem = new QLabel(this);
    m_problem->setWordWrap(true);
    m_problem->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_problem->setAccessibleName(tr("Network problem"));
    m_problem->setStyleSheet(QStringLiteral("QLabel { background: palette(alternate-base); "
                                            "border-left: 4px solid #c0392b; padding: 8px; }"));

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 24, 24, 24);
    layout->setSpacing(12);
    layout->addWidget(title);
    layout->addWidget(m_headline);
    layout->addWidget(m_progress);
    layout->addWidget(m_detail);
    layout->addWidget(m_problem);
    layout->addStretch();

    connect(&m_model, &TorStatusModel::changed, this, &StartupWindow::refresh);
    refresh();
}

QString StartupWindow::headline() const {
    return m_headline->text();
}
QString StartupWindow::detail() const {
    return m_detail->text();
}
QString StartupWindow::problem() const {
    return m_problem->isHidden() ? QString{} : m_problem->text();
}
int StartupWindow::progress() const {
    return m_progress->value();
}

void StartupWindow::refresh() {
    const core::BootstrapStatus& status = m_model.status();
    m_progress->setValue(status.progress);
    const QString phase = QString::fromStdString(status.summary);

    QString problem;
    if (m_model.failure()) {
        m_headline->setText(tr("Tor stopped"));
        m_detail->setText(QString{});
        problem = tr("The built-in Tor is not running: %1").arg(*m_model.failure());
    } else if (status.done()) {
        m_headline->setText(tr("Connected to the Tor network"));
        m_detail->setText(tr("Ready."));
    } else if (m_model.networkDisabled()) {
        m_headline->setText(tr("Tor's network access is turned off"));
        m_detail->setText(tr("Chive was started offline; no connections are made."));
    } else {
        m_headline->setText(tr("Connecting to the Tor network…"));
        m_detail->setText(phase.isEmpty() ? tr("Starting Tor")
                                          : tr("%1 (%2%)").arg(phase).arg(status.progress));
    }
    if (!m_model.failure() && !status.done() && status.warning) {
        problem = tr("Tor cannot reach the network: %1.\n"
                     "Chive keeps trying (%n attempt(s) failed so far). Check this computer's "
                     "internet connection; if Tor is blocked where you are, bridges will help.",
                     nullptr, status.warningCount)
                      .arg(networkProblem(status));
    }
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
}

} // namespace chive::ui
