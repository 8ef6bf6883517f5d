// QR codes as Qt images: the PNG Chive writes reads back, a code that was
// photographed and JPEG-compressed still decodes, and bad files, huge images
// and empty clipboards get clear errors.

#include "core/Sodium.h"
#include "core/link/ContactLink.h"
#include "core/qr/QrCode.h"
#include "ui/QrImage.h"

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>
#include <sodium.h>

#include <QApplication>
#include <QBuffer>
#include <QClipboard>
#include <QDir>
#include <QFile>
#include <QPainter>
#include <QTemporaryDir>
#include <QTransform>

#include <array>
#include <cstdint>
#include <vector>

using Catch::Matchers::ContainsSubstring;
using chive::core::ContactLink;
using chive::core::ErrorCode;
using chive::core::QrCode;
using chive::core::X25519PublicKey;
using chive::ui::QrImage;

namespace {

QApplication& application() {
    static int argc = 3;
    static char arg0[] = "tests_ui";
    static char arg1[] = "-platform";
    static char arg2[] = "offscreen";
    static char* argv[] = {arg0, arg1, arg2, nullptr};
    static QApplication app(argc, argv);
    return app;
}

ContactLink randomLink() {
    chive::core::ensureSodium();
    X25519PublicKey key{};
    randombytes_buf(key.data(), key.size());
    return ContactLink(key);
}

QrCode codeOf(const ContactLink& link) {
    auto code = QrCode::encode(link.toQrText());
    REQUIRE(code);
    return std::move(*code);
}

void appendBigEndian(QByteArray& out, std::uint32_t value) {
    for (int shift = 24; shift >= 0; shift -= 8) {
        out.append(static_cast<char>((value >> static_cast<unsigned>(shift)) & 0xffU));
    }
}

std::uint32_t crc32(const QByteArray& bytes) {
    std::uint32_t crc = 0xffffffffU;
    for (const char c : bytes) {
        crc ^= static_cast<std::uint8_t>(c);
        for (int k = 0; k < 8; ++k) {
            crc = (crc >> 1U) ^ (0xedb88320U & (0U - (crc & 1U)));
        }
    }
    return ~crc;
}

void appendChunk(QByteArray& png, const QByteArray& typeAndData) {
    appendBigEndian(png, static_cast<std::uint32_t>(typeAndData.size() - 4));
    png.append(typeAndData);
    appendBigEndian(png, crc32(typeAndData));
}

// A PNG whose header claims `width` x `height` but that holds a few bytes of
// pixel data: what a hostile file looks like to a reader that trusts the
// header.
QByteArray pngThatLies(std::uint32_t width, std::uint32_t height) {
    QByteArray png("\x89PNG\r\n\x1a\n", 8);
    QByteArray header("IHDR");
    appendBigEndian(header, width);
    appendBigEndian(header, height);
    header.append(QByteArray("\x08\x00\x00\x00\x00", 5)); // 8-bit grayscale
    appendChunk(png, header);
    // qCompress prefixes the zlib stream with its own 4-byte length.
    appendChunk(png, "IDAT" + qCompress(QByteArray(16, '\0')).mid(4));
    appendChunk(png, "IEND");
    return png;
}

} // namespace

TEST_CASE("a QR image has the code's modules and a white quiet zone", "[ui][qr]") {
    application();
    const QrCode code = codeOf(randomLink());
    const QImage image = QrImage::render(code, 8);
    CHECK(image.format() == QImage::Format_Grayscale8);
    CHECK(image.width() == (code.size() + 2 * QrCode::kQuietZone) * 8);
    CHECK(image.height() == image.width());
    for (int i = 0; i < 32; ++i) {
        CHECK(qGray(image.pixel(i, i)) == 255);
        CHECK(qGray(image.pixel(image.width() - 1 - i, i)) == 255);
    }
    for (int y = 0; y < code.size(); ++y) {
        for (int x = 0; x < code.size(); ++x) {
            const int gray = qGray(image.pixel(32 + 8 * x + 4, 32 + 8 * y + 4));
            REQUIRE(gray == (code.isDark(x, y) ? 0 : 255));
        }
    }
}

TEST_CASE("a saved QR PNG reads back to the link", "[ui][qr]") {
    application();
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    for (int i = 0; i < 20; ++i) {
        const ContactLink link = randomLink();
        const QString path = dir.filePath(QString("link-%1.png").arg(i));
        REQUIRE(QrImage::savePng(codeOf(link), path, 2 + i % 6));
        const auto text = QrImage::decodeFile(path);
        REQUIRE(text);
        CHECK(*text == link.toQrText());
        const auto parsed = ContactLink::parse(*text);
        REQUIRE(parsed);
        CHECK(*parsed == link);
    }
}

