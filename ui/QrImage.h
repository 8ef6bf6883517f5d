#pragma once

// QrImage: QR codes as Qt images. Rendering draws core::QrCode's module
// matrix (with its quiet zone) into an 8-bit grayscale QImage or a PNG
// file; reading takes any QImage (a file, a screenshot pasted from the
// clipboard) to grayscale and decodes it through core::QrDecoder.
//
// Limits: images over core::QrDecoder's limits are refused before their
// pixels are converted, and files before their pixels are even loaded (the
// size comes from the file's header; Qt's process-wide allocation limit
// catches a header that lies).
//
// Stateless. QImage is reentrant, so every function may run on any thread
// except decodeClipboard, which reads the clipboard and must run on the GUI
// thread.

#include "core/Result.h"
#include "core/qr/QrCode.h"

#include <QImage>
#include <QString>

#include <string>

namespace chive::ui {

class QrImage {
public:
    static constexpr int kDefaultPixelsPerModule = 8;

    // Asserts 1 <= pixelsPerModule <= core::QrCode::kMaxPixelsPerModule.
    static QImage render(const core::QrCode& code, int pixelsPerModule = kDefaultPixelsPerModule);
    // Io if the file cannot be written.
    static core::Status savePng(const core::QrCode& code, const QString& path,
                                int pixelsPerModule = kDefaultPixelsPerModule);

    // The bytes of the QR code in the image; errors as core::QrDecoder.
    static core::Result<std::string> decode(const QImage& image);
    // NotFound if there is no such file, Malformed if it is not an image Qt
    // reads, TooLarge over the limits; then as decode().
    static core::Result<std::string> decodeFile(const QString& path);
    // NotFound if the clipboard holds no image; then as decode().
    static core::Result<std::string> decodeClipboard();
};

} // namespace chive::ui
