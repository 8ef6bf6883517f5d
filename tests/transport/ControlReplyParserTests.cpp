#include "transport/ControlReplyParser.h"

#include <catch2/catch_test_macros.hpp>

#include <string_view>

using chive::core::ErrorCode;
using chive::transport::ControlReply;
using chive::transport::ControlReplyParser;

namespace {

std::span<const std::uint8_t> bytes(std::string_view text) {
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

std::vector<ControlReply> parseAll(std::string_view text) {
    ControlReplyParser parser;
    auto replies = parser.feed(bytes(text));
    REQUIRE(replies);
    REQUIRE(parser.idle());
    return *replies;
}

} // namespace

TEST_CASE("a single-line reply", "[transport][control]") {
    const auto replies = parseAll("250 OK\r\n");
    REQUIRE(replies.size() == 1);
    CHECK(replies[0].status == 250);
    CHECK(replies[0].isOk());
    CHECK_FALSE(replies[0].isAsync());
    REQUIRE(replies[0].lines.size() == 1);
    CHECK(replies[0].lines[0].separator == ' ');
    CHECK(replies[0].firstText() == "OK");
}

TEST_CASE("a multi-line reply keeps every line in order", "[transport][control]") {
    const auto replies =
        parseAll("250-version=0.4.9.11\r\n250-config-file=/dev/null\r\n250 OK\r\n");
    REQUIRE(replies.size() == 1);
    REQUIRE(replies[0].lines.size() == 3);
    CHECK(replies[0].lines[0].text == "version=0.4.9.11");
    CHECK(replies[0].lines[0].separator == '-');
    CHECK(replies[0].lines[1].text == "config-file=/dev/null");
    CHECK(replies[0].lines[2].text == "OK");
}

TEST_CASE("a data reply is unstuffed and joined", "[transport][control]") {
    const auto replies = parseAll("250+config-text=\r\n"
                                  "SocksPort 0\r\n"
                                  "..hidden leading dot\r\n"
                                  "\r\n"
                                  "Log notice stderr\r\n"
                                  ".\r\n"
                                  "250 OK\r\n");
    REQUIRE(replies.size() == 1);
    REQUIRE(replies[0].lines.size() == 2);
    const auto& data = replies[0].lines[0];
    CHECK(data.separator == '+');
    CHECK(data.text == "config-text=");
    REQUIRE(data.data.has_value());
    CHECK(*data.data == "SocksPort 0\n.hidden leading dot\n\nLog notice stderr");
    CHECK(replies[0].lines[1].text == "OK");
}

TEST_CASE("an empty data block is present and empty", "[transport][control]") {
    const auto replies = parseAll("250+onions/current=\r\n.\r\n250 OK\r\n");
    REQUIRE(replies[0].lines[0].data.has_value());
    CHECK(replies[0].lines[0].data->empty());
}

TEST_CASE("async events interleave with replies at reply boundaries", "[transport][control]") {
    const auto replies =
        parseAll("650 STATUS_CLIENT NOTICE BOOTSTRAP PROGRESS=5 TAG=conn SUMMARY=\"Connecting\"\r\n"
                 "250-status/bootstrap-phase=NOTICE BOOTSTRAP PROGRESS=5\r\n"
                 "250 OK\r\n"
                 "650-HS_DESC UPLOADED abc\r\n"
                 "650 OK\r\n"
                 "552 Unrecognized key \"nonsense\"\r\n");
    REQUIRE(replies.size() == 4);
    CHECK(replies[0].isAsync());
    CHECK(replies[0].firstText().starts_with("STATUS_CLIENT"));
    CHECK(replies[1].status == 250);
    CHECK(replies[2].isAsync());
    CHECK(replies[2].lines.size() == 2);
    CHECK(replies[3].status == 552);
    CHECK_FALSE(replies[3].isOk());
    CHECK(replies[3].describe() == "552 Unrecognized key \"nonsense\"");
}

TEST_CASE("replies split at every byte boundary parse the same", "[transport][control]") {
    const std::string_view wire = "250+a=\r\n..x\r\n.\r\n250 OK\r\n650 STATUS_CLIENT NOTICE X\r\n";
    const auto whole = parseAll(wire);
    for (std::size_t cut = 0; cut <= wire.size(); ++cut) {
        ControlReplyParser parser;
        auto first = parser.feed(bytes(wire.substr(0, cut)));
        REQUIRE(first);
        auto second = parser.feed(bytes(wire.substr(cut)));
        REQUIRE(second);
        first->insert(first->end(), second->begin(), second->end());
        REQUIRE(first->size() == whole.size());
        CHECK(first->at(0).lines[0].data == whole[0].lines[0].data);
        CHECK(first->at(1).firstText() == whole[1].firstText());
    }
}

TEST_CASE("malformed control input is a clear error and poisons the parser",
          "[transport][control]") {
    const std::string_view cases[] = {
        "25 OK\r\n",                         // too short for a status code
        "2x0 OK\r\n",                        // not digits
        "250*OK\r\n",                        // unknown separator
        "250 OK\n",                          // LF without CR
        "250 OK\rX",                         // CR without LF
        "250-a\r\n251 OK\r\n",               // status changes mid-reply
        "099 nope\r\n",                      // status out of range
        std::string_view("250 O\0K\r\n", 9), // NUL byte
    };
    for (const auto input : cases) {
        ControlReplyParser parser;
        auto result = parser.feed(bytes(input));
        REQUIRE_FALSE(result);
        CHECK(result.error().code == ErrorCode::Malformed);
        CHECK_FALSE(result.error().message.empty());
        // Once failed, it stays failed.
        CHECK_FALSE(parser.feed(bytes("250 OK\r\n")));
    }
}

TEST_CASE("an over-long line is refused before it is buffered", "[transport][control]") {
    ControlReplyParser parser;
    std::string line = "250 ";
    line.append(ControlReplyParser::kMaxLineLength, 'a');
    auto result = parser.feed(bytes(line));
    REQUIRE_FALSE(result);
    CHECK(result.error().code == ErrorCode::TooLarge);
}

TEST_CASE("an over-large data reply is refused", "[transport][control]") {
    ControlReplyParser parser;
    REQUIRE(parser.feed(bytes("250+big=\r\n")));
    const std::string chunk = std::string(1000, 'b') + "\r\n";
    bool refused = false;
    for (std::size_t sent = 0; sent <= ControlReplyParser::kMaxReplySize + chunk.size();
         sent += chunk.size()) {
        auto result = parser.feed(bytes(chunk));
        if (!result) {
            CHECK(result.error().code == ErrorCode::TooLarge);
            refused = true;
            break;
        }
    }
    CHECK(refused);
}
