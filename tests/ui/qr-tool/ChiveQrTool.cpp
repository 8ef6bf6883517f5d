// chive_qr_tool: Chive's QR encoder and decoder on the command line, for the
// interoperability test with other QR tools (tests/ui/qr-interop-test.sh).
//
//   chive_qr_tool link                   print a fresh contact link
//   chive_qr_tool render-link LINK PNG   write LINK's QR code; print its QR text
//   chive_qr_tool decode-link PNG        print the link read from PNG
//
// Exits 1 with the error on stderr.

#include "core/Sodium.h"
#include "core/link/ContactLink.h"
#include "core/link/Invitation.h"
#include "core/qr/QrCode.h"
#include "ui/QrImage.h"

#include <QString>

#include <cstdio>
#include <iostream>
#include <string>

using chive::core::ContactLink;
using chive::core::Error;

namespace {

int failWith(const Error& error) {
    std::cerr << "chive_qr_tool: " << chive::core::errorCodeName(error.code) << ": "
              << error.message << "\n";
    return 1;
}

int usage() {
    std::cerr << "usage: chive_qr_tool link | render-link LINK PNG | decode-link PNG\n";
    return 2;
}

} // namespace

int main(int argc, char** argv) {
    chive::core::ensureSodium();
    const std::string command = argc > 1 ? argv[1] : "";
    if (command == "link" && argc == 2) {
        std::cout << chive::core::Invitation::create().link().toString() << "\n";
        return 0;
    }
    if (command == "render-link" && argc == 4) {
        const auto link = ContactLink::parse(argv[2]);
        if (!link) {
            return failWith(link.error());
        }
        const auto code = chive::core::QrCode::encode(link->toQrText());
        if (!code) {
            return failWith(code.error());
        }
        if (const auto saved = chive::ui::QrImage::savePng(*code, QString::fromLocal8Bit(argv[3]));
            !saved) {
            return failWith(saved.error());
        }
        std::cout << link->toQrText() << "\n";
        return 0;
    }
    if (command == "decode-link" && argc == 3) {
        const auto text = chive::ui::QrImage::decodeFile(QString::fromLocal8Bit(argv[2]));
        if (!text) {
            return failWith(text.error());
        }
        const auto link = ContactLink::parse(*text);
        if (!link) {
            return failWith(link.error());
        }
        std::cout << link->toString() << "\n";
        return 0;
    }
    return usage();
}
