#include "app/OutputChannel.h"

#include <catch2/catch_test_macros.hpp>
#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <csignal>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

using chive::app::OutputChannel;
using chive::app::OutputJson;

namespace {

std::vector<OutputJson> readLines(int fd) {
    std::string all;
    std::array<char, 4096> buffer{};
    for (;;) {
        const auto n = ::read(fd, buffer.data(), buffer.size());
        if (n <= 0) {
            break;
        }
        all.append(buffer.data(), static_cast<std::size_t>(n));
    }
    std::vector<OutputJson> lines;
    std::istringstream in(all);
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty()) {
            continue; // the filler some tests put first
        }
        lines.push_back(OutputJson::parse(line));
    }
    return lines;
}

} // namespace

TEST_CASE("replies and events come out one per line, in order", "[app][headless]") {
    std::array<int, 2> fds{};
    REQUIRE(::pipe(fds.data()) == 0);
    {
        OutputChannel output(fds[1]);
        output.reply({{"id", 1}, {"ok", true}});
        output.event({{"event", "contact"}, {"text", "line\nbreak \xff"}});
        output.reply({{"id", 2}, {"ok", false}});
        output.close();
    }
    ::close(fds[1]);
    const auto lines = readLines(fds[0]);
    ::close(fds[0]);
    REQUIRE(lines.size() == 3);
    CHECK(lines[0]["id"] == 1);
    // A newline in a value stays escaped; invalid UTF-8 becomes U+FFFD.
    CHECK(lines[1]["text"] == "line\nbreak \xEF\xBF\xBD");
    CHECK(lines[2]["id"] == 2);
}

TEST_CASE("events beyond the queue bound are dropped, counted and reported", "[app][headless]") {
    std::array<int, 2> fds{};
    REQUIRE(::pipe(fds.data()) == 0);
    // Fill the pipe so the writer blocks on its first line: nobody reads.
    REQUIRE(::fcntl(fds[1], F_SETFL, O_NONBLOCK) == 0);
    std::size_t prefilled = 0;
    const std::string filler(1024, '\n');
    for (;;) {
        const auto n = ::write(fds[1], filler.data(), filler.size());
        if (n <= 0) {
            break;
        }
        prefilled += static_cast<std::size_t>(n);
    }
    REQUIRE(::fcntl(fds[1], F_SETFL, 0) == 0);

    constexpr int kEvents = 100;
    std::vector<OutputJson> lines;
    {
        OutputChannel output(fds[1], 2048);
        const OutputJson event = {{"event", "message"}, {"pad", std::string(200, 'p')}};
        for (int i = 0; i < kEvents; ++i) {
            output.event(event);
        }
        const auto dropped = output.droppedEvents();
        // The blocked writer holds one line and the queue about 2048 / 220.
        CHECK(dropped >= kEvents - 12);
        std::thread reader([&] { lines = readLines(fds[0]); });
        // A reply waits for room instead of being dropped.
        output.reply({{"id", 1}, {"ok", true}});
        output.event({{"event", "last"}});
        output.close();
        ::close(fds[1]);
        reader.join();

        std::uint64_t reported = 0;
        std::size_t delivered = 0;
        bool replied = false;
        for (const auto& line : lines) {
            if (line.contains("id")) {
                replied = true;
            } else if (line["event"] == "error") {
                CHECK(line["error"]["code"] == "too_large");
                reported += std::stoull(line["error"]["message"].get<std::string>());
            } else if (line["event"] == "message") {
                ++delivered;
            }
        }
        CHECK(replied);
        CHECK(delivered + dropped == kEvents);
        CHECK(reported == dropped);
        REQUIRE_FALSE(lines.empty());
        CHECK(lines.back()["event"] == "last");
    }
    ::close(fds[0]);
    CHECK(prefilled > 0);
}

TEST_CASE("a reader that goes away breaks the channel instead of the process", "[app][headless]") {
    (void)std::signal(SIGPIPE, SIG_IGN);
    std::array<int, 2> fds{};
    REQUIRE(::pipe(fds.data()) == 0);
    ::close(fds[0]);
    OutputChannel output(fds[1]);
    output.reply({{"id", 1}, {"ok", true}});
    for (int i = 0; i < 100 && !output.broken(); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    CHECK(output.broken());
    output.reply({{"id", 2}, {"ok", true}}); // returns at once
    output.close();
    ::close(fds[1]);
}
