// libFuzzer target: the frame reader takes bytes from the peer in whatever
// chunks the network delivers. Beyond not crashing, checks its contract: the
// frames it returns are the same whatever the chunking (compared with one
// pass over the whole input), never empty, never over the limit, and it
// never takes more bytes than it was given.
//
// Input: byte 0 picks the limit (x 257, at least 1), byte 1 seeds the chunk
// sizes; the rest is the stream.

#include "core/session/FrameReader.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

using chive::core::FrameReader;

namespace {

struct Outcome {
    std::vector<std::vector<std::uint8_t>> frames;
    bool failed = false;
};

Outcome readAll(std::span<const std::uint8_t> stream, std::size_t limit, std::uint8_t seed) {
    FrameReader reader(limit);
    Outcome outcome;
    std::size_t offset = 0;
    unsigned state = seed;
    while (offset < stream.size()) {
        state = state * 1103515245U + 12345U;
        const std::size_t chunk =
            seed == 0 ? stream.size() - offset
                      : std::min<std::size_t>(1 + (state >> 16) % 300, stream.size() - offset);
        std::span<const std::uint8_t> rest = stream.subspan(offset, chunk);
        offset += chunk;
        while (!rest.empty()) {
            const auto taken = reader.consume(rest);
            if (!taken) {
                if (taken.error().message.empty()) {
                    std::abort();
                }
                outcome.failed = true;
                return outcome;
            }
            if (*taken > rest.size()) {
                std::abort();
            }
            rest = rest.subspan(*taken);
            if (reader.hasFrame()) {
                auto frame = reader.takeFrame();
                if (frame.empty() || frame.size() > limit) {
                    std::abort();
                }
                outcome.frames.push_back(std::move(frame));
            } else if (!rest.empty()) {
                std::abort(); // took less than offered without finishing a frame
            }
        }
    }
    return outcome;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) {
        return 0;
    }
    const std::size_t limit = std::max<std::size_t>(1, std::size_t{data[0]} * 257U);
    const std::span<const std::uint8_t> stream(data + 2, size - 2);
    const Outcome chunked = readAll(stream, limit, data[1]);
    const Outcome whole = readAll(stream, limit, 0);
    if (chunked.failed != whole.failed || chunked.frames != whole.frames) {
        std::abort();
    }
    return 0;
}
