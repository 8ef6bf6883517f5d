// MESSAGE and ACK bodies: golden bytes, the id and length bounds, UTF-8
// checks on the way in and out, and every truncation refused.

#include "core/protocol/AckRecord.h"
#include "core/protocol/MessageRecord.h"
#include "core/protocol/Utf8.h"

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include <chrono>
#include <string>
#include <vector>

#include "tests/core/LinkTestVectors.h"
#include "tests/core/ProtocolTestVectors.h"

using Catch::Matchers::ContainsSubstring;
using chive::core::AckRecord;
using chive::core::ErrorCode;
using chive::core::findInvalidUtf8;
using chive::core::MessageId;
using chive::core::MessageRecord;
using chive::core::Timestamp;
using namespace chive::testing;

namespace {

Timestamp at(std::int64_t millis) {
    return Timestamp(std::chrono::milliseconds(millis));
}

// The golden header (id 1, 1700000000000 ms) with other text bytes.
std::vector<std::uint8_t> withText(std::string_view text) {
    auto body = bytesFromHex(kMessageBody);
    body.resize(MessageRecord::kHeaderLength);
    body.insert(body.end(), text.begin(), text.end());
    return body;
}

} // namespace

TEST_CASE("MESSAGE bodies encode to the golden bytes and parse back", "[core][delivery]") {
    const MessageRecord message{MessageId(1), at(1700000000000), "hi \xe2\x98\x83"};
    const auto body = message.encode();
    REQUIRE(body);
    CHECK(hexOf(*body) == kMessageBody);
    const auto parsed = MessageRecord::parse(*body);
    REQUIRE(parsed);
    CHECK(*parsed == message);

    const MessageRecord edges{MessageId(MessageRecord::kMaxId), at(-1), "x"};
    CHECK(hexOf(edges.encode().value()) == kMessageBodyEdges);
    CHECK(MessageRecord::parse(bytesFromHex(kMessageBodyEdges)).value() == edges);
}

TEST_CASE("ACK bodies encode to the golden bytes and parse back", "[core][delivery]") {
    const AckRecord ack{MessageId(0x0102030405060708)};
    CHECK(hexOf(ack.encode().value()) == kAckBody);
    CHECK(AckRecord::parse(bytesFromHex(kAckBody)).value() == ack);
}

TEST_CASE("the largest message fills exactly the largest record", "[core][delivery]") {
    CHECK(MessageRecord::kMaxTextLength == 65500);
    const std::string longest(MessageRecord::kMaxTextLength, 'a');
    const auto body = MessageRecord{MessageId(7), at(0), longest}.encode();
    REQUIRE(body);
    CHECK(body->size() == chive::core::Record::kMaxBodyLength);
    CHECK(MessageRecord::parse(*body).value().text == longest);

    const std::string tooLong(MessageRecord::kMaxTextLength + 1, 'a');
    const auto refused = MessageRecord{MessageId(7), at(0), tooLong}.encode();
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == ErrorCode::TooLarge);
    CHECK(MessageRecord::checkText(tooLong).error().code == ErrorCode::TooLarge);
    CHECK(MessageRecord::parse(withText(tooLong)).error().code == ErrorCode::TooLarge);
}

TEST_CASE("ids out of range are refused both ways", "[core][delivery]") {
    for (const std::uint64_t id :
         {std::uint64_t{0}, MessageRecord::kMaxId + 1, ~std::uint64_t{0}}) {
        CHECK(MessageRecord{MessageId(id), at(0), "a"}.encode().error().code ==
              ErrorCode::InvalidArgument);
        CHECK(AckRecord{MessageId(id)}.encode().error().code == ErrorCode::InvalidArgument);
        std::vector<std::uint8_t> ack(8);
        auto message = withText("a");
        for (std::size_t i = 0; i < 8; ++i) {
            ack[i] = static_cast<std::uint8_t>(id >> (56 - 8 * i));
            message[i] = ack[i];
        }
        CHECK(AckRecord::parse(ack).error().code == ErrorCode::Malformed);
        CHECK(MessageRecord::parse(message).error().code == ErrorCode::Malformed);
    }
}

