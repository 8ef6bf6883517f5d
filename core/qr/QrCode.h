#pragma once

// QrCode: the module matrix of a QR code for a short text, made by
// libqrencode. Error correction level Q (about 25% of the code words can be
// lost: a photo of a screen, a crease, a glare spot); libqrencode picks the
// smallest version and splits the text into the densest modes, so an
// upper-case link (ContactLink::toQrText) is one alphanumeric segment: a
// link fits version 4, 33 x 33 modules.
//
// Rendering to pixels is here only as a plain grayscale raster (for the
// decoder, tests and tools); ui::QrImage turns it into a QImage or PNG.
// A value: copyable, immutable, thread-safe to read.

#include "core/Result.h"

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace chive::core {

// An 8-bit grayscale raster, rows top to bottom, no padding (0 = black).
struct GrayImage {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> pixels;
};

class QrCode {
public:
    // Links and safety numbers are under 100 characters; nothing Chive
    // shows as a QR code needs more.
    static constexpr std::size_t kMaxTextLength = 1024;
    // The quiet zone the standard asks for, in modules, on every side.
    static constexpr int kQuietZone = 4;
    static constexpr int kMaxPixelsPerModule = 64;

    // InvalidArgument for empty text, a NUL byte or text over
    // kMaxTextLength; Internal if libqrencode fails.
    static Result<QrCode> encode(std::string_view text);

    // Modules per side, without the quiet zone.
    [[nodiscard]] int size() const noexcept { return m_size; }
    // 1 to 40.
    [[nodiscard]] int version() const noexcept { return m_version; }
    // Asserts 0 <= x, y < size().
    [[nodiscard]] bool isDark(int x, int y) const;

    // Black modules on white, `pixelsPerModule` (1 to 64) pixels a side,
    // with the quiet zone around.
    [[nodiscard]] GrayImage render(int pixelsPerModule) const;

private:
    QrCode(int size, int version, std::vector<std::uint8_t> modules);

    int m_size;
    int m_version;
    std::vector<std::uint8_t> m_modules; // row-major, 1 = dark
};

} // namespace chive::core
