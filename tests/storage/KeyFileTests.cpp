#include "core/SecureBuffer.h"
#include "storage/KeyFile.h"

#include <catch2/catch_test_macros.hpp>

#include <chrono>
#include <iostream>

#include "tests/storage/StorageTestSupport.h"

using namespace chive;
using storage::KdfParams;
using storage::KeyFile;
using storage::test::password;

namespace {

std::vector<std::uint8_t> sealedFile(const core::SecureBuffer& key, std::string_view text) {
    auto file = KeyFile::seal(key, password(text).span(), KdfParams::fastForTests());
    REQUIRE(file);
    return file->serialize();
}

} // namespace

TEST_CASE("A key file unwraps only with its password", "[storage][keyfile]") {
    const auto key = core::SecureBuffer::random(KeyFile::kKeySize);
    const auto bytes = sealedFile(key, "correct horse");
    REQUIRE(bytes.size() == KeyFile::kSize);
    CHECK(std::equal(bytes.begin(), bytes.begin() + 8, "CHIVEKEY"));

    auto parsed = KeyFile::parse(bytes);
    REQUIRE(parsed);
    CHECK(parsed->params() == KdfParams::fastForTests());
    CHECK(parsed->serialize() == bytes);
    auto unwrapped = parsed->unwrap(password("correct horse").span());
    REQUIRE(unwrapped);
    CHECK(unwrapped->equals(key.span()));

    auto wrong = parsed->unwrap(password("correct horse ").span());
    REQUIRE(!wrong);
    CHECK(wrong.error().code == core::ErrorCode::WrongPassword);
    CHECK(!parsed->unwrap(password("").span()));
    // The key never appears in the file.
    CHECK(!storage::test::contains(bytes, key.span()));
}

TEST_CASE("Sealing twice gives different files (fresh salt and nonce)", "[storage][keyfile]") {
    const auto key = core::SecureBuffer::random(KeyFile::kKeySize);
    CHECK(sealedFile(key, "pw") != sealedFile(key, "pw"));
}

TEST_CASE("A key file truncated at any offset is reported damaged", "[storage][keyfile]") {
    const auto key = core::SecureBuffer::random(KeyFile::kKeySize);
    const auto bytes = sealedFile(key, "pw");
    for (std::size_t size = 0; size < bytes.size(); ++size) {
        INFO("truncated to " << size << " bytes");
        auto parsed = KeyFile::parse(std::span(bytes).first(size));
        REQUIRE(!parsed);
        CHECK(parsed.error().code == core::ErrorCode::Corrupt);
    }
    auto longer = bytes;
    longer.push_back(0);
    CHECK(KeyFile::parse(longer).error().code == core::ErrorCode::Corrupt);
}

TEST_CASE("Any flipped bit in a key file is damage, never a wrong password", "[storage][keyfile]") {
    const auto key = core::SecureBuffer::random(KeyFile::kKeySize);
    const auto bytes = sealedFile(key, "pw");
    for (std::size_t offset = 0; offset < bytes.size(); ++offset) {
        for (std::uint8_t bit = 1; bit != 0; bit = static_cast<std::uint8_t>(bit << 1)) {
            auto damaged = bytes;
            damaged[offset] ^= bit;
            auto parsed = KeyFile::parse(damaged);
            INFO("offset " << offset << " bit " << int(bit));
            REQUIRE(!parsed);
            if (offset == 8 || offset == 9) { // the version field
                CHECK((parsed.error().code == core::ErrorCode::Corrupt ||
                       parsed.error().code == core::ErrorCode::UnsupportedVersion));
            } else {
                CHECK(parsed.error().code == core::ErrorCode::Corrupt);
            }
        }
    }
}

TEST_CASE("A key file from a newer format is refused as such", "[storage][keyfile]") {
    const auto key = core::SecureBuffer::random(KeyFile::kKeySize);
    auto bytes = sealedFile(key, "pw");
    bytes[9] = 2; // version 2, and a different length, as a newer format may have
    bytes.resize(200);
    auto parsed = KeyFile::parse(bytes);
    REQUIRE(!parsed);
    CHECK(parsed.error().code == core::ErrorCode::UnsupportedVersion);
    CHECK(parsed.error().message.find("newer") != std::string::npos);
}

// The unlock time is printed, not asserted: test machines are shared and
// noisy. doc/design.md records the measured figure.
TEST_CASE("The default Argon2id parameters are recorded in the key file and unlock it",
          "[storage][keyfile][kdf]") {
    const auto key = core::SecureBuffer::random(KeyFile::kKeySize);
    auto file = KeyFile::seal(key, password("a long passphrase").span(), KdfParams::defaults());
    REQUIRE(file);
    CHECK(file->params().memLimitKiB == 128 * 1024);
    CHECK(file->params().opsLimit == 3);
    const auto start = std::chrono::steady_clock::now();
    auto unwrapped = file->unwrap(password("a long passphrase").span());
    const auto elapsed = std::chrono::steady_clock::now() - start;
    REQUIRE(unwrapped);
    const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count();
    std::cout << "Argon2id (128 MiB, 3 passes) unlock: " << millis << " ms\n";
    CHECK(unwrapped->equals(key.span()));
}
