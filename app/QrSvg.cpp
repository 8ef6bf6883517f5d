#include "app/QrSvg.h"

namespace chive::app {

std::string qrSvg(const core::QrCode& code) {
    const int side = code.size() + 2 * core::QrCode::kQuietZone;
    const std::string sideText = std::to_string(side);
    std::string svg = R"(<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 )" + sideText + ' ' +
                      sideText + R"(" shape-rendering="crispEdges">)";
    svg += R"(<rect width=")" + sideText + R"(" height=")" + sideText + R"(" fill="#fff"/>)";
    svg += R"(<path fill="#000" d=")";
    for (int y = 0; y < code.size(); ++y) {
        for (int x = 0; x < code.size(); ++x) {
            if (!code.isDark(x, y)) {
                continue;
            }
            // Runs of dark modules in a row become one rectangle.
            int run = 1;
            while (x + run < code.size() && code.isDark(x + run, y)) {
                ++run;
            }
            svg += 'M' + std::to_string(x + core::QrCode::kQuietZone) + ' ' +
                   std::to_string(y + core::QrCode::kQuietZone) + 'h' + std::to_string(run) +
                   "v1h-" + std::to_string(run) + 'z';
            x += run - 1;
        }
    }
    svg += R"("/></svg>)";
    return svg;
}

} // namespace chive::app
