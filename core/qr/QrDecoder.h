#pragma once

// QrDecoder: finds and reads one QR code in a grayscale image (a screenshot,
// a photo, a file a peer sent), with ZXing-C++. Every pixel is hostile
// input: the dimensions are checked against hard limits and against the
// buffer before anything is allocated or read, and what the code holds is
// returned as bytes for the caller's own parser (ContactLink::parse).
//
// Stateless; thread-safe. Decoding a large photo takes up to about a second.

#include "core/Result.h"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace chive::core {

// A view of 8-bit luminance pixels (0 = black), rows top to bottom, each
// row starting `rowStride` bytes after the previous one. Does not own them.
struct GrayImageView {
    std::span<const std::uint8_t> pixels;
    int width = 0;
    int height = 0;
    int rowStride = 0;
};

class QrDecoder {
public:
    // 8192 pixels a side and 32 Mi pixels in all: a 24-megapixel camera photo
    // passes; larger images are refused rather than scaled.
    static constexpr int kMaxSide = 8192;
    static constexpr std::size_t kMaxPixels = std::size_t{32} * 1024 * 1024;
    // The largest text a QR code can hold (version 40, level L, byte mode).
    static constexpr std::size_t kMaxTextLength = 2953;

    // The bytes of the first QR code found. Errors: InvalidArgument for an
    // empty image or a buffer smaller than its dimensions say; TooLarge over
    // the limits; NotFound if no readable QR code is in the image.
    static Result<std::string> decode(const GrayImageView& image);
};

} // namespace chive::core
