#pragma once

// Schema: the profile database's tables and their forward migrations.
// The version is PRAGMA user_version. Migration N takes a database at version
// N-1 to N in one transaction; a database newer than this build is refused
// before anything is written to it.

#include "core/Result.h"

namespace chive::storage {

class Database;

class Schema {
public:
    // Version 1: settings, contacts, invitations, messages, outbox.
    // Version 2: FTS5 index over message bodies, kept in step by triggers.
    static constexpr int kCurrentVersion = 2;

    // Brings `db` up to `targetVersion` (tests stop at earlier versions).
    // ErrorCode::UnsupportedVersion if the database is newer than this build.
    static core::Status migrate(Database& db, int targetVersion = kCurrentVersion);
    // Checks the version only; writes nothing.
    static core::Status checkNotNewer(Database& db);
};

} // namespace chive::storage
