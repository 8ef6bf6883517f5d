// Records (doc/protocol.md, "Records"): golden bytes, size classes, and a
// parser that refuses every malformed plaintext without reading out of
// bounds or throwing.

#include "core/session/Record.h"

#include <catch2/catch_test_macros.hpp>

#include <vector>

#include "tests/core/SessionTestSupport.h"

using chive::core::ErrorCode;
using chive::core::Record;
using chive::core::RecordType;
using chive::testing::fromHexString;
using chive::testing::toHexString;
using Bytes = std::vector<std::uint8_t>;

TEST_CASE("Records are type, big-endian length, body and zero padding", "[core][session][record]") {
    const auto ping = Record::encode(RecordType::Ping, {}).value();
    REQUIRE(ping.size() == 3 + 256);
    CHECK(toHexString(std::span(ping).first(3)) == "010000");

    const auto message = Record::encode(RecordType::Message, fromHexString("6869")).value();
    REQUIRE(message.size() == 259);
    CHECK(toHexString(std::span(message).first(5)) == "1000026869");
    CHECK(Bytes(message.begin() + 5, message.end()) == Bytes(254, 0));

    const auto close = Record::encode(RecordType::Close, Bytes{0x01}).value();
    CHECK(toHexString(std::span(close).first(4)) == "03000101");

    const auto parsed = Record::parse(message).value();
    CHECK(parsed.type == RecordType::Message);
    CHECK(parsed.body == fromHexString("6869"));
}

TEST_CASE("Bodies are padded to the smallest size class that holds them",
          "[core][session][record]") {
    const std::vector<std::pair<std::size_t, std::size_t>> cases{
        {0, 259},     {1, 259},     {256, 259},     {257, 1027},    {1024, 1027},
        {1025, 4099}, {4096, 4099}, {16384, 16387}, {16385, 65519}, {65516, 65519},
    };
    for (const auto& [body, padded] : cases) {
        CAPTURE(body);
        CHECK(Record::paddedLength(body).value() == padded);
        const auto encoded = Record::encode(static_cast<RecordType>(0x20), Bytes(body, 0xEE));
        REQUIRE(encoded);
        CHECK(encoded->size() == padded);
        const auto parsed = Record::parse(*encoded);
        REQUIRE(parsed);
        CHECK(parsed->body == Bytes(body, 0xEE));
    }
    // 3 + 65516 + a 16-byte tag is exactly Noise's 65535-byte maximum.
    CHECK(Record::kHeaderLength + Record::kMaxBodyLength + 16 == 65535);
    CHECK(Record::paddedLength(65517).error().code == ErrorCode::TooLarge);
    CHECK(Record::encode(RecordType::Message, Bytes(65517)).error().code == ErrorCode::TooLarge);
}

TEST_CASE("A larger class than needed is accepted", "[core][session][record]") {
    Bytes record(3 + 4096, 0);
    record[0] = 0x10;
    record[2] = 0x02;
    record[3] = 'o';
    record[4] = 'k';
    const auto parsed = Record::parse(record);
    REQUIRE(parsed);
    CHECK(parsed->body == Bytes{'o', 'k'});
}

TEST_CASE("Malformed records are refused, never read beyond their bytes",
          "[core][session][record]") {
    const Bytes valid = Record::encode(RecordType::Message, fromHexString("aabbcc")).value();
    auto refused = [](std::span<const std::uint8_t> bytes, const std::string& why) {
        const auto parsed = Record::parseView(bytes);
        REQUIRE_FALSE(parsed);
        CHECK(parsed.error().code == ErrorCode::Malformed);
        CHECK(parsed.error().message.find(why) != std::string::npos);
    };
    SECTION("short input, down to nothing") {
        // Each truncation is a heap copy of exactly that length, so ASan
        // would flag a read past it.
        for (std::size_t length = 0; length < valid.size(); ++length) {
            CAPTURE(length);
            const Bytes truncated(valid.begin(), valid.begin() + static_cast<long>(length));
            const auto parsed = Record::parseView(truncated);
            REQUIRE_FALSE(parsed);
            CHECK(parsed.error().code == ErrorCode::Malformed);
        }
    }
    SECTION("not a size class") {
        Bytes longer = valid;
        longer.push_back(0);
        refused(longer, "size class");
    }
    SECTION("body length beyond the record") {
        Bytes bad = valid;
        bad[1] = 0x01;
        bad[2] = 0x01; // 257 > 256
        refused(bad, "longer than its record");
    }
    SECTION("nonzero padding, at its first and last byte") {
        Bytes first = valid;
        first[6] = 0x01;
        refused(first, "padding");
        Bytes last = valid;
        last.back() = 0x80;
        refused(last, "padding");
    }
    SECTION("type 0") {
        Bytes zero = valid;
        zero[0] = 0;
        refused(zero, "type 0");
    }
}
