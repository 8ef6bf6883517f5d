#include "core/qr/QrDecoder.h"

// ZXing 1.4 returns text as UTF-8 only with this defined; we read the raw
// bytes anyway, but it silences the transition warning in its header.
#define ZX_USE_UTF8 1 // NOLINT(cppcoreguidelines-macro-usage): ZXing reads it
#include <ZXing/BarcodeFormat.h>
#include <ZXing/DecodeHints.h>
#include <ZXing/ImageView.h>
#include <ZXing/ReadBarcode.h>

#include <exception>

namespace chive::core {

Result<std::string> QrDecoder::decode(const GrayImageView& image) {
    if (image.width <= 0 || image.height <= 0) {
        return fail(ErrorCode::InvalidArgument, "the image is empty");
    }
    if (image.width > kMaxSide || image.height > kMaxSide ||
        static_cast<std::size_t>(image.width) * static_cast<std::size_t>(image.height) >
            kMaxPixels) {
        return fail(ErrorCode::TooLarge, "the image is " + std::to_string(image.width) + " x " +
                                             std::to_string(image.height) +
                                             " pixels; Chive reads QR codes from images of up "
                                             "to 8192 pixels a side and 32 megapixels");
    }
    if (image.rowStride < image.width) {
        return fail(ErrorCode::InvalidArgument, "the image's rows are shorter than its width");
    }
    // The last row needs only `width` bytes, not a whole stride.
    const std::size_t needed =
        static_cast<std::size_t>(image.rowStride) * static_cast<std::size_t>(image.height - 1) +
        static_cast<std::size_t>(image.width);
    if (image.pixels.size() < needed) {
        return fail(ErrorCode::InvalidArgument, "the image has fewer pixels than its size says");
    }

    try {
        ZXing::DecodeHints hints;
        hints.setFormats(ZXing::BarcodeFormat::QRCode);
        hints.setTryHarder(true);
        hints.setTryRotate(true);
        hints.setMaxNumberOfSymbols(1);
        const ZXing::ImageView view(image.pixels.data(), image.width, image.height,
                                    ZXing::ImageFormat::Lum, image.rowStride);
        const ZXing::Result result = ZXing::ReadBarcode(view, hints);
        if (!result.isValid()) {
            return fail(ErrorCode::NotFound, "no readable QR code was found in the image");
        }
        const auto& bytes = result.bytes();
        if (bytes.size() > kMaxTextLength) {
            return fail(ErrorCode::TooLarge, "the QR code holds more than a QR code can");
        }
        return std::string(bytes.begin(), bytes.end());
    } catch (const std::bad_alloc&) {
        return fail(ErrorCode::Internal, "out of memory while reading the QR code");
    } catch (const std::exception&) {
        // ZXing reports some malformed symbols by throwing.
        return fail(ErrorCode::NotFound, "no readable QR code was found in the image");
    }
}

} // namespace chive::core
