// libFuzzer target: onion addresses and client-auth public keys arrive as
// text (from Tor's control port, from peers, from files). Beyond not
// crashing, checks that whatever parses prints back to an equal value: the
// canonical text is lowercase and round-trips.

#include "transport/ClientAuthPublicKey.h"
#include "transport/OnionAddress.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

using chive::transport::ClientAuthPublicKey;
using chive::transport::OnionAddress;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);

    if (const auto address = OnionAddress::parse(text)) {
        const auto reparsed = OnionAddress::parse(address->toString());
        if (!reparsed || *reparsed != *address ||
            address->serviceId().size() != OnionAddress::kServiceIdLength) {
            std::abort();
        }
    } else if (address.error().message.empty()) {
        std::abort();
    }

    if (const auto key = ClientAuthPublicKey::parseBase32(text)) {
        const auto reparsed = ClientAuthPublicKey::parseBase32(key->toBase32());
        if (!reparsed || *reparsed != *key) {
            std::abort();
        }
    }
    return 0;
}
