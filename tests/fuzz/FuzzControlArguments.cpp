// libFuzzer target: the text of control-port events (bootstrap reports and
// their KEY="quoted" arguments) is parsed by ControlArguments and
// parseBootstrapStatus. Checks that nothing crashes and that an accepted
// bootstrap report stays within 0..100.

#include "transport/BootstrapParser.h"
#include "transport/ControlArguments.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto args = chive::transport::ControlArguments::parse(text);
    if (!args && args.error().message.empty()) {
        std::abort();
    }
    const auto status = chive::transport::parseBootstrapStatus(text);
    if (status && status->has_value() && ((*status)->progress < 0 || (*status)->progress > 100)) {
        std::abort();
    }
    return 0;
}
