#include "core/SecureBuffer.h"
#include "storage/Database.h"
#include "storage/ProfileDatabase.h"

#include <catch2/catch_test_macros.hpp>

#include "tests/storage/StorageTestSupport.h"

using namespace chive;
using storage::Database;
using storage::ProfileDatabase;
using storage::test::TempDir;

namespace {

core::Timestamp at(std::int64_t millis) {
    return core::Timestamp(std::chrono::milliseconds(millis));
}

std::int64_t pageCount(Database& db) {
    auto statement = db.prepare("PRAGMA page_count");
    REQUIRE(statement);
    REQUIRE(statement->step().value());
    return statement->columnInt(0);
}

} // namespace

TEST_CASE("A full disk fails the write with DiskFull and leaves the database intact",
          "[storage][diskfull]") {
    TempDir dir;
    const auto path = dir.path() / "profile.db";
    const auto key = core::SecureBuffer::random(32);
    core::ContactId bob;
    std::size_t stored = 0;
    {
        auto store = ProfileDatabase::open(path, key.span(), Database::OpenMode::CreateIfMissing);
        REQUIRE(store);
        auto& db = (*store)->database();
        bob =
            (*store)->contacts().add({"Bob", core::ContactState::Connected, {}}, {}, at(1)).value();
        for (int i = 0; i < 20; ++i) {
            REQUIRE((*store)->messages().addOutgoing(bob, "before the disk filled up", at(i)));
        }
        // The file may not grow by more than a few pages: the disk is "full".
        REQUIRE(db.setMaxPageCount(pageCount(db) + 3));
        const std::string big(1500, 'x');
        core::Error error{core::ErrorCode::Internal, ""};
        for (int i = 0; i < 1000; ++i) {
            auto sent = (*store)->messages().addOutgoing(bob, big, at(100 + i));
            if (!sent) {
                error = sent.error();
                break;
            }
        }
        CHECK(error.code == core::ErrorCode::DiskFull);
        CHECK(error.message.find("disk is full") != std::string::npos);
        CHECK(error.message.find("xxxx") == std::string::npos); // no message text in errors

        // Nothing half-written: every stored message has its outbox entry, and
        // the counter matches.
        stored = (*store)->messages().count(bob).value();
        CHECK((*store)->outbox().forContact(bob)->size() == stored);
        CHECK((*store)->messages().latest(bob, 1)->front().id == core::MessageId(stored));
        REQUIRE(db.checkIntegrity());

        // Space again: writing works without reopening.
        REQUIRE(db.setMaxPageCount(1'000'000));
        REQUIRE((*store)->messages().addOutgoing(bob, "after space was freed", at(5000)));
    }
    auto store = ProfileDatabase::open(path, key.span(), Database::OpenMode::MustExist);
    REQUIRE(store);
    REQUIRE((*store)->database().checkIntegrity());
    CHECK((*store)->messages().count(bob).value() == stored + 1);
    CHECK((*store)->messages().search("filled", bob, 100)->size() == 20);
}
