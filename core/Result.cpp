#include "core/Result.h"

namespace chive::core {

const char* errorCodeName(ErrorCode code) noexcept {
    switch (code) {
    case ErrorCode::InvalidArgument:
        return "invalid_argument";
    case ErrorCode::Malformed:
        return "malformed";
    case ErrorCode::TooLarge:
        return "too_large";
    case ErrorCode::UnsupportedVersion:
        return "unsupported_version";
    case ErrorCode::WrongPassword:
        return "wrong_password";
    case ErrorCode::Corrupt:
        return "corrupt";
    case ErrorCode::NotFound:
        return "not_found";
    case ErrorCode::AlreadyExists:
        return "already_exists";
    case ErrorCode::Io:
        return "io";
    case ErrorCode::DiskFull:
        return "disk_full";
    case ErrorCode::Network:
        return "network";
    case ErrorCode::Timeout:
        return "timeout";
    case ErrorCode::Tor:
        return "tor";
    case ErrorCode::Closed:
        return "closed";
    case ErrorCode::Crypto:
        return "crypto";
    case ErrorCode::Internal:
        return "internal";
    }
    return "unknown";
}

} // namespace chive::core
