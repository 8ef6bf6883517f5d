#include "app/Request.h"

#include <catch2/catch_test_macros.hpp>

#include <string>

using chive::app::jsonNestingDepth;
using chive::app::Request;
using chive::app::WipedString;
using chive::core::ErrorCode;

namespace {

chive::core::Result<Request> parse(const std::string& text) {
    return Request::parse(WipedString(text.data(), text.size()));
}

} // namespace

TEST_CASE("a command line becomes a request with typed fields", "[app][headless]") {
    auto request = parse(R"({"id": 7, "cmd": "history", "contact": 3, "before": 120,
                             "alias": "Bob", "qr": true, "ignored": {"x": [1, 2]}})");
    REQUIRE(request);
    CHECK(request->id() == 7);
    CHECK(request->command().value() == "history");
    CHECK(request->integer("contact", 1, 100).value() == 3);
    CHECK(request->optionalInteger("before", 1, 1000).value() == 120);
    CHECK_FALSE(request->optionalInteger("limit", 1, 1000).value().has_value());
    CHECK(request->text("alias", 10).value() == "Bob");
    CHECK(request->flag("qr", false).value());
    CHECK_FALSE(request->flag("verified", false).value());
    CHECK(request->has("ignored"));
    CHECK_FALSE(request->has("absent"));
}

TEST_CASE("fields of the wrong type or out of range are refused by name", "[app][headless]") {
    auto request = parse(R"({"cmd": 5, "contact": "3", "limit": 0, "big": 18446744073709551615,
                             "neg": -4, "float": 2.0, "alias": "abcdef", "qr": 1, "id": null})");
    REQUIRE(request);
    CHECK(request->id().is_null());
    CHECK(request->command().error().message == "\"cmd\" must be a string");
    CHECK(request->integer("contact", 1, 10).error().message == "\"contact\" must be an integer");
    CHECK(request->integer("limit", 1, 10).error().code == ErrorCode::InvalidArgument);
    CHECK(request->integer("big", 1, 10).error().message == "\"big\" must be between 1 and 10");
    CHECK(request->integer("neg", 1, 10).error().code == ErrorCode::InvalidArgument);
    CHECK(request->integer("neg", -10, 10).value() == -4);
    CHECK(request->integer("float", 1, 10).error().message == "\"float\" must be an integer");
    CHECK(request->integer("missing", 1, 10).error().message == "\"missing\" is missing");
    CHECK(request->text("alias", 5).error().code == ErrorCode::TooLarge);
    CHECK(request->text("alias", 6).value() == "abcdef");
    CHECK(request->flag("qr", false).error().message == "\"qr\" must be true or false");
}

TEST_CASE("lines that are not a JSON object are malformed, and never quoted", "[app][headless]") {
    for (const char* text : {"", "not json", "[1,2]", "\"cmd\"", "17", "{\"cmd\":", "{} {}",
                             "{\"password\": \"hunter2\x01\"}", "{\"a\": \"\xff\"}"}) {
        auto request = parse(text);
        REQUIRE_FALSE(request);
        CHECK(request.error().code == ErrorCode::Malformed);
        CHECK(request.error().message.find("hunter2") == std::string::npos);
    }
}

TEST_CASE("ids are echoed only when they are small scalars", "[app][headless]") {
    CHECK(parse(R"({"id": "abc"})").value().id() == "abc");
    CHECK(parse(R"({"id": -3})").value().id() == -3);
    CHECK(parse(R"({"id": 18446744073709551615})").value().id() == 18446744073709551615ULL);
    CHECK(parse(R"({"id": 1.5})").value().id() == 1.5);
    CHECK(parse(R"({})").value().id().is_null());
    CHECK(parse(R"({"id": [1]})").error().code == ErrorCode::InvalidArgument);
    CHECK(parse(R"({"id": true})").error().code == ErrorCode::InvalidArgument);
    CHECK(parse("{\"id\": \"" + std::string(Request::kMaxIdLength, 'i') + "\"}"));
    CHECK_FALSE(parse("{\"id\": \"" + std::string(Request::kMaxIdLength + 1, 'i') + "\"}"));
}

TEST_CASE("nesting is bounded before the parser sees the line", "[app][headless]") {
    CHECK(jsonNestingDepth(R"({"a": [1, {"b": 2}]})", 8) == 3);
    CHECK(jsonNestingDepth(R"({"a": "[[[[[[[[[[[[[[[["})", 8) == 1);
    CHECK(jsonNestingDepth(R"({"a": "\"[[[[[[[[[[[[[["})", 8) == 1);
    CHECK(jsonNestingDepth(std::string(100000, '['), 8) == 9);
    const std::string deep = std::string(9, '[') + std::string(9, ']');
    CHECK(parse("{\"a\": " + deep + "}").error().code == ErrorCode::Malformed);
    const std::string allowed = std::string(7, '[') + std::string(7, ']');
    CHECK(parse("{\"a\": " + allowed + "}"));
}

TEST_CASE("a password is taken into secure memory and wiped from the request", "[app][headless]") {
    auto request = parse(R"({"cmd": "unlock", "password": "correct horse", "n": 1})");
    REQUIRE(request);
    auto password = request->password("password");
    REQUIRE(password);
    CHECK(std::string(password->span().begin(), password->span().end()) == "correct horse");
    // The field is gone: a second read finds an empty string.
    CHECK(request->password("password").error().message == "\"password\" must not be empty");
    CHECK(request->text("password", 100).value().empty());
    CHECK(request->password("n").error().message == "\"n\" must be a string");
    CHECK(request->password("absent").error().message == "\"absent\" is missing");

    auto tooLong =
        parse(R"({"password": ")" + std::string(Request::kMaxPasswordLength + 1, 'p') + R"("})");
    REQUIRE(tooLong);
    CHECK(tooLong->password("password").error().code == ErrorCode::TooLarge);
    CHECK(tooLong->text("password", 10000).value().empty());
}
