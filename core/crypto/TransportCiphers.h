#pragma once

// TransportCiphers: what a finished Noise handshake hands over (Split()),
// seen from one party: the CipherState it encrypts with and the one it
// decrypts with. For the initiator `send` is Noise's c1 and `receive` c2; for
// the responder the other way round. Move-only (CipherState owns secure
// memory).

#include "core/crypto/CipherState.h"

namespace chive::core {

struct TransportCiphers {
    CipherState send;
    CipherState receive;
};

} // namespace chive::core
