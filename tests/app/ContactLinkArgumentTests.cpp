#include "app/CommandLine.h"

#include <catch2/catch_test_macros.hpp>

#include <string>

using chive::app::kMaxContactLinkArgument;
using chive::app::parseCommandLine;
using chive::core::ErrorCode;

// The desktop file starts `chive %u`: a clicked chive: link arrives as the one
// positional argument and must reach the GUI unchanged.

TEST_CASE("a chive: link on the command line is kept verbatim", "[app][cli][link]") {
    const std::string link = "chive:1:AbCdEf-0123456789_xyz";
    auto line = parseCommandLine({"chive", link});
    REQUIRE(line);
    REQUIRE(line->contactLink.has_value());
    CHECK(*line->contactLink == link);
    CHECK(line->profileDirectory.empty());
    CHECK(line->qtArguments.empty());
}

TEST_CASE("the link's scheme is matched in any letter case", "[app][cli][link]") {
    for (const std::string link : {"CHIVE:abc", "Chive:abc", "cHiVe:abc", "chive:"}) {
        auto line = parseCommandLine({"chive", link});
        REQUIRE(line);
        REQUIRE(line->contactLink);
        CHECK(*line->contactLink == link);
    }
}

TEST_CASE("a link mixes with options in any order", "[app][cli][link]") {
    auto line = parseCommandLine(
        {"chive", "--profile", "/tmp/p", "chive:xyz", "--offline", "-platform", "offscreen"});
    REQUIRE(line);
    CHECK(line->profileDirectory == "/tmp/p");
    CHECK(line->offline);
    REQUIRE(line->contactLink);
    CHECK(*line->contactLink == "chive:xyz");
    CHECK(line->qtArguments == std::vector<std::string>{"-platform", "offscreen"});
}

TEST_CASE("no link given leaves contactLink empty", "[app][cli][link]") {
    auto line = parseCommandLine({"chive", "--offline"});
    REQUIRE(line);
    CHECK_FALSE(line->contactLink.has_value());
}

TEST_CASE("positional arguments other than a chive: link are refused", "[app][cli][link]") {
    for (const std::string arg : {"https://example.org", "file.txt", "chive", "chiv:abc",
                                  " chive:x", "xchive:abc", "mailto:chive:abc"}) {
        auto line = parseCommandLine({"chive", arg});
        REQUIRE_FALSE(line);
        CHECK(line.error().code == ErrorCode::InvalidArgument);
        CHECK(line.error().message ==
              "unexpected argument: " + arg + " (only a chive: link may be given)");
    }
    auto empty = parseCommandLine({"chive", ""});
    REQUIRE_FALSE(empty);
    CHECK(empty.error().code == ErrorCode::InvalidArgument);
}

TEST_CASE("a second link is refused without echoing either", "[app][cli][link]") {
    auto line = parseCommandLine({"chive", "chive:first-secret", "chive:second-secret"});
    REQUIRE_FALSE(line);
    CHECK(line.error().code == ErrorCode::InvalidArgument);
    CHECK(line.error().message == "only one chive: link may be given");
    CHECK(line.error().message.find("secret") == std::string::npos);
}

TEST_CASE("an oversized link is refused before it reaches the GUI", "[app][cli][link]") {
    std::string atLimit = "chive:" + std::string(kMaxContactLinkArgument - 6, 'a');
    REQUIRE(atLimit.size() == kMaxContactLinkArgument);
    auto ok = parseCommandLine({"chive", atLimit});
    REQUIRE(ok);
    CHECK(ok->contactLink->size() == kMaxContactLinkArgument);

    auto tooLong = parseCommandLine({"chive", atLimit + "a"});
    REQUIRE_FALSE(tooLong);
    CHECK(tooLong.error().code == ErrorCode::TooLarge);
    CHECK(tooLong.error().message == "the chive: link is too long");
}

TEST_CASE("an option-like argument is still an unknown option", "[app][cli][link]") {
    auto line = parseCommandLine({"chive", "-chive:abc"});
    REQUIRE_FALSE(line);
    CHECK(line.error().message == "unknown option: -chive:abc");
}

TEST_CASE("the help text mentions the link argument", "[app][cli][link]") {
    const std::string usage = chive::app::usageText();
    CHECK(usage.find("[chive:LINK]") != std::string::npos);
}
