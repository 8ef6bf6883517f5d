#pragma once

// Socks5ReplyCode: the REP field of a SOCKS5 CONNECT reply (RFC 1928 §6),
// plus the extended codes Tor sends for onion services when a SocksPort has
// the ExtendedErrors flag (tor(1), SocksPort; Tor's socks5_status.h).

#include "core/Result.h"

#include <cstdint>

namespace chive::transport {

enum class Socks5ReplyCode : std::uint8_t {
    Succeeded = 0x00,
    GeneralFailure = 0x01,
    NotAllowed = 0x02,
    NetworkUnreachable = 0x03,
    HostUnreachable = 0x04,
    ConnectionRefused = 0x05,
    TtlExpired = 0x06,
    CommandNotSupported = 0x07,
    AddressTypeNotSupported = 0x08,
    // Tor's ExtendedErrors, onion services only.
    OnionDescriptorNotFound = 0xF0,
    OnionDescriptorInvalid = 0xF1,
    OnionIntroductionFailed = 0xF2,
    OnionRendezvousFailed = 0xF3,
    OnionMissingClientAuth = 0xF4,
    OnionBadClientAuth = 0xF5,
    OnionInvalidAddress = 0xF6,
    OnionIntroductionTimedOut = 0xF7,
};

// The error a failed CONNECT reply means, for a person and for the code
// above: NotFound (the contact's service has no descriptor: offline or not
// yet published), Crypto (client authorization missing or refused), Timeout,
// Network (introduction, rendezvous or the route failed; worth retrying),
// InvalidArgument (Tor refused the address) or Tor (Tor refused the request
// itself). Codes this build does not know are Tor errors naming the byte.
// Must not be called with Succeeded (a logic error).
core::Error socks5ReplyError(std::uint8_t replyCode);

} // namespace chive::transport
