#include <catch2/catch_test_macros.hpp>
#include <sodium.h>

#include <array>
#include <vector>

#include "ReceivedBytes.h"

using namespace chive;
using namespace chive::engine::test;

namespace {

std::vector<std::uint8_t> randomBytes(std::size_t count) {
    std::vector<std::uint8_t> bytes(count);
    randombytes_buf(bytes.data(), bytes.size());
    return bytes;
}

// A padded record as a session delivers it: type, length, body, zeros.
std::vector<std::uint8_t> record(core::RecordType type, const std::vector<std::uint8_t>& body) {
    std::vector<std::uint8_t> out(3 + 256, 0);
    out[0] = core::recordTypeByte(type);
    out[1] = static_cast<std::uint8_t>(body.size() >> 8U);
    out[2] = static_cast<std::uint8_t>(body.size() & 0xFFU);
    std::copy(body.begin(), body.end(), out.begin() + 3);
    return out;
}

std::vector<ReceivedChunk> stream(const std::vector<std::vector<std::uint8_t>>& records) {
    std::vector<ReceivedChunk> chunks;
    for (const auto& bytes : records) {
        chunks.push_back(classify(core::TapPart::Record, bytes));
    }
    return chunks;
}

std::size_t unexplained(const std::vector<SharedWindow>& windows) {
    return static_cast<std::size_t>(
        std::count_if(windows.begin(), windows.end(),
                      [](const SharedWindow& window) { return !window.explained(); }));
}

} // namespace

TEST_CASE("the linkability checker finds an identifier planted in both streams",
          "[engine][unlinkability]") {
    REQUIRE(sodium_init() >= 0);
    const auto planted = randomBytes(16);
    auto withPlanted = [&](std::vector<std::uint8_t> body, std::size_t at) {
        std::copy(planted.begin(), planted.end(), body.begin() + static_cast<std::ptrdiff_t>(at));
        return body;
    };
    const auto ping = record(core::RecordType::Ping, {});
    const auto first =
        stream({ping, record(core::RecordType::ExchangeConfirm, randomBytes(32)),
                record(core::RecordType::ExchangeConfirm, withPlanted(randomBytes(40), 5))});
    const auto second =
        stream({ping, record(core::RecordType::ExchangeConfirm, randomBytes(32)),
                record(core::RecordType::ExchangeConfirm, withPlanted(randomBytes(60), 30))});

    const auto windows = sharedWindows(first, second, 8);
    // The 9 windows inside the 16 planted bytes, none explained (a random
    // neighbour may coincide and add one); the PING's framing is shared but
    // explained.
    CHECK(unexplained(windows) >= 9);
    CHECK(unexplained(windows) <= 11);
    CHECK(windows.size() > 9);
    CHECK(containsWindowOf(second, planted, 8));

    // Without the plant, nothing is left unexplained.
    const auto clean = stream({ping, record(core::RecordType::ExchangeConfirm, randomBytes(72))});
    CHECK(unexplained(sharedWindows(first, clean, 8)) == 0);
    CHECK_FALSE(containsWindowOf(clean, planted, 8));
}

TEST_CASE("the linkability checker counts message text as content, ids and times as counters",
          "[engine][unlinkability]") {
    REQUIRE(sodium_init() >= 0);
    // Two MESSAGE records with the same id and send time: only their texts
    // differ. The id and time are explained; the same 8 bytes of text are not.
    std::vector<std::uint8_t> header(16, 0);
    header[7] = 1;
    const std::string shared = "a shared identifier";
    auto message = [&](const std::string& text) {
        std::vector<std::uint8_t> body = header;
        body.insert(body.end(), text.begin(), text.end());
        return record(core::RecordType::Message, body);
    };
    const auto apart = sharedWindows(stream({message("pears in autumn")}),
                                     stream({message("quartz by moonlight")}), 8);
    CHECK_FALSE(apart.empty());
    CHECK(unexplained(apart) == 0);
    const auto linked = sharedWindows(stream({message("pears " + shared)}),
                                      stream({message("quartz " + shared)}), 8);
    CHECK(unexplained(linked) >= shared.size() - 8 + 1);
}
