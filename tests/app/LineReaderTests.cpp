#include "app/LineReader.h"

#include <catch2/catch_test_macros.hpp>
#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <string>
#include <thread>

using chive::app::LineReader;
using chive::app::WipedString;
using Outcome = chive::app::LineReader::Outcome;

namespace {

// A pipe whose write end the test fills and closes.
struct Pipe {
    std::array<int, 2> fds{-1, -1};
    Pipe() { REQUIRE(::pipe(fds.data()) == 0); }
    ~Pipe() {
        closeWrite();
        ::close(fds[0]);
    }
    Pipe(const Pipe&) = delete;
    Pipe& operator=(const Pipe&) = delete;
    Pipe(Pipe&&) = delete;
    Pipe& operator=(Pipe&&) = delete;
    void write(const std::string& bytes) const {
        std::size_t done = 0;
        while (done < bytes.size()) {
            const auto n = ::write(fds[1], bytes.data() + done, bytes.size() - done);
            REQUIRE(n > 0);
            done += static_cast<std::size_t>(n);
        }
    }
    void closeWrite() {
        if (fds[1] >= 0) {
            ::close(fds[1]);
            fds[1] = -1;
        }
    }
};

std::string str(const WipedString& text) {
    return {text.begin(), text.end()};
}

} // namespace

TEST_CASE("lines are split on LF, CR LF is accepted, the last line may lack a newline",
          "[app][headless]") {
    Pipe pipe;
    using namespace std::string_literals;
    pipe.write("one\ntwo\r\n\nth\0ree\nlast"s);
    pipe.closeWrite();
    LineReader reader(pipe.fds[0], -1, 100);
    WipedString line;
    CHECK(reader.next(line).value() == Outcome::Line);
    CHECK(str(line) == "one");
    CHECK(reader.next(line).value() == Outcome::Line);
    CHECK(str(line) == "two");
    CHECK(reader.next(line).value() == Outcome::Line);
    CHECK(str(line).empty());
    CHECK(reader.next(line).value() == Outcome::Line);
    CHECK(str(line) == std::string("th\0ree", 6)); // bytes are not interpreted
    CHECK(reader.next(line).value() == Outcome::Line);
    CHECK(str(line) == "last");
    CHECK(reader.next(line).value() == Outcome::EndOfInput);
    CHECK(reader.next(line).value() == Outcome::EndOfInput);
}

TEST_CASE("a line over the limit is reported once and skipped up to its newline",
          "[app][headless]") {
    Pipe pipe;
    LineReader reader(pipe.fds[0], -1, 1000);
    WipedString line;
    // The writer goes on long after the limit; the reader refuses early and
    // holds at most the limit plus one chunk.
    std::thread writer([&] {
        pipe.write("ok\n" + std::string(1000, 'a') + "\n" +
                   std::string(5 * LineReader::kChunkSize, 'b'));
        pipe.write("\nafter\n" + std::string(1001, 'c') + "\nend\n");
        pipe.closeWrite();
    });
    CHECK(reader.next(line).value() == Outcome::Line);
    CHECK(str(line) == "ok");
    CHECK(reader.next(line).value() == Outcome::Line);
    CHECK(line.size() == 1000);
    CHECK(reader.next(line).value() == Outcome::TooLong);
    CHECK(reader.next(line).value() == Outcome::Line);
    CHECK(str(line) == "after");
    CHECK(reader.next(line).value() == Outcome::TooLong);
    CHECK(reader.next(line).value() == Outcome::Line);
    CHECK(str(line) == "end");
    CHECK(reader.next(line).value() == Outcome::EndOfInput);
    writer.join();
}

TEST_CASE("an oversized last line without a newline is still refused", "[app][headless]") {
    Pipe pipe;
    pipe.write(std::string(50, 'x'));
    pipe.closeWrite();
    LineReader reader(pipe.fds[0], -1, 10);
    WipedString line;
    CHECK(reader.next(line).value() == Outcome::TooLong);
    CHECK(reader.next(line).value() == Outcome::EndOfInput);
}

TEST_CASE("the wake descriptor interrupts a reader waiting for input", "[app][headless]") {
    Pipe input;
    Pipe wake;
    LineReader reader(input.fds[0], wake.fds[0], 100);
    WipedString line;
    std::thread waker([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        wake.write("x");
    });
    CHECK(reader.next(line).value() == Outcome::Woken);
    waker.join();
}

TEST_CASE("a failing input descriptor is an Io error", "[app][headless]") {
    const int fd = ::open("/", O_RDONLY | O_DIRECTORY);
    REQUIRE(fd >= 0);
    LineReader reader(fd, -1, 100);
    WipedString line;
    auto outcome = reader.next(line);
    REQUIRE_FALSE(outcome);
    CHECK(outcome.error().code == chive::core::ErrorCode::Io);
    ::close(fd);
}
