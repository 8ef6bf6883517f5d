#include "core/link/HandOffRequest.h"

#include <catch2/catch_test_macros.hpp>

#include <string>
#include <string_view>

using chive::core::ErrorCode;
using chive::core::HandOffRequest;
using namespace std::string_view_literals;

TEST_CASE("hand-off requests have a fixed text form", "[core][handoff]") {
    CHECK(HandOffRequest::raise().encode() == "chive-handoff 1 raise\n");
    auto link = HandOffRequest::withLink("chive:1:AbC-_0");
    REQUIRE(link);
    CHECK(link->encode() == "chive-handoff 1 link chive:1:AbC-_0\n");

    auto raise = HandOffRequest::parse("chive-handoff 1 raise");
    REQUIRE(raise);
    CHECK_FALSE(raise->link());
    auto parsed = HandOffRequest::parse("chive-handoff 1 link chive:x y");
    REQUIRE(parsed);
    REQUIRE(parsed->link());
    CHECK(*parsed->link() == "chive:x y");
    CHECK(parsed->encode() == "chive-handoff 1 link chive:x y\n");
}

TEST_CASE("hand-off parsing refuses everything but a request", "[core][handoff]") {
    auto newer = HandOffRequest::parse("chive-handoff 2 raise");
    REQUIRE_FALSE(newer);
    CHECK(newer.error().code == ErrorCode::UnsupportedVersion);

    for (const std::string_view bad :
         {"chive-handoff 1 open chive:x"sv, "chive-handoff 1 link "sv, "chive-handoff 1 link"sv,
          "chive-handoff 1 raise "sv, "chive-handoff x raise"sv, "chive-handof 1 raise"sv,
          "chive-handoff 1234567890 raise"sv, "chive-handoff  1 raise"sv,
          "chive-handoff 1 link chive:\x01"sv, "chive-handoff 1 link chive:\xc3\xa9"sv,
          "chive-handoff 1 link chive:a\0b"sv, "chive-handoff\0 1 raise"sv, ""sv}) {
        CAPTURE(bad);
        auto result = HandOffRequest::parse(bad);
        REQUIRE_FALSE(result);
        CHECK(result.error().code == ErrorCode::Malformed);
        CHECK_FALSE(result.error().message.empty());
    }
}

TEST_CASE("hand-off lines and links are bounded", "[core][handoff]") {
    const std::string prefix = "chive-handoff 1 link ";
    // The longest link fits in a line under the limit; one byte more does
    // not, and a line at the limit is refused before it is looked at.
    const std::string longest(HandOffRequest::kMaxLinkBytes, 'a');
    auto fits = HandOffRequest::parse(prefix + longest);
    REQUIRE(fits);
    CHECK(fits->link()->size() == HandOffRequest::kMaxLinkBytes);
    CHECK(HandOffRequest::parse(prefix + longest + "a").error().code == ErrorCode::Malformed);
    CHECK(HandOffRequest::parse(std::string(HandOffRequest::kMaxLineBytes, 'a')).error().code ==
          ErrorCode::TooLarge);
    CHECK(HandOffRequest::parse(std::string(HandOffRequest::kMaxLineBytes - 1, 'a')).error().code ==
          ErrorCode::Malformed);

    CHECK(HandOffRequest::withLink(longest));
    CHECK(HandOffRequest::withLink(longest + "a").error().code == ErrorCode::TooLarge);
    CHECK(HandOffRequest::withLink("").error().code == ErrorCode::Malformed);
    CHECK(HandOffRequest::withLink("chive:\xc3\xa9").error().code == ErrorCode::Malformed);
    CHECK(HandOffRequest::withLink("chive:a\nb").error().code == ErrorCode::Malformed);
}
