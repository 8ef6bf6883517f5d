#include "core/SecureBuffer.h"
#include "storage/AtomicFile.h"
#include "storage/KeyStore.h"
#include "storage/Profile.h"

#include <catch2/catch_test_macros.hpp>
#include <sys/stat.h>

#include "tests/storage/StorageTestSupport.h"

using namespace chive;
using storage::Profile;
using storage::test::fastOptions;
using storage::test::password;
using storage::test::readBytes;
using storage::test::TempDir;
using storage::test::writeBytes;

namespace {

core::Timestamp at(std::int64_t millis) {
    return core::Timestamp(std::chrono::milliseconds(millis));
}

// Creates a profile holding one contact with one message, and closes it.
void makeProfile(const std::filesystem::path& dir, std::string_view pw,
                 storage::ProfileOptions options = fastOptions()) {
    auto profile = Profile::create(dir, password(pw), std::move(options));
    REQUIRE(profile);
    auto done = (*profile)->storage().submit([](core::ProfileStore& store) {
        auto bob = store.contacts().add({"Bob", core::ContactState::Connected, {}}, {}, at(1));
        REQUIRE(bob);
        REQUIRE(store.messages().addOutgoing(*bob, "the message that must survive", at(2)));
    });
    REQUIRE(done);
    done->get();
}

// Opens the profile and reads the message back; the error if it cannot.
core::Status openAndRead(const std::filesystem::path& dir, std::string_view pw) {
    auto profile = Profile::open(dir, password(pw), fastOptions());
    if (!profile) {
        return core::fail(profile.error());
    }
    auto body = (*profile)->storage().submit([](core::ProfileStore& store) -> std::string {
        auto contacts = store.contacts().list();
        REQUIRE(contacts);
        REQUIRE(contacts->size() == 1);
        auto page = store.messages().latest(contacts->front().id, 10);
        REQUIRE(page);
        REQUIRE(page->size() == 1);
        return page->front().body;
    });
    REQUIRE(body);
    CHECK(body->get() == "the message that must survive");
    return {};
}

mode_t permissions(const std::filesystem::path& path) {
    struct stat info {};
    REQUIRE(::stat(path.c_str(), &info) == 0);
    return info.st_mode & 0777;
}

} // namespace

TEST_CASE("A profile is created private and opens with its password only", "[storage][profile]") {
    TempDir dir;
    makeProfile(dir.profile(), "hunter2");
    CHECK(permissions(dir.profile()) == 0700);
    for (const auto& entry : std::filesystem::directory_iterator(dir.profile())) {
        INFO(entry.path().filename());
        CHECK(permissions(entry.path()) == 0600);
    }
    REQUIRE(openAndRead(dir.profile(), "hunter2"));
    {
        // While open, with a write in the WAL: the -wal and -shm files too.
        auto open = Profile::open(dir.profile(), password("hunter2"), fastOptions());
        REQUIRE(open);
        auto wrote = (*open)->storage().submit(
            [](core::ProfileStore& store) { return store.settings().setText("k", "v"); });
        REQUIRE(wrote);
        REQUIRE(wrote->get());
        REQUIRE(std::filesystem::exists(dir.profile() / "profile.db-wal"));
        for (const auto& entry : std::filesystem::directory_iterator(dir.profile())) {
            INFO(entry.path().filename());
            CHECK(permissions(entry.path()) == 0600);
        }
    }

    auto wrong = Profile::open(dir.profile(), password("hunter3"), fastOptions());
    REQUIRE(!wrong);
    CHECK(wrong.error().code == core::ErrorCode::WrongPassword);
    CHECK(wrong.error().message == "wrong password");

    auto again = Profile::create(dir.profile(), password("other"), fastOptions());
    REQUIRE(!again);
    CHECK(again.error().code == core::ErrorCode::AlreadyExists);
    CHECK(!Profile::create(dir.path() / "new", password(""), fastOptions()));

    auto missing = Profile::open(dir.path() / "nothing-here", password("x"), fastOptions());
    REQUIRE(!missing);
    CHECK(missing.error().code == core::ErrorCode::NotFound);
}

TEST_CASE("A create interrupted before the database was made can be finished",
          "[storage][profile]") {
    TempDir dir;
    {
        auto options = fastOptions();
        storage::KeyStore keys(dir.profile() / "profile.key", dir.profile() / "profile.key.bak");
        std::filesystem::create_directories(dir.profile());
        REQUIRE(keys.create(password("pw").span(), options.kdf));
    }
    auto other = Profile::create(dir.profile(), password("not the one"), fastOptions());
    REQUIRE(!other);
    CHECK(other.error().code == core::ErrorCode::AlreadyExists);
    CHECK(!std::filesystem::exists(dir.profile() / "profile.db"));
    CHECK(std::filesystem::exists(dir.profile() / "profile.key"));

    REQUIRE(Profile::create(dir.profile(), password("pw"), fastOptions()));
    CHECK(Profile::open(dir.profile(), password("pw"), fastOptions()));
}

