#include "ui/WebcamScanDialog.h"

#include "ui/QrReader.h"

#include <QCamera>
#include <QDialogButtonBox>
#include <QLabel>
#include <QMediaCaptureSession>
#include <QMediaDevices>
#include <QPushButton>
#include <QVBoxLayout>
#include <QVideoFrame>
#include <QVideoSink>
#include <QVideoWidget>

#include <utility>

namespace chive::ui {

WebcamScanDialog::WebcamScanDialog(Check check, QWidget* parent)
    : QDialog(parent)
    , m_check(std::move(check))
    , m_session(std::make_unique<QMediaCaptureSession>())
    , m_camera(std::make_unique<QCamera>(QMediaDevices::defaultVideoInput()))
    , m_video(new QVideoWidget(this))
    , m_status(new QLabel(this))
    , m_reader(new QrReader(this)) {
    setWindowTitle(tr("Scan a QR code"));
    auto* layout = new QVBoxLayout(this);
    auto* hint = new QLabel(tr("Hold the QR code in front of the camera."), this);
    hint->setWordWrap(true);
    layout->addWidget(hint);
    m_video->setMinimumSize(320, 240);
    m_video->setAccessibleName(tr("Camera picture"));
    layout->addWidget(m_video, 1);
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);
    m_status->setAccessibleName(tr("Scan status"));
    layout->addWidget(m_status);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Cancel)->setAccessibleName(tr("Stop scanning"));
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);

    connect(m_reader, &QrReader::decoded, this, &WebcamScanDialog::onDecoded);
    // Frames without a code are the normal case while the person aims.
    connect(m_reader, &QrReader::failed, this, [] {});

    m_session->setCamera(m_camera.get());
    m_session->setVideoOutput(m_video);
    connect(m_video->videoSink(), &QVideoSink::videoFrameChanged, this, &WebcamScanDialog::onFrame);
    connect(m_camera.get(), &QCamera::errorOccurred, this,
            [this](QCamera::Error, const QString& message) {
                m_status->setText(tr("The camera failed: %1").arg(message));
            });
    m_camera->start();
}

WebcamScanDialog::~WebcamScanDialog() {
    m_camera->stop();
    m_session->setVideoOutput(nullptr);
}

bool WebcamScanDialog::cameraAvailable() {
    return !QMediaDevices::videoInputs().isEmpty();
}

void WebcamScanDialog::onFrame(const QVideoFrame& frame) {
    if (m_reader->busy() || !frame.isValid()) {
        return;
    }
    m_reader->offerFrame(frame.toImage());
}

void WebcamScanDialog::onDecoded(const std::string& text) {
    const QString problem = m_check(text);
    if (!problem.isEmpty()) {
        m_status->setText(problem);
        return;
    }
    m_text = text;
    accept();
}

} // namespace chive::ui
