#pragma once

// Result<T>: the return type of every operation that can fail on input, the
// network or the disk. Exceptions never cross a library boundary; logic bugs
// are assertions, not errors.

#include <tl/expected.hpp>

#include <string>
#include <utility>

namespace chive::core {

enum class ErrorCode {
    InvalidArgument,    // the caller passed something malformed
    Malformed,          // bytes from a peer, file, link or Tor do not parse
    TooLarge,           // a length exceeds a hard limit
    UnsupportedVersion, // a newer format or protocol than this build knows
    WrongPassword,
    Corrupt, // a damaged key file or database
    NotFound,
    AlreadyExists,
    Io, // the operating system refused (permissions, missing file)
    DiskFull,
    Network,
    Timeout,
    Tor,      // Tor reported an error
    Closed,   // the object was shut down or the peer went away
    Crypto,   // authentication failed, a key was rejected
    Internal, // a dependency failed in a way we do not classify
};

// Human-readable name of an error code, stable for logs and the headless API.
const char* errorCodeName(ErrorCode code) noexcept;

struct Error {
    ErrorCode code;
    // What went wrong, for a person. Never contains message text or key
    // material.
    std::string message;
};

template <class T>
using Result = tl::expected<T, Error>;

// Status: a Result with no value.
using Status = Result<void>;

inline tl::unexpected<Error> fail(ErrorCode code, std::string message) {
    return tl::unexpected<Error>(Error{code, std::move(message)});
}

inline tl::unexpected<Error> fail(Error error) {
    return tl::unexpected<Error>(std::move(error));
}

} // namespace chive::core
