#include "core/SecureBuffer.h"
#include "storage/Database.h"
#include "storage/ProfileDatabase.h"

#include <catch2/catch_test_macros.hpp>

#include "tests/storage/StorageTestSupport.h"

using namespace chive;
using storage::Database;
using storage::ProfileDatabase;
using storage::test::readBytes;
using storage::test::TempDir;
using storage::test::writeBytes;

namespace {

core::Timestamp at(std::int64_t millis) {
    return core::Timestamp(std::chrono::milliseconds(millis));
}

constexpr std::size_t kPageSize = 4096;

// Opens the database and reads everything in it the way the app would, then
// checks every page. The first error, if any.
core::Status openAndReadEverything(const std::filesystem::path& path,
                                   const core::SecureBuffer& key) {
    auto store = ProfileDatabase::open(path, key.span(), Database::OpenMode::MustExist);
    if (!store) {
        return core::fail(store.error());
    }
    auto contacts = (*store)->contacts().list();
    if (!contacts) {
        return core::fail(contacts.error());
    }
    for (const auto& contact : *contacts) {
        auto page = (*store)->messages().latest(contact.id, 1000);
        if (!page) {
            return core::fail(page.error());
        }
    }
    if (auto found = (*store)->messages().search("message", std::nullopt, 1000); !found) {
        return core::fail(found.error());
    }
    return (*store)->database().checkIntegrity();
}

} // namespace

TEST_CASE("A database with a flipped byte anywhere gives a clear error and is not written to",
          "[storage][database][corrupt]") {
    TempDir dir;
    const auto path = dir.path() / "profile.db";
    const auto key = core::SecureBuffer::random(32);
    {
        auto store = ProfileDatabase::open(path, key.span(), Database::OpenMode::CreateIfMissing);
        REQUIRE(store);
        auto bob = (*store)->contacts().add({"Bob", core::ContactState::Connected, {}}, {}, at(1));
        REQUIRE(bob);
        for (int i = 0; i < 300; ++i) {
            REQUIRE((*store)->messages().addOutgoing(*bob, "message number " + std::to_string(i),
                                                     at(i)));
        }
    }
    const auto original = readBytes(path);
    REQUIRE(original.size() % kPageSize == 0);
    REQUIRE(original.size() / kPageSize >= 10);
    REQUIRE(openAndReadEverything(path, key));

    // Three places in every page: the start, the middle and the last bytes,
    // which hold SQLCipher's IV and HMAC.
    for (std::size_t page = 0; page < original.size() / kPageSize; ++page) {
        for (std::size_t within : {std::size_t{0}, kPageSize / 2, kPageSize - 1}) {
            const std::size_t offset = page * kPageSize + within;
            INFO("flipped byte at offset " << offset);
            auto damaged = original;
            damaged[offset] ^= 0x20;
            writeBytes(path, damaged);
            auto result = openAndReadEverything(path, key);
            REQUIRE(!result);
            CHECK(result.error().code == core::ErrorCode::Corrupt);
            CHECK(readBytes(path) == damaged);
        }
    }
}

TEST_CASE("A truncated database gives a clear error", "[storage][database][corrupt]") {
    TempDir dir;
    const auto path = dir.path() / "profile.db";
    const auto key = core::SecureBuffer::random(32);
    {
        auto store = ProfileDatabase::open(path, key.span(), Database::OpenMode::CreateIfMissing);
        REQUIRE(store);
        auto bob = (*store)->contacts().add({"Bob", core::ContactState::Connected, {}}, {}, at(1));
        for (int i = 0; i < 100; ++i) {
            REQUIRE((*store)->messages().addOutgoing(*bob, "message " + std::to_string(i), at(i)));
        }
    }
    const auto original = readBytes(path);
    for (std::size_t size : {std::size_t{100}, kPageSize, original.size() / 2,
                             original.size() - kPageSize, original.size() - 1}) {
        INFO("truncated to " << size);
        writeBytes(path, std::span(original).first(size));
        auto result = openAndReadEverything(path, key);
        REQUIRE(!result);
        CHECK(result.error().code == core::ErrorCode::Corrupt);
    }
}