TEST_CASE("A profile is open in one place at a time", "[storage][profile]") {
    TempDir dir;
    makeProfile(dir.profile(), "pw");
    auto first = Profile::open(dir.profile(), password("pw"), fastOptions());
    REQUIRE(first);
    auto second = Profile::open(dir.profile(), password("pw"), fastOptions());
    REQUIRE(!second);
    CHECK(second.error().code == core::ErrorCode::AlreadyExists);
    first->reset();
    CHECK(Profile::open(dir.profile(), password("pw"), fastOptions()));
}

TEST_CASE("Wider permissions on an existing profile directory are narrowed", "[storage][profile]") {
    TempDir dir;
    makeProfile(dir.profile(), "pw");
    REQUIRE(::chmod(dir.profile().c_str(), 0755) == 0);
    REQUIRE(openAndRead(dir.profile(), "pw"));
    CHECK(permissions(dir.profile()) == 0700);
}

TEST_CASE("The default profile path follows XDG", "[storage][profile]") {
    // Each test case runs in its own process (ctest), and this one starts no
    // threads. NOLINTBEGIN(concurrency-mt-unsafe)
    ::setenv("XDG_DATA_HOME", "/data/home", 1);
    CHECK(storage::ProfileDirectory::defaultPath().value() == "/data/home/chive");
    ::setenv("XDG_DATA_HOME", "relative/ignored", 1);
    ::setenv("HOME", "/home/someone", 1);
    CHECK(storage::ProfileDirectory::defaultPath().value() == "/home/someone/.local/share/chive");
    ::unsetenv("XDG_DATA_HOME");
    // NOLINTEND(concurrency-mt-unsafe)
}

TEST_CASE("A key file truncated at any offset gives a clear error, or opens from the backup",
          "[storage][profile][keyfile]") {
    TempDir dir;
    makeProfile(dir.profile(), "pw");
    const auto keyPath = dir.profile() / "profile.key";
    const auto backupPath = dir.profile() / "profile.key.bak";
    const auto good = readBytes(keyPath);
    const auto database = readBytes(dir.profile() / "profile.db");
    REQUIRE(good == readBytes(backupPath));

    for (std::size_t size = 0; size < good.size(); ++size) {
        INFO("both copies truncated to " << size << " bytes");
        const auto truncated = std::span(good).first(size);
        writeBytes(keyPath, truncated);
        writeBytes(backupPath, truncated);
        auto profile = Profile::open(dir.profile(), password("pw"), fastOptions());
        REQUIRE(!profile);
        CHECK(profile.error().code == core::ErrorCode::Corrupt);
        CHECK(profile.error().message.find("key file") != std::string::npos);
        // Nothing was written over what the user has.
        CHECK(readBytes(keyPath) == std::vector<std::uint8_t>(truncated.begin(), truncated.end()));
        CHECK(readBytes(dir.profile() / "profile.db") == database);
    }

    SECTION("a damaged primary is restored from the backup") {
        writeBytes(keyPath, std::span(good).first(17));
        writeBytes(backupPath, good);
        REQUIRE(openAndRead(dir.profile(), "pw"));
        CHECK(readBytes(keyPath) == good);
    }
    SECTION("a missing primary is restored from the backup") {
        std::filesystem::remove(keyPath);
        writeBytes(backupPath, good);
        REQUIRE(openAndRead(dir.profile(), "pw"));
        CHECK(readBytes(keyPath) == good);
    }
    SECTION("a damaged backup is restored from the primary") {
        writeBytes(keyPath, good);
        writeBytes(backupPath, std::span(good).first(3));
        REQUIRE(openAndRead(dir.profile(), "pw"));
        CHECK(readBytes(backupPath) == good);
    }
}

TEST_CASE("A key file from a newer build is refused without rewriting anything",
          "[storage][profile][keyfile]") {
    TempDir dir;
    makeProfile(dir.profile(), "pw");
    auto newer = readBytes(dir.profile() / "profile.key");
    newer[9] = 7;
    writeBytes(dir.profile() / "profile.key", newer);
    auto profile = Profile::open(dir.profile(), password("pw"), fastOptions());
    REQUIRE(!profile);
    CHECK(profile.error().code == core::ErrorCode::UnsupportedVersion);
    CHECK(readBytes(dir.profile() / "profile.key") == newer);
}

TEST_CASE("A database that does not match the key file is reported as such",
          "[storage][profile][database]") {
    TempDir dir;
    const auto mine = dir.path() / "mine";
    const auto other = dir.path() / "other";
    makeProfile(mine, "pw");
    makeProfile(other, "pw");
    const auto otherDatabase = readBytes(other / "profile.db");
    std::filesystem::copy_file(other / "profile.db", mine / "profile.db",
                               std::filesystem::copy_options::overwrite_existing);
    auto profile = Profile::open(mine, password("pw"), fastOptions());
    REQUIRE(!profile);
    CHECK(profile.error().code == core::ErrorCode::Corrupt);
    CHECK(profile.error().message.find("does not match the key file") != std::string::npos);
    CHECK(readBytes(mine / "profile.db") == otherDatabase);

    std::filesystem::remove(mine / "profile.db");
    auto missing = Profile::open(mine, password("pw"), fastOptions());
    REQUIRE(!missing);
    CHECK(missing.error().code == core::ErrorCode::NotFound);
    CHECK(!std::filesystem::exists(mine / "profile.db")); // not silently recreated empty
}

