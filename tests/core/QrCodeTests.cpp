// QR codes: libqrencode's matrix for a link, read back by ZXing from clean
// renderings and from a simulated photo, and the decoder's refusals of
// malformed images.

#include "core/Sodium.h"
#include "core/link/ContactLink.h"
#include "core/qr/QrCode.h"
#include "core/qr/QrDecoder.h"

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>
#include <sodium.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>
#include <string>
#include <vector>

#include "tests/core/LinkTestVectors.h"

using Catch::Matchers::ContainsSubstring;
using chive::core::ContactLink;
using chive::core::ErrorCode;
using chive::core::GrayImage;
using chive::core::GrayImageView;
using chive::core::QrCode;
using chive::core::QrDecoder;
using chive::core::X25519PublicKey;
using namespace chive::testing;

namespace {

GrayImageView viewOf(const GrayImage& image) {
    return GrayImageView{image.pixels, image.width, image.height, image.width};
}

ContactLink randomLink() {
    chive::core::ensureSodium();
    X25519PublicKey key{};
    randombytes_buf(key.data(), key.size());
    return ContactLink(key);
}

// What a phone camera makes of a QR code on a screen: the code scaled and
// rotated (bilinear), at reduced contrast, on a larger uneven background,
// blurred, with sensor noise.
GrayImage photograph(const GrayImage& code, double scale, double degrees, unsigned seed) {
    constexpr int kWidth = 640;
    constexpr int kHeight = 480;
    const double angle = degrees * std::numbers::pi / 180.0;
    const double cosA = std::cos(angle);
    const double sinA = std::sin(angle);
    const double centreX = kWidth * 0.45;
    const double centreY = kHeight * 0.55;
    auto source = [&](int x, int y) {
        return static_cast<double>(code.pixels[static_cast<std::size_t>(y * code.width + x)]);
    };

    std::vector<double> canvas(static_cast<std::size_t>(kWidth * kHeight));
    for (int y = 0; y < kHeight; ++y) {
        for (int x = 0; x < kWidth; ++x) {
            // A gradient with a soft stripe pattern, like a desk and a shadow.
            double value = 80.0 + 90.0 * x / kWidth + 20.0 * std::sin(y / 9.0);
            const double dx = x - centreX;
            const double dy = y - centreY;
            const double u = (cosA * dx + sinA * dy) / scale + code.width / 2.0;
            const double v = (-sinA * dx + cosA * dy) / scale + code.height / 2.0;
            if (u >= 0 && v >= 0 && u < code.width - 1 && v < code.height - 1) {
                const int u0 = static_cast<int>(u);
                const int v0 = static_cast<int>(v);
                const double fu = u - u0;
                const double fv = v - v0;
                const double sample =
                    (1 - fu) * (1 - fv) * source(u0, v0) + fu * (1 - fv) * source(u0 + 1, v0) +
                    (1 - fu) * fv * source(u0, v0 + 1) + fu * fv * source(u0 + 1, v0 + 1);
                value = 45.0 + sample * (200.0 - 45.0) / 255.0;
            }
            canvas[static_cast<std::size_t>(y * kWidth + x)] = value;
        }
    }
    // Two passes of a 3x3 box blur, close to a small Gaussian.
    for (int pass = 0; pass < 2; ++pass) {
        std::vector<double> blurred = canvas;
        for (int y = 1; y < kHeight - 1; ++y) {
            for (int x = 1; x < kWidth - 1; ++x) {
                double sum = 0;
                for (int k = -1; k <= 1; ++k) {
                    for (int l = -1; l <= 1; ++l) {
                        sum += canvas[static_cast<std::size_t>((y + k) * kWidth + x + l)];
                    }
                }
                blurred[static_cast<std::size_t>(y * kWidth + x)] = sum / 9.0;
            }
        }
        canvas = std::move(blurred);
    }
    std::mt19937 random(seed);
    std::normal_distribution<double> noise(0.0, 12.0);
    GrayImage photo;
    photo.width = kWidth;
    photo.height = kHeight;
    photo.pixels.resize(canvas.size());
    for (std::size_t i = 0; i < canvas.size(); ++i) {
        photo.pixels[i] =
            static_cast<std::uint8_t>(std::clamp(canvas[i] + noise(random), 0.0, 255.0));
    }
    return photo;
}

} // namespace

