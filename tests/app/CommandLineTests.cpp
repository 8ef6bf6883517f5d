#include "app/CommandLine.h"
#include "app/TorConfigFile.h"

#include <catch2/catch_test_macros.hpp>

#include <fstream>

using chive::app::parseCommandLine;
using chive::core::ErrorCode;

TEST_CASE("command-line options are parsed", "[app][cli]") {
    auto line = parseCommandLine({"chive", "--profile", "/tmp/p", "--tor-config", "/tmp/t",
                                  "--offline", "-platform", "offscreen"});
    REQUIRE(line);
    CHECK(line->profileDirectory == "/tmp/p");
    CHECK(line->torConfigFile == "/tmp/t");
    CHECK(line->offline);
    CHECK(line->qtArguments == std::vector<std::string>{"-platform", "offscreen"});
    CHECK_FALSE(line->showVersion);
}

TEST_CASE("bad command lines get a precise error", "[app][cli]") {
    auto missing = parseCommandLine({"chive", "--profile"});
    REQUIRE_FALSE(missing);
    CHECK(missing.error().message == "--profile needs a value");
    auto unknown = parseCommandLine({"chive", "--frobnicate"});
    REQUIRE_FALSE(unknown);
    CHECK(unknown.error().code == ErrorCode::InvalidArgument);
    CHECK(unknown.error().message == "unknown option: --frobnicate");
}

TEST_CASE("the Tor configuration file is read as lines and bounded", "[app][cli]") {
    const auto path = std::filesystem::temp_directory_path() / "chive-torrc-test";
    {
        std::ofstream out(path);
        out << "TestingTorNetwork 1\nDirAuthority a\n";
    }
    auto lines = chive::app::readTorConfigFile(path);
    REQUIRE(lines);
    CHECK(*lines == std::vector<std::string>{"TestingTorNetwork 1", "DirAuthority a"});
    {
        std::ofstream out(path);
        out << std::string(chive::app::kMaxTorConfigSize + 1, '#');
    }
    auto large = chive::app::readTorConfigFile(path);
    REQUIRE_FALSE(large);
    CHECK(large.error().code == ErrorCode::TooLarge);
    std::filesystem::remove(path);
    auto gone = chive::app::readTorConfigFile(path);
    REQUIRE_FALSE(gone);
    CHECK(gone.error().code == ErrorCode::NotFound);
}
