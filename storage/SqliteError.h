#pragma once

// Maps SQLite result codes to Chive errors. The message names the operation
// and SQLite's generic description of the code, never sqlite3_errmsg(): that
// can quote SQL or search text, which may contain message words.

#include "core/Result.h"

#include <string_view>

namespace chive::storage {

core::Error sqliteError(int resultCode, std::string_view context);

} // namespace chive::storage
