// libFuzzer target: the QR decoder reads images from files, the clipboard
// and cameras. Input layout:
//
//   byte 0      mode: bit 0 set = hand the declared size to the decoder as it
//               is (0, huge, or larger than the pixels: it must refuse
//               without reading past the buffer); clear = derive a size
//               that fits the pixels, capped at 256 x 256, so that ZXing
//               itself gets to work on the bytes
//   bytes 1-2   width, little-endian
//   bytes 3-4   height, little-endian
//   byte 5      extra bytes per row (row stride = width + this % 16)
//   rest        8-bit luminance pixels
//
// Beyond not crashing: a refusal must say why, and decoded text must fit
// the decoder's limit.
//
// ZXing is Debian's shared library, not built with the sanitizers, so ASan
// does not see its reads. The pixels are therefore copied to the very end of
// a mapping followed by an inaccessible page: if the size checks ever let
// ZXing read past the buffer, it faults, and libFuzzer reports the input.

#include "core/qr/QrDecoder.h"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <span>

using chive::core::GrayImageView;
using chive::core::QrDecoder;

namespace {

// The largest input run-fuzzer.sh gives (-max_len), rounded up to pages.
constexpr std::size_t kMaxInput = 64 * 1024;

// Returns a region of kMaxInput bytes that ends where an inaccessible page
// begins. Made once; the fuzzer is single-threaded.
std::uint8_t* guardedRegion() {
    static std::uint8_t* region = [] {
        const auto page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
        const std::size_t usable = (kMaxInput + page - 1) / page * page;
        void* mapping = mmap(nullptr, usable + page, PROT_READ | PROT_WRITE,
                             MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (mapping == MAP_FAILED) {
            std::abort();
        }
        auto* bytes = static_cast<std::uint8_t*>(mapping);
        if (mprotect(bytes + usable, page, PROT_NONE) != 0) {
            std::abort();
        }
        return bytes + usable - kMaxInput;
    }();
    return region;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    constexpr std::size_t kHeader = 6;
    constexpr int kCap = 256;
    if (size < kHeader) {
        return 0;
    }
    const bool raw = (data[0] & 1U) != 0;
    int width = data[1] | (data[2] << 8);
    int height = data[3] | (data[4] << 8);
    const int extra = data[5] % 16;
    if (size - kHeader > kMaxInput) {
        return 0;
    }
    std::uint8_t* const end = guardedRegion() + kMaxInput;
    std::uint8_t* const start = end - (size - kHeader);
    std::memcpy(start, data + kHeader, size - kHeader);
    const std::span<const std::uint8_t> pixels(start, size - kHeader);

    if (!raw) {
        width = 1 + width % kCap;
        const int stride = width + extra;
        const auto rows = static_cast<int>(pixels.size() / static_cast<std::size_t>(stride));
        height = std::min({1 + height % kCap, rows, kCap});
        if (height <= 0) {
            return 0;
        }
    }
    const GrayImageView image{pixels, width, height, width + extra};
    const auto text = QrDecoder::decode(image);
    if (text ? text->size() > QrDecoder::kMaxTextLength : text.error().message.empty()) {
        std::abort();
    }
    return 0;
}
