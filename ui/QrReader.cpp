#include "ui/QrReader.h"

#include "ui/QrImage.h"

#include <QClipboard>
#include <QCoreApplication>
#include <QFileInfo>
#include <QGuiApplication>
#include <QPointer>
#include <QThreadPool>

#include <utility>

namespace chive::ui {

QrReader::QrReader(QObject* parent)
    : QObject(parent) {}

void QrReader::readFile(const QString& path) {
    if (!QFileInfo(path).isFile()) {
        ++m_generation;
        m_busy = false;
        emit failed(tr("There is no file %1.").arg(path));
        return;
    }
    start([path] { return QrImage::decodeFile(path); });
}

void QrReader::readClipboard() {
    const QClipboard* clipboard = QGuiApplication::clipboard();
    const QImage image = clipboard != nullptr ? clipboard->image() : QImage();
    if (image.isNull()) {
        ++m_generation;
        m_busy = false;
        emit failed(tr("The clipboard holds no image. Copy a picture of the QR code (a "
                       "screenshot, or \"Copy image\" in a browser or viewer) and try again."));
        return;
    }
    readImage(image);
}

void QrReader::readImage(const QImage& image) {
    start([image] { return QrImage::decode(image); });
}

void QrReader::offerFrame(const QImage& frame) {
    if (!m_busy) {
        readImage(frame);
    }
}

void QrReader::start(std::function<core::Result<std::string>()> work) {
    const std::uint64_t generation = ++m_generation;
    m_busy = true;
    // The guard is only read on the GUI thread; the pool thread merely
    // carries it.
    QPointer<QrReader> guard(this);
    QThreadPool::globalInstance()->start([guard, generation, work = std::move(work)] {
        auto result = work();
        QMetaObject::invokeMethod(
            QCoreApplication::instance(),
            [guard, generation, result = std::move(result)] {
                if (!guard.isNull()) {
                    guard->finish(generation, result);
                }
            },
            Qt::QueuedConnection);
    });
}

void QrReader::finish(std::uint64_t generation, const core::Result<std::string>& result) {
    if (generation != m_generation) {
        return; // superseded by a newer request
    }
    m_busy = false;
    if (result) {
        emit decoded(*result);
    } else {
        emit failed(describe(result.error()));
    }
}

QString QrReader::describe(const core::Error& error) {
    switch (error.code) {
    case core::ErrorCode::NotFound:
        return tr("No QR code was found in the image. Try a sharper picture, with the "
                  "whole code in it.");
    case core::ErrorCode::TooLarge:
        return tr("The image is too large: Chive reads QR codes from images of up to 8192 "
                  "pixels a side and 32 megapixels.");
    case core::ErrorCode::Malformed:
        return tr("This file is not an image Chive can read.");
    case core::ErrorCode::InvalidArgument:
        return tr("The image is empty.");
    default:
        break;
    }
    return tr("The QR code could not be read: %1").arg(QString::fromStdString(error.message));
}

} // namespace chive::ui
