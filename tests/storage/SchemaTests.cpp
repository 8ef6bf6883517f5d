#include "core/SecureBuffer.h"
#include "storage/Database.h"
#include "storage/ProfileDatabase.h"
#include "storage/Schema.h"

#include <catch2/catch_test_macros.hpp>

#include "tests/storage/StorageTestSupport.h"

using namespace chive;
using storage::Database;
using storage::Schema;
using storage::test::TempDir;

namespace {

core::Timestamp at(std::int64_t millis) {
    return core::Timestamp(std::chrono::milliseconds(millis));
}

std::unique_ptr<Database> openRaw(const std::filesystem::path& path,
                                  const core::SecureBuffer& key) {
    auto db = Database::open(path, key.span(), Database::OpenMode::CreateIfMissing);
    REQUIRE(db);
    return std::move(*db);
}

// Writes data that every version since `version` can hold, with plain SQL as
// a build of that version would have.
void fillAtVersion(Database& db, int version) {
    if (version >= 1) {
        REQUIRE(db.exec("INSERT INTO settings VALUES ('name', x'6869');"
                        "INSERT INTO contacts(id, alias, state, verification, peer_data, "
                        "secret_keys, next_message_id, created_at, updated_at) "
                        "VALUES (1, 'Bob', 1, 0, x'01', x'02', 3, 10, 10);"
                        "INSERT INTO messages(row_id, contact_id, message_id, direction, body, "
                        "sent_at, stored_at, delivery) VALUES "
                        "(1, 1, 1, 0, 'written before the upgrade', 10, 10, 2),"
                        "(2, 1, 2, 0, 'still waiting in the outbox', 11, 11, 0);"
                        "INSERT INTO outbox(message_row, attempts, next_attempt_at) "
                        "VALUES (2, 4, 12);"));
    }
}

} // namespace

TEST_CASE("The schema migrates forward from every earlier version", "[storage][schema]") {
    for (int from = 0; from < Schema::kCurrentVersion; ++from) {
        DYNAMIC_SECTION("from version " << from) {
            TempDir dir;
            const auto path = dir.path() / "profile.db";
            const auto key = core::SecureBuffer::random(32);
            {
                auto db = openRaw(path, key);
                REQUIRE(Schema::migrate(*db, from));
                CHECK(db->userVersion().value() == from);
                fillAtVersion(*db, from);
            }
            auto store =
                storage::ProfileDatabase::open(path, key.span(), Database::OpenMode::MustExist);
            REQUIRE(store);
            auto& db = (*store)->database();
            CHECK(db.userVersion().value() == Schema::kCurrentVersion);
            REQUIRE(db.checkIntegrity());
            if (from >= 1) {
                const core::ContactId bob(1);
                CHECK((*store)->settings().getText("name").value() == "hi");
                CHECK((*store)->contacts().get(bob)->alias == "Bob");
                CHECK((*store)->messages().count(bob).value() == 2);
                CHECK((*store)->outbox().forContact(bob)->front().attempts == 4);
                // Text stored before the search index existed is found.
                CHECK((*store)->messages().search("upgrade", std::nullopt, 10)->size() == 1);
                // The per-contact counter carries on.
                CHECK((*store)->messages().addOutgoing(bob, "after", at(20))->id ==
                      core::MessageId(3));
            }
            // The index follows new writes too.
            REQUIRE(
                (*store)->contacts().add({"Eve", core::ContactState::Connected, {}}, {}, at(1)));
            const auto eve = (*store)->contacts().list()->back().id;
            REQUIRE((*store)->messages().addOutgoing(eve, "fresh words", at(30)));
            CHECK((*store)->messages().search("fresh", std::nullopt, 10)->size() == 1);
        }
    }
}

TEST_CASE("A database from a newer build is refused and left untouched", "[storage][schema]") {
    TempDir dir;
    const auto path = dir.path() / "profile.db";
    const auto key = core::SecureBuffer::random(32);
    {
        auto db = openRaw(path, key);
        REQUIRE(Schema::migrate(*db));
        REQUIRE(db->setUserVersion(Schema::kCurrentVersion + 1));
    }
    const auto before = storage::test::readBytes(path);
    auto store = storage::ProfileDatabase::open(path, key.span(), Database::OpenMode::MustExist);
    REQUIRE(!store);
    CHECK(store.error().code == core::ErrorCode::UnsupportedVersion);
    CHECK(storage::test::readBytes(path) == before);
}

TEST_CASE("The linked library is SQLCipher and the connection is configured as required",
          "[storage][schema]") {
    CHECK(!Database::cipherVersion().empty());
    TempDir dir;
    const auto key = core::SecureBuffer::random(32);
    auto db = openRaw(dir.path() / "profile.db", key);
    auto check = [&](const char* sql, std::int64_t expected) {
        auto statement = db->prepare(sql);
        REQUIRE(statement);
        REQUIRE(statement->step().value());
        CHECK(statement->columnInt(0) == expected);
    };
    check("PRAGMA secure_delete", 1);
    check("PRAGMA temp_store", 2); // MEMORY
    check("PRAGMA foreign_keys", 1);
    check("PRAGMA synchronous", 2); // FULL
    auto mode = db->prepare("PRAGMA journal_mode");
    REQUIRE(mode->step().value());
    CHECK(mode->columnText(0) == "wal");
}
