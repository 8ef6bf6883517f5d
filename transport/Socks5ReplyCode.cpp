#include "transport/Socks5ReplyCode.h"

#include <cassert>
#include <string>
#include <string_view>

namespace chive::transport {
namespace {

std::string hexByte(std::uint8_t byte) {
    constexpr std::string_view kDigits = "0123456789ABCDEF";
    std::string text = "0x";
    text.push_back(kDigits[byte >> 4]);
    text.push_back(kDigits[byte & 0x0F]);
    return text;
}

std::string withCode(const char* message, std::uint8_t replyCode) {
    return std::string(message) + " (SOCKS reply " + hexByte(replyCode) + ")";
}

} // namespace

core::Error socks5ReplyError(std::uint8_t replyCode) {
    using core::ErrorCode;
    assert(replyCode != static_cast<std::uint8_t>(Socks5ReplyCode::Succeeded));
    auto error = [replyCode](ErrorCode code, const char* message) {
        return core::Error{code, withCode(message, replyCode)};
    };
    switch (static_cast<Socks5ReplyCode>(replyCode)) {
    case Socks5ReplyCode::Succeeded:
        break;
    case Socks5ReplyCode::GeneralFailure:
        return error(ErrorCode::Tor, "Tor could not open the connection (general failure)");
    case Socks5ReplyCode::NotAllowed:
        return error(ErrorCode::Tor, "Tor's rules do not allow this connection");
    case Socks5ReplyCode::NetworkUnreachable:
        return error(ErrorCode::Network, "the network is unreachable");
    case Socks5ReplyCode::HostUnreachable:
        return error(ErrorCode::Network, "the destination is unreachable");
    case Socks5ReplyCode::ConnectionRefused:
        return error(ErrorCode::Network,
                     "the destination refused the connection (nothing is listening on that port)");
    case Socks5ReplyCode::TtlExpired:
        return error(ErrorCode::Timeout, "Tor timed out connecting to the destination");
    case Socks5ReplyCode::CommandNotSupported:
        return error(ErrorCode::Tor, "Tor does not support the SOCKS CONNECT command here");
    case Socks5ReplyCode::AddressTypeNotSupported:
        return error(ErrorCode::Tor, "Tor does not accept this kind of address");
    case Socks5ReplyCode::OnionDescriptorNotFound:
        return error(ErrorCode::NotFound,
                     "contact's onion service could not be found (offline or not yet published)");
    case Socks5ReplyCode::OnionDescriptorInvalid:
        return error(ErrorCode::Tor, "contact's onion service published an invalid descriptor");
    case Socks5ReplyCode::OnionIntroductionFailed:
        return error(ErrorCode::Network, "introduction to the contact's onion service failed");
    case Socks5ReplyCode::OnionRendezvousFailed:
        return error(ErrorCode::Network, "rendezvous with the contact's onion service failed");
    case Socks5ReplyCode::OnionMissingClientAuth:
        return error(ErrorCode::Crypto, "contact's onion service requires client authorization, "
                                        "and Tor has no key for it");
    case Socks5ReplyCode::OnionBadClientAuth:
        return error(ErrorCode::Crypto, "bad client authorization: the contact's onion service "
                                        "does not accept our key (access revoked?)");
    case Socks5ReplyCode::OnionInvalidAddress:
        return error(ErrorCode::InvalidArgument,
                     "Tor rejected the onion address (bad checksum, key or encoding)");
    case Socks5ReplyCode::OnionIntroductionTimedOut:
        return error(ErrorCode::Timeout, "introduction to the contact's onion service timed out");
    }
    return error(ErrorCode::Tor, "Tor refused the connection with an unknown SOCKS reply code");
}

} // namespace chive::transport
