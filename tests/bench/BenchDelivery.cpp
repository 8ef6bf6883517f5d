// bench_delivery: messages per second end to end between two people in one
// process: LoopbackTransport (a socketpair per connection), one KK session,
// a DeliveryChannel on each end with its reader and writer threads, and an
// encrypted SQLCipher profile database on each side (synchronous=FULL, so
// every commit is durable). A message counts once the sender has stored
// the receiver's ACK (it left the outbox): addOutgoing, the MESSAGE record,
// addIncoming at the receiver, the ACK, markDelivered.
//
// Four measurements, in one run:
//   stream     one way; messages queued one by one while the session is up,
//              the writer woken after each (what typing fast looks like)
//   backlog    one way; N messages queued while offline, then a session
//              opens and sends them all (reconnecting after a while)
//   two-way    both sides stream N messages to each other at once
//   round trip the time from queueing one message to its ACK being
//              stored, one message at a time (median, p90)
//
//   bench_delivery [--messages N] [--text BYTES] [--dir DIR]
//   defaults: 2000 messages of 100 bytes, databases under $TMPDIR or /tmp

#include "core/Result.h"
#include "core/protocol/DeliveryListener.h"
#include "transport/LoopbackNetwork.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include "tests/protocol/DeliveryPeer.h"

namespace {

using chive::core::ContactId;
using chive::core::MessageId;
using chive::core::StoredMessage;
using chive::testing::DeliveryLink;
using chive::testing::DeliveryPeer;
using Clock = std::chrono::steady_clock;

[[noreturn]] void usage() {
    (void)std::fprintf(stderr, "usage: bench_delivery [--messages N] [--text BYTES] [--dir DIR]\n");
    std::exit(2); // NOLINT(concurrency-mt-unsafe): before any thread starts
}

// Counts acknowledged messages and wakes whoever waits for a number.
class DeliveredCounter final : public chive::core::DeliveryListener {
public:
    void onMessageReceived(const StoredMessage& /*message*/) override {}
    void onMessagesSent(ContactId /*contact*/, std::span<const MessageId> /*ids*/) override {}
    void onMessageDelivered(ContactId /*contact*/, MessageId /*id*/) override {
        {
            const std::lock_guard lock(m_mutex);
            ++m_delivered;
        }
        m_changed.notify_all();
    }
    bool waitFor(std::size_t count, std::chrono::seconds timeout) {
        std::unique_lock lock(m_mutex);
        return m_changed.wait_for(lock, timeout, [&] { return m_delivered >= count; });
    }
    std::size_t delivered() {
        const std::lock_guard lock(m_mutex);
        return m_delivered;
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::size_t m_delivered = 0;
};

double seconds(Clock::duration duration) {
    return std::chrono::duration<double>(duration).count();
}

struct Setup {
    Setup(const std::filesystem::path& base, const std::string& name)
        : directory(base / name)
        , alice(network, directory / "alice")
        , bob(network, directory / "bob") {
        DeliveryPeer::befriend(alice, bob);
    }
    ~Setup() {
        std::error_code error;
        std::filesystem::remove_all(directory, error);
    }
    Setup(const Setup&) = delete;
    Setup& operator=(const Setup&) = delete;
    Setup(Setup&&) = delete;
    Setup& operator=(Setup&&) = delete;

