#include "transport/BootstrapParser.h"
#include "transport/ControlArguments.h"

#include <catch2/catch_test_macros.hpp>

using chive::core::ErrorCode;
using chive::transport::ControlArguments;
using chive::transport::parseBootstrapStatus;

TEST_CASE("control arguments split words and quoted values", "[transport][control]") {
    auto args = ControlArguments::parse(
        R"(STATUS_CLIENT NOTICE BOOTSTRAP PROGRESS=10 TAG=conn_done SUMMARY="Connected to a \"relay\"\\ok")");
    REQUIRE(args);
    CHECK(args->positional() == std::vector<std::string>{"STATUS_CLIENT", "NOTICE", "BOOTSTRAP"});
    CHECK(args->value("PROGRESS") == "10");
    CHECK(args->value("TAG") == "conn_done");
    CHECK(args->value("SUMMARY") == R"(Connected to a "relay"\ok)");
    CHECK_FALSE(args->value("MISSING").has_value());
}

TEST_CASE("control arguments reject unterminated quotes", "[transport][control]") {
    auto args = ControlArguments::parse(R"(A KEY="never closed)");
    REQUIRE_FALSE(args);
    CHECK(args.error().code == ErrorCode::Malformed);
    CHECK_FALSE(ControlArguments::parse(R"(A stray"quote)"));
}

TEST_CASE("a bootstrap notice becomes progress and phase", "[transport][bootstrap]") {
    auto status = parseBootstrapStatus(
        R"(STATUS_CLIENT NOTICE BOOTSTRAP PROGRESS=14 TAG=handshake SUMMARY="Handshaking with a relay")");
    REQUIRE(status);
    REQUIRE(status->has_value());
    CHECK((*status)->progress == 14);
    CHECK((*status)->tag == "handshake");
    CHECK((*status)->summary == "Handshaking with a relay");
    CHECK_FALSE((*status)->warning.has_value());
    CHECK_FALSE((*status)->done());
}

TEST_CASE("a bootstrap warning says why Tor cannot reach the network", "[transport][bootstrap]") {
    auto status = parseBootstrapStatus(R"(NOTICE BOOTSTRAP PROGRESS=100 TAG=done SUMMARY="Done")");
    REQUIRE(status);
    CHECK((*status)->done());
    status = parseBootstrapStatus(
        R"(STATUS_CLIENT WARN BOOTSTRAP PROGRESS=5 TAG=conn SUMMARY="Connecting to a relay" WARNING="Network is unreachable" REASON=NOROUTE COUNT=3 RECOMMENDATION=ignore HOSTID="AAAA" HOSTADDR="1.2.3.4:443")");
    REQUIRE(status);
    REQUIRE((*status)->warning.has_value());
    CHECK(*(*status)->warning == "Network is unreachable");
    CHECK((*status)->warningCount == 3);
    CHECK((*status)->reason == "NOROUTE");
}

TEST_CASE("other status events are not bootstrap reports", "[transport][bootstrap]") {
    auto status = parseBootstrapStatus("STATUS_CLIENT NOTICE CIRCUIT_ESTABLISHED");
    REQUIRE(status);
    CHECK_FALSE(status->has_value());
}

TEST_CASE("malformed bootstrap reports are errors", "[transport][bootstrap]") {
    CHECK_FALSE(parseBootstrapStatus("STATUS_CLIENT"));
    CHECK_FALSE(parseBootstrapStatus("NOTICE BOOTSTRAP TAG=x"));
    CHECK_FALSE(parseBootstrapStatus("NOTICE BOOTSTRAP PROGRESS=abc"));
    CHECK_FALSE(parseBootstrapStatus("NOTICE BOOTSTRAP PROGRESS=101"));
    CHECK_FALSE(parseBootstrapStatus("NOTICE BOOTSTRAP PROGRESS=-1"));
}