TEST_CASE("every truncation of a MESSAGE or ACK is refused", "[core][delivery]") {
    const auto message = bytesFromHex(kMessageBody);
    // Cutting inside the text can leave a valid shorter text ("hi "); every
    // cut inside the header or the snowman must fail.
    for (std::size_t length = 0; length < message.size(); ++length) {
        const auto parsed = MessageRecord::parse(std::span(message).first(length));
        const bool validPrefix = length >= 17 && length <= 19;
        CHECK(static_cast<bool>(parsed) == validPrefix);
        if (!parsed) {
            CHECK(parsed.error().code == ErrorCode::Malformed);
        }
    }
    const auto ack = bytesFromHex(kAckBody);
    for (std::size_t length = 0; length < ack.size(); ++length) {
        CHECK(AckRecord::parse(std::span(ack).first(length)).error().code == ErrorCode::Malformed);
    }
    auto longer = ack;
    longer.push_back(0);
    CHECK(AckRecord::parse(longer).error().code == ErrorCode::Malformed);
}

TEST_CASE("message text must be UTF-8 without NUL", "[core][delivery]") {
    // Each: the text, and the offset of the first bad byte.
    const std::vector<std::pair<std::string, std::size_t>> bad{
        {"ab\x80", 2},               // a lone continuation byte
        {"\xc0\xaf", 0},             // overlong '/'
        {"\xc1\xbf", 0},             // overlong
        {"\xe0\x80\xaf", 0},         // overlong, 3 bytes
        {"\xf0\x80\x80\xaf", 0},     // overlong, 4 bytes
        {"a\xed\xa0\x80", 1},        // a surrogate (U+D800)
        {"\xf4\x90\x80\x80", 0},     // above U+10FFFF
        {"\xf5\x80\x80\x80", 0},     // no such lead byte
        {"\xff", 0},                 //
        {"ok \xe2\x98", 3},          // truncated snowman
        {"\xe2\x28\xa1", 0},         // a bad continuation
        {"\xf0\x9f\x98\x80\xf0", 4}, // a good emoji, then a truncated one
    };
    for (const auto& [text, offset] : bad) {
        CAPTURE(text);
        CHECK(findInvalidUtf8(text) == offset);
        const auto checked = MessageRecord::checkText(text);
        REQUIRE_FALSE(checked);
        CHECK(checked.error().code == ErrorCode::InvalidArgument);
        CHECK_THAT(checked.error().message, ContainsSubstring("byte " + std::to_string(offset)));
        CHECK(MessageRecord::parse(withText(text)).error().code == ErrorCode::Malformed);
    }
    const std::vector<std::string> good{"plain",
                                        "\xc2\x80",
                                        "\xdf\xbf",
                                        "\xe0\xa0\x80",
                                        "\xed\x9f\xbf",
                                        "\xee\x80\x80",
                                        "\xef\xbf\xbf",
                                        "\xf0\x90\x80\x80",
                                        "\xf4\x8f\xbf\xbf",
                                        "caf\xc3\xa9 \xf0\x9f\x98\x80"};
    for (const auto& text : good) {
        CAPTURE(text);
        CHECK_FALSE(findInvalidUtf8(text));
        CHECK(MessageRecord::parse(withText(text)).value().text == text);
    }
    const std::string withNul("a\0b", 3);
    CHECK_THAT(MessageRecord::checkText(withNul).error().message, ContainsSubstring("NUL"));
    CHECK(MessageRecord::parse(withText(withNul)).error().code == ErrorCode::Malformed);
    CHECK(MessageRecord::checkText("").error().code == ErrorCode::InvalidArgument);
}