    std::filesystem::path directory;
    chive::transport::LoopbackNetwork network;
    DeliveryPeer alice;
    DeliveryPeer bob;
    DeliveredCounter aliceDelivered;
    DeliveredCounter bobDelivered;
};

void fail(const char* what) {
    (void)std::fprintf(stderr, "bench_delivery: %s\n", what);
    std::exit(1); // NOLINT(concurrency-mt-unsafe): the run is over
}

std::unique_ptr<DeliveryLink> connect(Setup& setup) {
    auto link = DeliveryLink::open(setup.alice, setup.bob, {&setup.aliceDelivered, {}},
                                   {&setup.bobDelivered, {}});
    if (!link) {
        fail(link.error().message.c_str());
    }
    return std::move(*link);
}

double stream(const std::filesystem::path& base, std::size_t count, const std::string& text) {
    Setup setup(base, "stream");
    auto link = connect(setup);
    const auto started = Clock::now();
    for (std::size_t i = 0; i < count; ++i) {
        setup.alice.queue(text);
        link->kick(0);
    }
    if (!setup.aliceDelivered.waitFor(count, std::chrono::seconds(600))) {
        fail("stream: not all messages were acknowledged");
    }
    return static_cast<double>(count) / seconds(Clock::now() - started);
}

double backlog(const std::filesystem::path& base, std::size_t count, const std::string& text) {
    Setup setup(base, "backlog");
    for (std::size_t i = 0; i < count; ++i) {
        setup.alice.queue(text);
    }
    const auto started = Clock::now();
    auto link = connect(setup);
    link->kick(0); // the first flush of a session sends the outbox
    if (!setup.aliceDelivered.waitFor(count, std::chrono::seconds(600))) {
        fail("backlog: not all messages were acknowledged");
    }
    return static_cast<double>(count) / seconds(Clock::now() - started);
}

double twoWay(const std::filesystem::path& base, std::size_t count, const std::string& text) {
    Setup setup(base, "two-way");
    auto link = connect(setup);
    const auto started = Clock::now();
    std::thread bobWrites([&] {
        for (std::size_t i = 0; i < count; ++i) {
            setup.bob.queue(text);
            link->kick(1);
        }
    });
    for (std::size_t i = 0; i < count; ++i) {
        setup.alice.queue(text);
        link->kick(0);
    }
    bobWrites.join();
    if (!setup.aliceDelivered.waitFor(count, std::chrono::seconds(600)) ||
        !setup.bobDelivered.waitFor(count, std::chrono::seconds(600))) {
        fail("two-way: not all messages were acknowledged");
    }
    return static_cast<double>(2 * count) / seconds(Clock::now() - started);
}

std::vector<double> roundTrips(const std::filesystem::path& base, std::size_t count,
                               const std::string& text) {
    Setup setup(base, "round-trip");
    auto link = connect(setup);
    std::vector<double> millis;
    for (std::size_t i = 0; i < count; ++i) {
        const auto started = Clock::now();
        setup.alice.queue(text);
        link->kick(0);
        if (!setup.aliceDelivered.waitFor(i + 1, std::chrono::seconds(60))) {
            fail("round trip: a message was not acknowledged");
        }
        millis.push_back(seconds(Clock::now() - started) * 1000.0);
    }
    std::sort(millis.begin(), millis.end());
    return millis;
}

} // namespace

int main(int argc, char** argv) {
    std::size_t count = 2000;
    std::size_t textLength = 100;
    std::filesystem::path base = std::filesystem::temp_directory_path();
    for (int i = 1; i < argc; ++i) {
        const std::string option = argv[i];
        if (i + 1 >= argc) {
            usage();
        }
        const std::string value = argv[++i];
        if (option == "--messages") {
            count = std::stoul(value);
        } else if (option == "--text") {
            textLength = std::stoul(value);
        } else if (option == "--dir") {
            base = value;
        } else {
            usage();
        }
    }
    if (count == 0 || textLength == 0 || textLength > 65500) {
        usage();
    }
    std::string pattern = (base / "chive-bench-delivery-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
        fail("cannot make a directory for the databases");
    }
    const std::filesystem::path directory = pattern;
    const std::string text(textLength, 'x');

    std::printf("bench_delivery: %zu messages of %zu bytes, databases in %s\n", count, textLength,
                directory.c_str());
    std::printf("  (loopback transport, one KK session, SQLCipher synchronous=FULL on both "
                "sides)\n");
    const double streamRate = stream(directory, count, text);
    std::printf("  stream     %10.0f messages/s   one way, queued one by one\n", streamRate);
    const double backlogRate = backlog(directory, count, text);
    std::printf("  backlog    %10.0f messages/s   one way, queued offline, then one session\n",
                backlogRate);
    const double twoWayRate = twoWay(directory, count, text);
    std::printf("  two-way    %10.0f messages/s   both directions at once (sum)\n", twoWayRate);
    const auto trips = roundTrips(directory, std::min<std::size_t>(count, 200), text);
    std::printf("  round trip %10.2f ms median, %.2f ms p90 (queue to ACK stored, %zu messages)\n",
                trips[trips.size() / 2], trips[trips.size() * 9 / 10], trips.size());
    std::error_code error;
    std::filesystem::remove_all(directory, error);
    return 0;
}
