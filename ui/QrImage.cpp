#include "ui/QrImage.h"

#include "core/qr/QrDecoder.h"

#include <QClipboard>
#include <QFileInfo>
#include <QGuiApplication>
#include <QImageReader>

#include <algorithm>
#include <cstddef>
#include <span>
#include <string>

namespace chive::ui {

namespace {

bool exceedsLimits(QSize size) {
    return size.width() > core::QrDecoder::kMaxSide || size.height() > core::QrDecoder::kMaxSide ||
           static_cast<std::size_t>(size.width()) * static_cast<std::size_t>(size.height()) >
               core::QrDecoder::kMaxPixels;
}

core::Error tooLarge(QSize size) {
    return core::Error{core::ErrorCode::TooLarge,
                       "the image is " + std::to_string(size.width()) + " x " +
                           std::to_string(size.height()) +
                           " pixels; Chive reads QR codes from images of up to 8192 pixels a "
                           "side and 32 megapixels"};
}

} // namespace

QImage QrImage::render(const core::QrCode& code, int pixelsPerModule) {
    const core::GrayImage gray = code.render(pixelsPerModule);
    QImage image(gray.width, gray.height, QImage::Format_Grayscale8);
    const auto width = static_cast<std::size_t>(gray.width);
    for (int y = 0; y < gray.height; ++y) {
        const auto row = std::span(gray.pixels).subspan(static_cast<std::size_t>(y) * width, width);
        std::copy(row.begin(), row.end(), image.scanLine(y));
    }
    return image;
}

core::Status QrImage::savePng(const core::QrCode& code, const QString& path, int pixelsPerModule) {
    if (!render(code, pixelsPerModule).save(path, "PNG")) {
        return core::fail(core::ErrorCode::Io,
                          "could not write the QR code image to " + path.toStdString());
    }
    return {};
}

core::Result<std::string> QrImage::decode(const QImage& image) {
    if (image.isNull() || image.width() <= 0 || image.height() <= 0) {
        return core::fail(core::ErrorCode::InvalidArgument, "the image is empty");
    }
    if (exceedsLimits(image.size())) {
        return core::fail(tooLarge(image.size()));
    }
    const QImage gray = image.format() == QImage::Format_Grayscale8
                            ? image
                            : image.convertToFormat(QImage::Format_Grayscale8);
    if (gray.isNull()) {
        return core::fail(core::ErrorCode::Internal, "could not convert the image to grayscale");
    }
    const std::span pixels(gray.constBits(), static_cast<std::size_t>(gray.sizeInBytes()));
    return core::QrDecoder::decode(core::GrayImageView{pixels, gray.width(), gray.height(),
                                                       static_cast<int>(gray.bytesPerLine())});
}

core::Result<std::string> QrImage::decodeFile(const QString& path) {
    if (!QFileInfo(path).isFile()) {
        return core::fail(core::ErrorCode::NotFound, "there is no file " + path.toStdString());
    }
    QImageReader reader(path);
    // A photo's EXIF orientation does not matter to the decoder, but a
    // rotated read would cost a second copy of the pixels.
    reader.setAutoTransform(false);
    // Sizes are checked from the header below. A header that lies is caught
    // by Qt's own limit on one image (QImageReader::allocationLimit(), a
    // process-wide setting left at its default, 128 MiB in Qt 6.4).
    if (!reader.canRead()) {
        return core::fail(core::ErrorCode::Malformed, "this file is not an image Chive can read: " +
                                                          reader.errorString().toStdString());
    }
    const QSize size = reader.size();
    if (size.isValid() && exceedsLimits(size)) {
        return core::fail(tooLarge(size));
    }
    const QImage image = reader.read();
    if (image.isNull()) {
        return core::fail(core::ErrorCode::Malformed,
                          "the image could not be read: " + reader.errorString().toStdString());
    }
    return decode(image);
}

core::Result<std::string> QrImage::decodeClipboard() {
    const QClipboard* clipboard = QGuiApplication::clipboard();
    const QImage image = clipboard != nullptr ? clipboard->image() : QImage();
    if (image.isNull()) {
        return core::fail(core::ErrorCode::NotFound, "the clipboard holds no image");
    }
    return decode(image);
}

} // namespace chive::ui
