// Frames (doc/protocol.md, "Frames"): golden bytes, arbitrary chunking, and
// the hard limits, checked before the body is read.

#include "core/session/FrameReader.h"
#include "core/session/FrameWriter.h"

#include <catch2/catch_test_macros.hpp>

#include <random>
#include <vector>

#include "tests/core/SessionTestSupport.h"

using chive::core::ErrorCode;
using chive::core::FrameReader;
using chive::core::FrameWriter;
using chive::testing::fromHexString;
using chive::testing::toHexString;
using Bytes = std::vector<std::uint8_t>;

TEST_CASE("Frames have a 2-byte big-endian length", "[core][session][frame]") {
    Bytes out;
    REQUIRE(FrameWriter::append(Bytes{0xAA, 0xBB, 0xCC}, out));
    CHECK(toHexString(out) == "0003aabbcc");
    REQUIRE(FrameWriter::append(Bytes(0x0102, 0x55), out));
    CHECK(toHexString(std::span(out).subspan(5, 3)) == "010255");
    CHECK(out.size() == 5 + 2 + 0x0102);

    Bytes max(65535, 0x01);
    Bytes framed;
    REQUIRE(FrameWriter::append(max, framed));
    CHECK(toHexString(std::span(framed).first(3)) == "ffff01");

    Bytes unchanged{0x07};
    CHECK(FrameWriter::append(Bytes(65536), unchanged).error().code == ErrorCode::TooLarge);
    CHECK(FrameWriter::append(Bytes{}, unchanged).error().code == ErrorCode::InvalidArgument);
    CHECK(unchanged == Bytes{0x07});
}

TEST_CASE("The frame reader takes bytes in any chunking", "[core][session][frame]") {
    // Three frames, the last one of the maximum size.
    Bytes stream = fromHexString("0001ff"
                                 "0004deadbeef");
    const Bytes big(65535, 0x5A);
    REQUIRE(FrameWriter::append(big, stream));

    std::mt19937 random(12345);
    for (int round = 0; round < 50; ++round) {
        FrameReader reader;
        std::vector<Bytes> frames;
        std::size_t offset = 0;
        while (offset < stream.size()) {
            std::size_t chunk = round == 0 ? 1 : 1 + random() % 9000;
            chunk = std::min(chunk, stream.size() - offset);
            std::span<const std::uint8_t> rest(stream.data() + offset, chunk);
            while (!rest.empty()) {
                const auto taken = reader.consume(rest);
                REQUIRE(taken);
                rest = rest.subspan(*taken);
                if (reader.hasFrame()) {
                    frames.push_back(reader.takeFrame());
                } else {
                    REQUIRE(rest.empty());
                }
            }
            offset += chunk;
        }
        REQUIRE(frames.size() == 3);
        CHECK(frames[0] == Bytes{0xff});
        CHECK(frames[1] == fromHexString("deadbeef"));
        CHECK(frames[2] == big);
        CHECK(reader.pendingBytes() == 0);
    }
}

TEST_CASE("A completed frame stops the reader until it is taken", "[core][session][frame]") {
    FrameReader reader;
    const Bytes two = fromHexString("0001aa0001bb");
    const auto taken = reader.consume(two);
    REQUIRE(taken);
    CHECK(*taken == 3);
    REQUIRE(reader.hasFrame());
    CHECK(reader.consume(std::span(two).subspan(3)).value() == 0);
    CHECK(reader.takeFrame() == Bytes{0xaa});
    CHECK(reader.consume(std::span(two).subspan(3)).value() == 3);
    CHECK(reader.takeFrame() == Bytes{0xbb});
    CHECK(reader.takeFrame().empty());
}

TEST_CASE("Oversized and empty frames are refused from the header alone",
          "[core][session][frame]") {
    SECTION("over the reader's limit") {
        FrameReader reader(1024);
        // Only the two header bytes: the error comes before any body byte.
        const auto result = reader.consume(fromHexString("0401"));
        REQUIRE_FALSE(result);
        CHECK(result.error().code == ErrorCode::TooLarge);
        CHECK(result.error().message.find("1025") != std::string::npos);
        // The reader stays failed.
        CHECK(reader.consume(fromHexString("0001aa")).error().code == ErrorCode::TooLarge);
        CHECK(reader.pendingBytes() <= 2);
    }
    SECTION("exactly at the limit is fine") {
        FrameReader reader(1024);
        Bytes frame;
        REQUIRE(FrameWriter::append(Bytes(1024, 1), frame));
        REQUIRE(reader.consume(frame));
        CHECK(reader.takeFrame().size() == 1024);
    }
    SECTION("zero length") {
        FrameReader reader;
        const auto result = reader.consume(fromHexString("0000"));
        REQUIRE_FALSE(result);
        CHECK(result.error().code == ErrorCode::Malformed);
    }
    SECTION("the limit can change between frames, and is capped at 65535") {
        FrameReader reader(16);
        reader.setMaxFrameLength(1u << 20);
        CHECK(reader.maxFrameLength() == FrameReader::kMaxFrameLength);
        reader.setMaxFrameLength(2);
        CHECK(reader.consume(fromHexString("0003")).error().code == ErrorCode::TooLarge);
    }
}
