#include "storage/Schema.h"

#include "storage/Database.h"
#include "storage/Transaction.h"

#include <array>
#include <string>

namespace chive::storage {
namespace {

// Append only. Never edit a migration that has shipped: add a new one.
constexpr std::array<const char*, Schema::kCurrentVersion> kMigrations = {
    // 1: the core tables. Timestamps are milliseconds since the epoch; enums
    // are the integers of core/store.
    R"sql(
CREATE TABLE settings(
    key TEXT PRIMARY KEY NOT NULL,
    value BLOB NOT NULL
) WITHOUT ROWID;

CREATE TABLE contacts(
    id INTEGER PRIMARY KEY,
    alias TEXT NOT NULL,
    state INTEGER NOT NULL,
    verification INTEGER NOT NULL,
    peer_data BLOB NOT NULL,
    secret_keys BLOB NOT NULL,
    next_message_id INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE invitations(
    id INTEGER PRIMARY KEY,
    alias TEXT NOT NULL,
    own_link TEXT NOT NULL,
    peer_link TEXT,
    secret BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX invitations_by_expiry ON invitations(expires_at);

CREATE TABLE messages(
    row_id INTEGER PRIMARY KEY,
    contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    message_id INTEGER NOT NULL,
    direction INTEGER NOT NULL,
    body TEXT NOT NULL,
    sent_at INTEGER NOT NULL,
    stored_at INTEGER NOT NULL,
    delivery INTEGER NOT NULL,
    UNIQUE(contact_id, direction, message_id)
);
CREATE INDEX messages_by_contact ON messages(contact_id, row_id);

CREATE TABLE outbox(
    message_row INTEGER PRIMARY KEY REFERENCES messages(row_id) ON DELETE CASCADE,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL
);
CREATE INDEX outbox_by_due ON outbox(next_attempt_at);
)sql",
    // 2: full-text search. External content (the text is stored once, in
    // messages); secure-delete makes FTS5 remove a deleted row's terms from
    // the index segments at once instead of leaving them until a merge. The
    // rebuild indexes messages stored under version 1.
    R"sql(
CREATE VIRTUAL TABLE messages_fts USING fts5(
    body, content='messages', content_rowid='row_id',
    tokenize='unicode61 remove_diacritics 2'
);
INSERT INTO messages_fts(messages_fts, rank) VALUES('secure-delete', 1);
INSERT INTO messages_fts(messages_fts) VALUES('rebuild');

CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
    INSERT INTO messages_fts(rowid, body) VALUES (new.row_id, new.body);
END;
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
    INSERT INTO messages_fts(messages_fts, rowid, body) VALUES ('delete', old.row_id, old.body);
END;
CREATE TRIGGER messages_fts_update AFTER UPDATE OF body ON messages BEGIN
    INSERT INTO messages_fts(messages_fts, rowid, body) VALUES ('delete', old.row_id, old.body);
    INSERT INTO messages_fts(rowid, body) VALUES (new.row_id, new.body);
END;
)sql",
};

} // namespace

core::Status Schema::checkNotNewer(Database& db) {
    auto version = db.userVersion();
    if (!version) {
        return core::fail(version.error());
    }
    if (*version > kCurrentVersion) {
        return core::fail(core::ErrorCode::UnsupportedVersion,
                          "the profile database was written by a newer version of Chive "
                          "(schema " +
                              std::to_string(*version) + ", this build knows " +
                              std::to_string(kCurrentVersion) + ")");
    }
    if (*version < 0) {
        return core::fail(core::ErrorCode::Corrupt, "the database has an invalid schema version");
    }
    return {};
}

core::Status Schema::migrate(Database& db, int targetVersion) {
    if (auto rc = checkNotNewer(db); !rc) {
        return rc;
    }
    auto version = db.userVersion();
    if (!version) {
        return core::fail(version.error());
    }
    for (int next = *version + 1; next <= targetVersion; ++next) {
        auto transaction = Transaction::begin(db);
        if (!transaction) {
            return core::fail(transaction.error());
        }
        if (auto rc = db.exec(kMigrations[static_cast<std::size_t>(next - 1)]); !rc) {
            return rc;
        }
        if (auto rc = db.setUserVersion(next); !rc) {
            return rc;
        }
        if (auto rc = transaction->commit(); !rc) {
            return rc;
        }
    }
    return {};
}

} // namespace chive::storage
