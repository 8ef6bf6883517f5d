#include "ui/QrScanButtons.h"

#include "ui/QrReader.h"
#include "ui/WebcamScanDialog.h"

#include <QFileDialog>
#include <QHBoxLayout>
#include <QImageReader>
#include <QPointer>
#include <QPushButton>
#include <QStandardPaths>

#include <utility>

namespace chive::ui {

QrScanButtons::QrScanButtons(QString what, QWidget* parent)
    : QWidget(parent)
    , m_what(std::move(what))
    , m_reader(new QrReader(this)) {
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_load = new QPushButton(tr("Load QR from &image…"), this);
    m_load->setAccessibleName(tr("Load the QR code of %1 from an image file").arg(m_what));
    m_paste = new QPushButton(tr("Paste QR from clip&board"), this);
    m_paste->setAccessibleName(
        tr("Read the QR code of %1 from an image in the clipboard").arg(m_what));
    m_webcam = new QPushButton(tr("Scan with &webcam"), this);
    m_webcam->setAccessibleName(tr("Scan the QR code of %1 with the webcam").arg(m_what));
    m_webcam->setVisible(WebcamScanDialog::cameraAvailable());
    layout->addWidget(m_load);
    layout->addWidget(m_paste);
    layout->addWidget(m_webcam);
    layout->addStretch(1);

    connect(m_load, &QPushButton::clicked, this, &QrScanButtons::chooseFile);
    connect(m_paste, &QPushButton::clicked, this, &QrScanButtons::pasteClipboard);
    connect(m_webcam, &QPushButton::clicked, this, &QrScanButtons::scanWithWebcam);
    connect(m_reader, &QrReader::decoded, this, &QrScanButtons::scanned);
    connect(m_reader, &QrReader::failed, this, &QrScanButtons::failed);
}

void QrScanButtons::setCheck(Check check) {
    m_check = std::move(check);
}

void QrScanButtons::loadFile(const QString& path) {
    m_reader->readFile(path);
}

void QrScanButtons::pasteClipboard() {
    m_reader->readClipboard();
}

bool QrScanButtons::busy() const {
    return m_reader->busy();
}

void QrScanButtons::chooseFile() {
    QStringList patterns;
    for (const QByteArray& format : QImageReader::supportedImageFormats()) {
        patterns << QStringLiteral("*.") + QString::fromLatin1(format);
    }
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open an image of %1").arg(m_what),
        QStandardPaths::writableLocation(QStandardPaths::PicturesLocation),
        tr("Images (%1)").arg(patterns.join(QLatin1Char(' '))));
    if (!path.isEmpty()) {
        loadFile(path);
    }
}

void QrScanButtons::scanWithWebcam() {
    const Check check = m_check ? m_check : Check([](const std::string&) { return QString(); });
    QPointer<WebcamScanDialog> dialog = new WebcamScanDialog(check, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        if (!dialog.isNull()) {
            emit scanned(dialog->text());
        }
    });
    dialog->open();
}

} // namespace chive::ui