TEST_CASE("Changing the password rewraps the key and leaves the database alone",
          "[storage][profile][password]") {
    TempDir dir;
    makeProfile(dir.profile(), "old");
    const auto database = readBytes(dir.profile() / "profile.db");
    {
        auto profile = Profile::open(dir.profile(), password("old"), fastOptions());
        REQUIRE(profile);
        CHECK((*profile)->changePassword(password("wrong"), password("new")).error().code ==
              core::ErrorCode::WrongPassword);
        REQUIRE((*profile)->changePassword(password("old"), password("new")));
    }
    CHECK(readBytes(dir.profile() / "profile.db") == database);
    CHECK(readBytes(dir.profile() / "profile.key") == readBytes(dir.profile() / "profile.key.bak"));
    CHECK(Profile::open(dir.profile(), password("old"), fastOptions()).error().code ==
          core::ErrorCode::WrongPassword);
    REQUIRE(openAndRead(dir.profile(), "new"));
}

TEST_CASE("A crash at any step of a password change leaves the old or the new password working",
          "[storage][profile][password][crash]") {
    // First count the steps of a password change: every one of them is a
    // point where the process could die.
    std::size_t steps = 0;
    {
        TempDir dir;
        makeProfile(dir.profile(), "old");
        auto options = fastOptions();
        options.faultHook = [&](const std::filesystem::path&, storage::AtomicWriteStep) {
            ++steps;
            return 0;
        };
        auto profile = Profile::open(dir.profile(), password("old"), options);
        REQUIRE(profile);
        REQUIRE((*profile)->changePassword(password("old"), password("new")));
    }
    REQUIRE(steps == 10); // 5 steps for each of the two copies

    for (std::size_t crashAt = 0; crashAt < steps; ++crashAt) {
        DYNAMIC_SECTION("crash before step " << crashAt) {
            TempDir dir;
            makeProfile(dir.profile(), "old");
            {
                std::size_t step = 0;
                auto options = fastOptions();
                options.faultHook = [&](const std::filesystem::path&, storage::AtomicWriteStep) {
                    return step++ == crashAt ? storage::kSimulatedCrash : 0;
                };
                auto profile = Profile::open(dir.profile(), password("old"), options);
                REQUIRE(profile);
                auto changed = (*profile)->changePassword(password("old"), password("new"));
                REQUIRE(!changed);
                CHECK(changed.error().message.find("simulated crash") != std::string::npos);
            }
            const bool oldOpens = static_cast<bool>(openAndRead(dir.profile(), "old"));
            const bool newOpens = static_cast<bool>(openAndRead(dir.profile(), "new"));
            CHECK((oldOpens || newOpens));
            // Before the first rename nothing changed; after the second, all did.
            if (crashAt <= 3) {
                CHECK(oldOpens);
            }
            // Once one password has opened it, the two copies agree again.
            CHECK(readBytes(dir.profile() / "profile.key") ==
                  readBytes(dir.profile() / "profile.key.bak"));
        }
    }
}

TEST_CASE("A full disk while writing the key file is reported and changes nothing",
          "[storage][profile][diskfull]") {
    TempDir dir;
    makeProfile(dir.profile(), "old");
    const auto key = readBytes(dir.profile() / "profile.key");
    for (auto failing : {storage::AtomicWriteStep::CreateTemp, storage::AtomicWriteStep::WriteTemp,
                         storage::AtomicWriteStep::SyncTemp}) {
        INFO("ENOSPC at " << storage::atomicWriteStepName(failing));
        auto options = fastOptions();
        options.faultHook = [&](const std::filesystem::path&, storage::AtomicWriteStep step) {
            return step == failing ? ENOSPC : 0;
        };
        auto profile = Profile::open(dir.profile(), password("old"), options);
        REQUIRE(profile);
        auto changed = (*profile)->changePassword(password("old"), password("new"));
        REQUIRE(!changed);
        CHECK(changed.error().code == core::ErrorCode::DiskFull);
        CHECK(changed.error().message.find("disk is full") != std::string::npos);
        profile->reset();
        CHECK(readBytes(dir.profile() / "profile.key") == key);
        CHECK(!std::filesystem::exists(dir.profile() / "profile.key.tmp"));
        REQUIRE(openAndRead(dir.profile(), "old"));
    }

    SECTION("creating a profile on a full disk leaves no half profile") {
        auto options = fastOptions();
        options.faultHook = [](const std::filesystem::path&, storage::AtomicWriteStep step) {
            return step == storage::AtomicWriteStep::WriteTemp ? ENOSPC : 0;
        };
        auto created = Profile::create(dir.path() / "fresh", password("pw"), options);
        REQUIRE(!created);
        CHECK(created.error().code == core::ErrorCode::DiskFull);
        CHECK(!std::filesystem::exists(dir.path() / "fresh" / "profile.key"));
        CHECK(!std::filesystem::exists(dir.path() / "fresh" / "profile.db"));
    }
}
