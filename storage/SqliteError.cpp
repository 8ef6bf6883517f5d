#include "storage/SqliteError.h"

#include <sqlite3.h>

#include <string>

namespace chive::storage {

core::Error sqliteError(int resultCode, std::string_view context) {
    using core::ErrorCode;
    const int primary = resultCode & 0xff;
    ErrorCode code = ErrorCode::Internal;
    switch (primary) {
    case SQLITE_FULL:
        code = ErrorCode::DiskFull;
        break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        code = ErrorCode::Corrupt;
        break;
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_READONLY:
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        code = ErrorCode::Io;
        break;
    case SQLITE_CONSTRAINT:
        code = ErrorCode::AlreadyExists;
        break;
    case SQLITE_TOOBIG:
        code = ErrorCode::TooLarge;
        break;
    case SQLITE_NOMEM:
        code = ErrorCode::Internal;
        break;
    default:
        break;
    }
    if (resultCode == SQLITE_CONSTRAINT_FOREIGNKEY) {
        code = ErrorCode::NotFound; // refers to a contact or message that does not exist
    }
    std::string message(context);
    message += ": ";
    message += code == ErrorCode::DiskFull ? "the disk is full; nothing was written"
                                           : sqlite3_errstr(resultCode);
    return core::Error{code, std::move(message)};
}

} // namespace chive::storage