TEST_CASE("a link's QR code is version 4 at level Q, in alphanumeric mode", "[core][qr]") {
    const ContactLink link(keyFromHex(kAlicePublic));
    const auto code = QrCode::encode(link.toQrText());
    REQUIRE(code);
    // 66 alphanumeric characters need 376 bits: version 4-Q holds 384. The
    // lowercase text would need byte mode: 540 bits, version 6.
    CHECK(code->version() == 4);
    CHECK(code->size() == 33);
    const auto lower = QrCode::encode(link.toString());
    REQUIRE(lower);
    CHECK(lower->version() == 6);

    // The three finder patterns sit in the corners: dark outer ring, light
    // ring, dark 3x3 centre.
    for (const auto& [cornerX, cornerY] : {std::pair{0, 0}, std::pair{26, 0}, std::pair{0, 26}}) {
        CHECK(code->isDark(cornerX, cornerY));
        CHECK(code->isDark(cornerX + 6, cornerY + 6));
        CHECK_FALSE(code->isDark(cornerX + 1, cornerY + 1));
        CHECK(code->isDark(cornerX + 3, cornerY + 3));
    }
    CHECK_FALSE(code->isDark(7, 7)); // separator

    const GrayImage image = code->render(3);
    CHECK(image.width == (33 + 2 * QrCode::kQuietZone) * 3);
    CHECK(image.height == image.width);
    CHECK(image.pixels.size() == static_cast<std::size_t>(image.width * image.height));
    // The quiet zone is white; the first module after it is dark.
    CHECK(image.pixels[0] == 0xff);
    const auto firstModule = static_cast<std::size_t>(12 * image.width + 12);
    CHECK(image.pixels[firstModule] == 0);
    CHECK(image.pixels[firstModule - 1] == 0xff);
}

TEST_CASE("500 random links survive a QR round trip", "[core][qr]") {
    for (int i = 0; i < 500; ++i) {
        const ContactLink link = randomLink();
        const auto code = QrCode::encode(link.toQrText());
        REQUIRE(code);
        const GrayImage image = code->render(1 + i % 4);
        const auto text = QrDecoder::decode(viewOf(image));
        REQUIRE(text);
        REQUIRE(*text == link.toQrText());
        const auto parsed = ContactLink::parse(*text);
        REQUIRE(parsed);
        REQUIRE(*parsed == link);
    }
}

TEST_CASE("a photographed QR code still decodes", "[core][qr]") {
    const ContactLink link(keyFromHex(kBobPublic));
    const auto code = QrCode::encode(link.toQrText());
    REQUIRE(code);
    const GrayImage clean = code->render(4);
    struct Shot {
        double scale;
        double degrees;
    };
    unsigned seed = 1;
    for (const Shot shot : {Shot{2.1, 7.0}, Shot{1.4, -5.0}, Shot{1.9, 3.0}, Shot{1.2, -9.0}}) {
        INFO("scale " << shot.scale << ", rotated " << shot.degrees << " degrees");
        const GrayImage photo = photograph(clean, shot.scale, shot.degrees, seed++);
        // The photo really is degraded: a clean rendering has two grey
        // levels, this one has most of them.
        std::vector<bool> levels(256);
        for (const std::uint8_t pixel : photo.pixels) {
            levels[pixel] = true;
        }
        CHECK(std::count(levels.begin(), levels.end(), true) > 150);
        const auto text = QrDecoder::decode(viewOf(photo));
        REQUIRE(text);
        const auto parsed = ContactLink::parse(*text);
        REQUIRE(parsed);
        CHECK(*parsed == link);
    }
}

