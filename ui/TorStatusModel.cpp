#include "ui/TorStatusModel.h"

#include <QMetaObject>

namespace chive::ui {

TorStatusModel::TorStatusModel(QObject* parent)
    : QObject(parent) {}

void TorStatusModel::onBootstrapStatus(const core::BootstrapStatus& status) {
    QMetaObject::invokeMethod(
        this,
        [this, status] {
            m_status = status;
            emit changed();
        },
        Qt::QueuedConnection);
}

void TorStatusModel::onTorStopped(const std::string& reason) {
    if (reason.empty()) {
        return; // a requested shutdown is not news
    }
    QMetaObject::invokeMethod(
        this,
        [this, message = QString::fromStdString(reason)] {
            m_failure = message;
            emit changed();
        },
        Qt::QueuedConnection);
}

void TorStatusModel::setNetworkDisabled(bool disabled) {
    m_networkDisabled = disabled;
    emit changed();
}

void TorStatusModel::setStartFailure(const QString& message) {
    m_failure = message;
    emit changed();
}

} // namespace chive::ui
