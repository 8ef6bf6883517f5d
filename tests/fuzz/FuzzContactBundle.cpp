// libFuzzer target: a contact's bundle arrives from the peer in the contact
// exchange and is read back from the store as Contact::peerData. Beyond not
// crashing, checks that an accepted bundle re-encodes (unknown fields
// dropped) to bytes that parse to the same keys, that the accepted input
// was within the size limit, and that every refusal says why. The stored
// secret-keys blob goes through ContactKeys::parse as well.

#include "core/protocol/ContactBundle.h"
#include "core/protocol/ContactKeys.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

using chive::core::ContactBundle;
using chive::core::ContactKeys;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::span<const std::uint8_t> input(data, size);
    if (const auto bundle = ContactBundle::parse(input)) {
        const auto encoded = bundle->encode();
        const auto again = ContactBundle::parse(encoded);
        if (size > ContactBundle::kMaxEncodedLength || !again || *again != *bundle ||
            encoded.size() > size) {
            std::abort();
        }
    } else if (bundle.error().message.empty()) {
        std::abort();
    }

    if (const auto keys = ContactKeys::parse(input)) {
        const auto serialized = keys->serialize();
        if (serialized.size() != size ||
            !serialized.equals(input)) { // the format has one encoding per key set
            std::abort();
        }
    } else if (keys.error().message.empty()) {
        std::abort();
    }
    return 0;
}
