#pragma once

// A QR code as an SVG document: one path of unit squares on a white
// background with the standard's 4-module quiet zone. Vector, so it scales
// to any screen; text, so the headless mode can hand it over in JSON
// without Qt or an image library. Pure; any thread.

#include "core/qr/QrCode.h"

#include <string>

namespace chive::app {

std::string qrSvg(const core::QrCode& code);

} // namespace chive::app
