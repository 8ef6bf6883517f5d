#include "core/qr/QrCode.h"

#include <qrencode.h>

#include <algorithm>
#include <cassert>
#include <cerrno>
#include <memory>
#include <string>
#include <utility>

namespace chive::core {

QrCode::QrCode(int size, int version, std::vector<std::uint8_t> modules)
    : m_size(size)
    , m_version(version)
    , m_modules(std::move(modules)) {}

Result<QrCode> QrCode::encode(std::string_view text) {
    if (text.empty()) {
        return fail(ErrorCode::InvalidArgument, "there is no text to put in a QR code");
    }
    if (text.size() > kMaxTextLength) {
        return fail(ErrorCode::InvalidArgument, "the text is too long for a QR code");
    }
    if (text.find('\0') != std::string_view::npos) {
        return fail(ErrorCode::InvalidArgument, "the text for a QR code contains a NUL byte");
    }
    const std::string terminated(text);
    errno = 0;
    // Case-sensitive, so that upper-case letters and digits go in
    // alphanumeric mode and anything else in 8-bit mode, unchanged.
    const std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
        QRcode_encodeString(terminated.c_str(), 0, QR_ECLEVEL_Q, QR_MODE_8, 1), &QRcode_free);
    if (!code) {
        return fail(ErrorCode::Internal,
                    "libqrencode could not make the QR code (errno " + std::to_string(errno) + ")");
    }
    const int size = code->width;
    if (size < 21 || size > 177) {
        return fail(ErrorCode::Internal, "libqrencode returned a QR code of impossible size");
    }
    const auto count = static_cast<std::size_t>(size) * static_cast<std::size_t>(size);
    std::vector<std::uint8_t> modules(count);
    for (std::size_t i = 0; i < count; ++i) {
        // Bit 0 is the module's colour; the other bits say what it encodes.
        modules[i] = static_cast<std::uint8_t>(code->data[i] & 1U);
    }
    return QrCode(size, code->version, std::move(modules));
}

bool QrCode::isDark(int x, int y) const {
    assert(x >= 0 && y >= 0 && x < m_size && y < m_size);
    return m_modules[static_cast<std::size_t>(y) * static_cast<std::size_t>(m_size) +
                     static_cast<std::size_t>(x)] != 0;
}

GrayImage QrCode::render(int pixelsPerModule) const {
    assert(pixelsPerModule >= 1 && pixelsPerModule <= kMaxPixelsPerModule);
    const int side = (m_size + 2 * kQuietZone) * pixelsPerModule;
    GrayImage image;
    image.width = side;
    image.height = side;
    const auto width = static_cast<std::size_t>(side);
    image.pixels.assign(width * width, 0xff);
    for (int y = 0; y < m_size; ++y) {
        for (int x = 0; x < m_size; ++x) {
            if (!isDark(x, y)) {
                continue;
            }
            const auto step = static_cast<std::size_t>(pixelsPerModule);
            const auto left = static_cast<std::size_t>(x + kQuietZone) * step;
            const auto top = static_cast<std::size_t>(y + kQuietZone) * step;
            for (std::size_t row = top; row < top + step; ++row) {
                std::fill_n(image.pixels.begin() + static_cast<std::ptrdiff_t>(row * width + left),
                            step, std::uint8_t{0});
            }
        }
    }
    return image;
}

} // namespace chive::core