TEST_CASE("rows padded beyond the width are read with the row stride", "[core][qr]") {
    const ContactLink link = randomLink();
    const auto code = QrCode::encode(link.toQrText());
    REQUIRE(code);
    const GrayImage image = code->render(2);
    const int stride = image.width + 13;
    std::vector<std::uint8_t> padded(static_cast<std::size_t>(stride * image.height), 0);
    for (int y = 0; y < image.height; ++y) {
        std::copy_n(image.pixels.begin() + y * image.width, image.width,
                    padded.begin() + y * stride);
    }
    const auto text = QrDecoder::decode(GrayImageView{padded, image.width, image.height, stride});
    REQUIRE(text);
    CHECK(*text == link.toQrText());
}

TEST_CASE("an image without a QR code gives NotFound", "[core][qr][error]") {
    std::mt19937 random(7);
    std::uniform_int_distribution<int> byte(0, 255);
    std::vector<std::uint8_t> noise(300 * 200);
    for (auto& pixel : noise) {
        pixel = static_cast<std::uint8_t>(byte(random));
    }
    const auto fromNoise = QrDecoder::decode(GrayImageView{noise, 300, 200, 300});
    REQUIRE_FALSE(fromNoise);
    CHECK(fromNoise.error().code == ErrorCode::NotFound);
    CHECK_THAT(fromNoise.error().message, ContainsSubstring("no readable QR code"));

    const std::vector<std::uint8_t> white(100 * 100, 0xff);
    const auto fromWhite = QrDecoder::decode(GrayImageView{white, 100, 100, 100});
    REQUIRE_FALSE(fromWhite);
    CHECK(fromWhite.error().code == ErrorCode::NotFound);
}

TEST_CASE("empty, oversized and short images are refused before decoding", "[core][qr][error]") {
    const std::vector<std::uint8_t> pixels(64, 0xff);
    for (const auto& [width, height] : {std::pair{0, 8}, std::pair{8, 0}, std::pair{-3, 8}}) {
        const auto empty = QrDecoder::decode(GrayImageView{pixels, width, height, 8});
        REQUIRE_FALSE(empty);
        CHECK(empty.error().code == ErrorCode::InvalidArgument);
        CHECK_THAT(empty.error().message, ContainsSubstring("empty"));
    }
    // The limits are checked before the buffer: a huge claimed size is
    // TooLarge even though nothing backs it.
    for (const auto& [width, height] : {std::pair{QrDecoder::kMaxSide + 1, 10},
                                        std::pair{10, 1'000'000}, std::pair{8192, 8192}}) {
        const auto huge = QrDecoder::decode(GrayImageView{{}, width, height, width});
        REQUIRE_FALSE(huge);
        CHECK(huge.error().code == ErrorCode::TooLarge);
        CHECK_THAT(huge.error().message, ContainsSubstring("pixels"));
    }
    const auto shortBuffer = QrDecoder::decode(GrayImageView{pixels, 8, 9, 8});
    REQUIRE_FALSE(shortBuffer);
    CHECK(shortBuffer.error().code == ErrorCode::InvalidArgument);
    CHECK_THAT(shortBuffer.error().message, ContainsSubstring("fewer pixels"));
    const auto narrowStride = QrDecoder::decode(GrayImageView{pixels, 8, 8, 7});
    REQUIRE_FALSE(narrowStride);
    CHECK(narrowStride.error().code == ErrorCode::InvalidArgument);
}

TEST_CASE("text that cannot be a QR code is refused", "[core][qr][error]") {
    const auto empty = QrCode::encode("");
    REQUIRE_FALSE(empty);
    CHECK(empty.error().code == ErrorCode::InvalidArgument);
    const auto withNul = QrCode::encode(std::string("CHIVE:\0A", 8));
    REQUIRE_FALSE(withNul);
    CHECK(withNul.error().code == ErrorCode::InvalidArgument);
    const auto tooLong = QrCode::encode(std::string(QrCode::kMaxTextLength + 1, 'A'));
    REQUIRE_FALSE(tooLong);
    CHECK(tooLong.error().code == ErrorCode::InvalidArgument);
    // Lowercase and punctuation are kept exactly (byte mode segments).
    const std::string mixed = "Hello, chive: 123 ABC";
    const auto code = QrCode::encode(mixed);
    REQUIRE(code);
    const auto text = QrDecoder::decode(viewOf(code->render(2)));
    REQUIRE(text);
    CHECK(*text == mixed);
}
