#include "core/SecureBuffer.h"
#include "storage/Database.h"
#include "storage/KeyStore.h"
#include "storage/ProfileDatabase.h"

#include <catch2/catch_test_macros.hpp>
#include <sys/wait.h>

#include <array>
#include <cstdio>

#include "tests/storage/StorageTestSupport.h"

using namespace chive;
using storage::Profile;
using storage::test::bytesOf;
using storage::test::contains;
using storage::test::fastOptions;
using storage::test::password;
using storage::test::readBytes;
using storage::test::TempDir;

namespace {

core::Timestamp at(std::int64_t millis) {
    return core::Timestamp(std::chrono::milliseconds(millis));
}

std::string hex(std::span<const std::uint8_t> bytes, const char* digits) {
    std::string out;
    for (auto byte : bytes) {
        out += digits[byte >> 4];
        out += digits[byte & 0x0f];
    }
    return out;
}

// Every regular file under `dir` that contains `needle`.
std::vector<std::string> filesContaining(const std::filesystem::path& dir,
                                         std::span<const std::uint8_t> needle) {
    std::vector<std::string> found;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
        if (entry.is_regular_file() && contains(readBytes(entry.path()), needle)) {
            found.push_back(entry.path().filename().string());
        }
    }
    return found;
}

struct ShellResult {
    int exitCode;
    std::string output;
};

ShellResult runShell(const std::string& command) {
    ShellResult result{-1, {}};
    // NOLINTNEXTLINE(cert-env33-c): the test runs the real sqlcipher shell on purpose
    FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::array<char, 512> buffer{};
    while (std::fgets(buffer.data(), static_cast<int>(buffer.size()), pipe) != nullptr) {
        result.output += buffer.data();
    }
    const int status = ::pclose(pipe);
    result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

} // namespace

TEST_CASE("No marker text and no database key in any file of the profile", "[storage][notrace]") {
    TempDir dir;
    const auto marker = storage::test::randomMarker();
    const auto deletedMarker = storage::test::randomMarker();
    const auto aliasMarker = storage::test::randomMarker();
    {
        auto profile = Profile::create(dir.profile(), password("pw"), fastOptions());
        REQUIRE(profile);
        auto done = (*profile)->storage().submit([&](core::ProfileStore& store) {
            auto bob = store.contacts().add({aliasMarker, core::ContactState::Connected, {}},
                                            bytesOf(marker), at(1));
            REQUIRE(bob);
            for (int i = 0; i < 200; ++i) {
                REQUIRE(store.messages().addOutgoing(
                    *bob, "note " + marker + " " + std::to_string(i), at(i)));
                REQUIRE(store.messages().addIncoming(*bob, core::MessageId(std::uint64_t(i + 1)),
                                                     "reply " + deletedMarker, at(i), at(i)));
            }
            REQUIRE(store.settings().setText("draft", marker));
            REQUIRE(store.messages().search(marker, std::nullopt, 10)->size() == 10);
        });
        REQUIRE(done);
        done->get();
        // While open too: the WAL holds only encrypted pages.
        CHECK(filesContaining(dir.profile(), bytesOf(marker)).empty());
    }

    storage::KeyStore keys(dir.profile() / "profile.key", dir.profile() / "profile.key.bak");
    auto key = keys.unlock(password("pw").span());
    REQUIRE(key);
    const auto db = dir.profile() / "profile.db";
    REQUIRE(std::filesystem::exists(db));
    for (const auto& needle :
         {std::string(marker), deletedMarker, aliasMarker, hex(key->span(), "0123456789ABCDEF"),
          hex(key->span(), "0123456789abcdef")}) {
        INFO("looking for " << needle);
        CHECK(filesContaining(dir.profile(), bytesOf(needle)).empty());
    }
    CHECK(filesContaining(dir.profile(), key->span()).empty());
    CHECK(!contains(readBytes(db), bytesOf("SQLite format 3")));

    // The sqlcipher shell, given no key, cannot read the database.
    const auto shell = runShell("sqlcipher '" + db.string() + "' 'SELECT body FROM messages;'");
    CHECK(shell.exitCode != 0);
    CHECK(shell.output.find("not a database") != std::string::npos);
    CHECK(shell.output.find(marker) == std::string::npos);
}

TEST_CASE("Deleted messages, conversations and contacts leave no text behind",
          "[storage][notrace][delete]") {
    // An unencrypted database, so that the file can be searched for what
    // secure_delete, the FTS5 secure-delete option and the WAL checkpoint
    // must have removed; encryption would hide a failure.
    TempDir dir;
    const auto path = dir.path() / "plain.db";
    const auto kept = storage::test::randomMarker();
    const auto oneMessage = storage::test::randomMarker();
    const auto conversation = storage::test::randomMarker();
    const auto contactText = storage::test::randomMarker();
    const auto contactAlias = storage::test::randomMarker();
    {
        auto store =
            storage::ProfileDatabase::open(path, {}, storage::Database::OpenMode::CreateIfMissing);
        REQUIRE(store);
        auto& messages = (*store)->messages();
        auto& contacts = (*store)->contacts();
        auto alice = contacts.add({"Alice", core::ContactState::Connected, {}}, {}, at(1)).value();
        auto bob = contacts.add({"Bob", core::ContactState::Connected, {}}, {}, at(1)).value();
        auto carol = contacts
                         .add({contactAlias, core::ContactState::Connected, {}},
                              bytesOf(contactAlias), at(1))
                         .value();
        core::MessageRowId doomed;
        for (int i = 0; i < 300; ++i) {
            const auto n = std::to_string(i);
            REQUIRE(messages.addOutgoing(alice, "keep " + kept + " " + n, at(i)));
            auto sent = messages.addOutgoing(alice, "filler words number " + n, at(i));
            REQUIRE(sent);
            if (i == 150) {
                doomed = messages.addOutgoing(alice, "secret " + oneMessage, at(i))->rowId;
            }
            REQUIRE(messages.addOutgoing(bob, "chat " + conversation + " " + n, at(i)));
            REQUIRE(messages.addOutgoing(carol, "talk " + contactText + " " + n, at(i)));
        }
        REQUIRE(messages.remove(doomed));
        REQUIRE(messages.removeConversation(bob));
        REQUIRE(contacts.remove(carol));
        CHECK(messages.search(oneMessage, std::nullopt, 10)->empty());
        CHECK(messages.search(conversation, std::nullopt, 10)->empty());
        CHECK(messages.search(contactText, std::nullopt, 10)->empty());
        CHECK(messages.search(kept, std::nullopt, 1000)->size() == 300);
        // Checked while open: the deletions already checkpointed the WAL.
        CHECK(filesContaining(dir.path(), bytesOf(oneMessage)).empty());
    }
    // The scan does see text that was kept: it would find a leftover.
    CHECK(!filesContaining(dir.path(), bytesOf(kept)).empty());
    for (const auto& gone : {oneMessage, conversation, contactText, contactAlias}) {
        INFO("looking for " << gone);
        CHECK(filesContaining(dir.path(), bytesOf(gone)).empty());
    }
}