TEST_CASE("a photographed, JPEG-compressed QR code decodes", "[ui][qr]") {
    application();
    const ContactLink link = randomLink();
    const QImage clean = QrImage::render(codeOf(link), 6);
    for (const qreal degrees : {4.0, -7.0, 11.0}) {
        INFO("rotated " << degrees << " degrees");
        // A colour photo: a table-coloured background with a gradient, the
        // code smaller, rotated and slightly sheared, at reduced contrast.
        QImage photo(900, 700, QImage::Format_RGB32);
        QPainter painter(&photo);
        QLinearGradient gradient(0, 0, 900, 700);
        gradient.setColorAt(0, QColor(120, 90, 60));
        gradient.setColorAt(1, QColor(200, 180, 150));
        painter.fillRect(photo.rect(), gradient);
        painter.setRenderHint(QPainter::SmoothPixmapTransform);
        painter.translate(380, 330);
        painter.rotate(degrees);
        painter.shear(0.04, 0.02);
        painter.scale(0.8, 0.8);
        painter.setOpacity(0.8);
        painter.drawImage(-clean.width() / 2, -clean.height() / 2, clean);
        painter.end();
        QByteArray jpeg;
        QBuffer buffer(&jpeg);
        REQUIRE(buffer.open(QIODevice::WriteOnly));
        REQUIRE(photo.save(&buffer, "JPEG", 35));
        QImage compressed;
        REQUIRE(compressed.loadFromData(jpeg, "JPEG"));
        const auto text = QrImage::decode(compressed);
        REQUIRE(text);
        const auto parsed = ContactLink::parse(*text);
        REQUIRE(parsed);
        CHECK(*parsed == link);
    }
}

TEST_CASE("a QR image pasted on the clipboard decodes", "[ui][qr]") {
    application();
    QClipboard* clipboard = QGuiApplication::clipboard();
    REQUIRE(clipboard != nullptr);
    clipboard->clear();
    const auto nothing = QrImage::decodeClipboard();
    REQUIRE_FALSE(nothing);
    CHECK(nothing.error().code == ErrorCode::NotFound);
    CHECK_THAT(nothing.error().message, ContainsSubstring("clipboard holds no image"));

    const ContactLink link = randomLink();
    clipboard->setImage(QrImage::render(codeOf(link), 4).convertToFormat(QImage::Format_ARGB32));
    const auto text = QrImage::decodeClipboard();
    REQUIRE(text);
    CHECK(*text == link.toQrText());
}

TEST_CASE("bad image files get clear errors", "[ui][qr][error]") {
    application();
    QTemporaryDir dir;
    REQUIRE(dir.isValid());

    const auto missing = QrImage::decodeFile(dir.filePath("missing.png"));
    REQUIRE_FALSE(missing);
    CHECK(missing.error().code == ErrorCode::NotFound);

    QFile text(dir.filePath("link.png"));
    REQUIRE(text.open(QIODevice::WriteOnly));
    text.write("chive:this is text, not an image\n");
    text.close();
    const auto notImage = QrImage::decodeFile(text.fileName());
    REQUIRE_FALSE(notImage);
    CHECK(notImage.error().code == ErrorCode::Malformed);

    // Refused from the header alone: decoding would need 4 GB.
    QFile huge(dir.filePath("huge.png"));
    REQUIRE(huge.open(QIODevice::WriteOnly));
    huge.write(pngThatLies(60000, 60000));
    huge.close();
    const auto tooLarge = QrImage::decodeFile(huge.fileName());
    REQUIRE_FALSE(tooLarge);
    CHECK(tooLarge.error().code == ErrorCode::TooLarge);
    CHECK_THAT(tooLarge.error().message, ContainsSubstring("60000 x 60000"));

    // A valid image without a code.
    QImage blank(300, 200, QImage::Format_RGB32);
    blank.fill(Qt::gray);
    const QString blankPath = dir.filePath("blank.png");
    REQUIRE(blank.save(blankPath));
    const auto noCode = QrImage::decodeFile(blankPath);
    REQUIRE_FALSE(noCode);
    CHECK(noCode.error().code == ErrorCode::NotFound);

    const auto empty = QrImage::decode(QImage());
    REQUIRE_FALSE(empty);
    CHECK(empty.error().code == ErrorCode::InvalidArgument);
    const auto wide = QrImage::decode(QImage(9000, 2, QImage::Format_Grayscale8));
    REQUIRE_FALSE(wide);
    CHECK(wide.error().code == ErrorCode::TooLarge);
}
