// libFuzzer target: contact links arrive as text from anywhere (a paste, a
// mail, a QR code). Beyond not crashing, checks that whatever parses prints
// back to text that parses to the same link, and that every refusal says
// why. The safety-number comparison reads scanned text too.

#include "core/crypto/PublicKeys.h"
#include "core/link/ContactLink.h"
#include "core/protocol/SafetyNumber.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

using chive::core::ContactLink;
using chive::core::SafetyNumber;
using chive::core::X25519PublicKey;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);

    if (const auto link = ContactLink::parse(text)) {
        const auto again = ContactLink::parse(link->toString());
        const auto fromQr = ContactLink::parse(link->toQrText());
        if (!again || *again != *link || !fromQr || *fromQr != *link ||
            link->toString().size() != ContactLink::kScheme.size() + ContactLink::kEncodedLength) {
            std::abort();
        }
    } else if (link.error().message.empty()) {
        std::abort();
    }

    static const SafetyNumber kNumber =
        SafetyNumber::compute(X25519PublicKey{1}, X25519PublicKey{2});
    if (kNumber.matchesScanned(text) && text != kNumber.toQrText()) {
        std::abort();
    }
    return 0;
}
