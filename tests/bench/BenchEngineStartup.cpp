// bench_engine_startup: how long a profile with many contacts takes to come
// up on the private Tor network, and how much memory it then holds. The real
// core::Engine over TorTransport and an embedded Tor, on a real SQLCipher
// profile whose contacts are written straight into the store (each with its
// own keys and a made-up peer, who is never online: the engine also tries
// to reach every one of them, as at a real start).
//
//   bench_engine_startup [--contacts N] [--network DIR] [--deadline S]
//                        [--script PATH] [--keep]
//
// Prints Tor's bootstrap, the engine's start (loading the contacts), the
// time from bootstrap until the first 1, 10, 50, 100, 150, N services had a
// descriptor uploaded (ServicePublisher's window, doc/design.md "Many onion
// services"), the publishes and re-publishes the engine asked for, the
// process's resident memory and CPU time. Exit status 0 when every service
// was uploaded before the deadline.
//
// Without --network (or CHIVE_TOR_NETWORK_DIR) it starts its own network
// with tests/tor-network/tor-network.sh and stops it at the end.

#include "core/engine/Engine.h"
#include "core/engine/NetworkEventRelay.h"
#include "core/protocol/ContactKeys.h"
#include "storage/Profile.h"
#include "storage/StorageWorkerExecutor.h"
#include "transport/EmbeddedTor.h"
#include "transport/TorTransport.h"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "tests/bench/BenchSupport.h"
#include "tests/bench/TorNetwork.h"

namespace {

using namespace chive;
using Clock = std::chrono::steady_clock;

struct Options {
    std::size_t contacts = 200;
    std::filesystem::path network;
    std::filesystem::path script;
    std::chrono::seconds deadline{1200};
    bool keep = false;
};

[[noreturn]] void usage() {
    (void)std::fprintf(stderr, "usage: bench_engine_startup [--contacts N] [--network DIR] "
                               "[--deadline S] [--script PATH] [--keep]\n");
    std::exit(2); // NOLINT(concurrency-mt-unsafe): no other threads yet
}

std::size_t number(const char* text, std::size_t max) {
    char* end = nullptr;
    const unsigned long long value = std::strtoull(text, &end, 10);
    if (end == text || *end != '\0' || value == 0 || value > max) {
        usage();
    }
    return static_cast<std::size_t>(value);
}

double secondsSince(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

double cpuSeconds() {
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

std::string loadAverage() {
    std::ifstream in("/proc/loadavg");
    std::string a;
    std::string b;
    std::string c;
    in >> a >> b >> c;
    return a + " " + b + " " + c;
}

// Between TorTransport and the engine: notes when each service's first
// descriptor upload was reported, then passes every event on.
class UploadClock final : public core::TransportListener {
public:
    explicit UploadClock(core::TransportListener& next)
        : m_next(next) {}

    void onServiceReachable(const core::Ed25519PublicKey& service) override {
        {
            const std::lock_guard lock(m_mutex);
            if (m_uploaded.emplace(service, Clock::now()).second) {
                m_changed.notify_all();
            }
        }
        m_next.onServiceReachable(service);
    }
    void onServiceUploadFailed(const core::Ed25519PublicKey& service,
                               const std::string& reason) override {
        m_failures.fetch_add(1);
        m_next.onServiceUploadFailed(service, reason);
    }
    void onInboundStream(const core::Ed25519PublicKey& service,
                         std::unique_ptr<core::ByteStream> stream) override {
        m_next.onInboundStream(service, std::move(stream));
    }

    // Waits until `count` of `services` were uploaded or `until` passes.
    std::size_t waitFor(const std::vector<core::Ed25519PublicKey>& services, std::size_t count,
                        Clock::time_point until) {
        std::unique_lock lock(m_mutex);
        std::size_t done = 0;
        m_changed.wait_until(lock, until, [&] {
            done = static_cast<std::size_t>(
                std::count_if(services.begin(), services.end(),
                              [&](const auto& service) { return m_uploaded.contains(service); }));
            return done >= count;
        });
        return done;
    }
    // Upload times of `services`, sorted; missing ones left out.
    std::vector<Clock::time_point> times(const std::vector<core::Ed25519PublicKey>& services) {
        const std::lock_guard lock(m_mutex);
        std::vector<Clock::time_point> out;
        for (const auto& service : services) {
            if (const auto found = m_uploaded.find(service); found != m_uploaded.end()) {
                out.push_back(found->second);
            }
        }
        std::sort(out.begin(), out.end());
        return out;
    }
    [[nodiscard]] std::size_t failures() const { return m_failures.load(); }

private:
    core::TransportListener& m_next;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::map<core::Ed25519PublicKey, Clock::time_point> m_uploaded;
    std::atomic<std::size_t> m_failures{0};
};

// Between the engine and TorTransport: counts what the publisher asks for.
class CountingTransport final : public core::Transport {
public:
    explicit CountingTransport(core::Transport& next)
        : m_next(next) {}

    core::Result<core::Ed25519PublicKey>
    publish(std::span<const std::uint8_t> seed,
            std::span<const core::X25519PublicKey> clients) override {
        publishes.fetch_add(1);
        return m_next.publish(seed, clients);
    }
    core::Status unpublish(const core::Ed25519PublicKey& service) override {
        unpublishes.fetch_add(1);
        return m_next.unpublish(service);
    }
    core::Status addClientAuth(const core::Ed25519PublicKey& service,
                               std::span<const std::uint8_t> key) override {
        return m_next.addClientAuth(service, key);
    }
    core::Status removeClientAuth(const core::Ed25519PublicKey& service) override {
        return m_next.removeClientAuth(service);
    }
    core::Result<std::unique_ptr<core::ByteStream>>
    connect(const core::Ed25519PublicKey& service, std::chrono::milliseconds timeout) override {
        connects.fetch_add(1);
        return m_next.connect(service, timeout);
    }

    std::atomic<std::size_t> publishes{0};
    std::atomic<std::size_t> unpublishes{0};
    std::atomic<std::size_t> connects{0};

private:
    core::Transport& m_next;
};

// The engine's events: only bootstrap and errors matter here.
class QuietListener final : public core::MessengerListener {
public:
    void onBootstrapStatus(const core::BootstrapStatus& status) override {
        const std::lock_guard lock(m_mutex);
        if (status.done() && !m_bootstrapped) {
            m_bootstrapped = Clock::now();
            m_changed.notify_all();
        }
    }
    void onContactChanged(const core::ContactView& /*contact*/) override {}
    void onContactRemoved(core::ContactId /*contact*/) override {}
    void onInvitationChanged(const core::InvitationView& /*invitation*/) override {}
    void onInvitationRemoved(core::InvitationId /*invitation*/) override {}
    void onMessageReceived(const core::StoredMessage& /*message*/) override {}
    void onMessageStateChanged(core::ContactId /*contact*/, core::MessageRowId /*message*/,
                               core::DeliveryState /*state*/) override {}
    void onError(const core::Error& error) override {
        const std::lock_guard lock(m_mutex);
        if (++m_errors <= 5) {
            std::fprintf(stderr, "engine error: %s\n", error.message.c_str());
        }
    }

    std::optional<Clock::time_point> waitBootstrapped(std::chrono::seconds limit) {
        std::unique_lock lock(m_mutex);
        m_changed.wait_for(lock, limit, [&] { return m_bootstrapped.has_value(); });
        return m_bootstrapped;
    }
    std::size_t errors() {
        const std::lock_guard lock(m_mutex);
        return m_errors;
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::optional<Clock::time_point> m_bootstrapped;
    std::size_t m_errors = 0;
};

core::SecureBuffer benchPassword() {
    const std::string text = "bench_engine_startup";
    return core::SecureBuffer::copyOf(std::span<const std::uint8_t>(
        reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

// Writes `count` contacts into the store; returns our service keys.
core::Result<std::vector<core::Ed25519PublicKey>> addContacts(core::StoreExecutor& store,
                                                              std::size_t count) {
    std::vector<core::Ed25519PublicKey> services;
    auto added = store.run([&](core::ProfileStore& profile) {
        return profile.transaction([&]() -> core::Status {
            for (std::size_t i = 0; i < count; ++i) {
                const auto own = core::ContactKeys::generate();
                const auto peer = core::ContactKeys::generate();
                const auto secret = own.serialize();
                auto id = profile.contacts().add(
                    core::NewContact{"contact " + std::to_string(i + 1),
                                     core::ContactState::Connected, peer.bundle().encode()},
                    secret.span(), core::nowTimestamp());
                if (!id) {
                    return core::fail(id.error());
                }
                services.push_back(own.servicePublicKey());
            }
            return {};
        });
    });
    if (!added) {
        return core::fail(added.error());
    }
    return services;
}

int run(const Options& options) {
    std::string pattern = "/tmp/chive-es-XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr) {
        std::fprintf(stderr, "bench_engine_startup: mkdtemp failed\n");
        return 1;
    }
    const std::filesystem::path work = pattern;
    std::printf("Chive engine start-up: %zu contacts, embedded Tor %s\n", options.contacts,
                transport::EmbeddedTor::linkedVersion().c_str());
    std::printf("work directory %s; load average %s (%ld cores)\n", work.c_str(),
                loadAverage().c_str(), ::sysconf(_SC_NPROCESSORS_ONLN));
    (void)std::fflush(stdout);
    int status = 1;
    {
        auto network = bench::TorNetwork::open(options.script, options.network, work);
        if (!network) {
            std::fprintf(stderr, "bench_engine_startup: %s\n", network.error().message.c_str());
            return 1;
        }
        network->installEmergencyStop();
        if (network->owned()) {
            std::printf("private network started in %.1f s\n",
                        static_cast<double>(network->startTime().count()) / 1000.0);
        }
        auto torrc = network->clientTorrc();
        if (!torrc) {
            std::fprintf(stderr, "bench_engine_startup: %s\n", torrc.error().message.c_str());
            return 1;
        }

        storage::ProfileOptions profileOptions;
        profileOptions.kdf = storage::KdfParams::fastForTests();
        auto profile = storage::Profile::create(work / "profile", benchPassword(), profileOptions);
        if (!profile) {
            std::fprintf(stderr, "bench_engine_startup: %s\n", profile.error().message.c_str());
            return 1;
        }
        storage::StorageWorkerExecutor store((*profile)->storage());
        auto made = Clock::now();
        auto services = addContacts(store, options.contacts);
        if (!services) {
            std::fprintf(stderr, "bench_engine_startup: %s\n", services.error().message.c_str());
            return 1;
        }
        std::printf("profile: %zu contacts written in %.1f s; resident memory %ld kB\n",
                    services->size(), secondsSince(made), bench::residentKilobytes());
        (void)std::fflush(stdout);

        // As the app wires it: Tor and the transport first, the engine
        // attached to their events through the relay.
        core::NetworkEventRelay relay;
        UploadClock uploads(relay);
        transport::TorOptions torOptions;
        torOptions.dataDirectory = work / "profile" / "tor";
        torOptions.extraTorrcLines = *torrc;
        torOptions.logLevel = "err";
        const auto start = Clock::now();
        const double cpuBefore = cpuSeconds();
        auto tor = transport::EmbeddedTor::start(torOptions, relay);
        if (!tor) {
            std::fprintf(stderr, "bench_engine_startup: %s\n", tor.error().message.c_str());
            return 1;
        }
        auto torTransport = transport::TorTransport::create(**tor, uploads);
        if (!torTransport) {
            std::fprintf(stderr, "bench_engine_startup: %s\n",
                         torTransport.error().message.c_str());
            return 1;
        }
        CountingTransport counting(**torTransport);
        QuietListener listener;
        const auto engineStart = Clock::now();
        auto engine = core::Engine::create(store, counting, listener);
        if (!engine) {
            std::fprintf(stderr, "bench_engine_startup: %s\n", engine.error().message.c_str());
            return 1;
        }
        const double engineSeconds = secondsSince(engineStart);
        relay.attach(**engine, **engine);
        const auto bootstrapped = listener.waitBootstrapped(std::chrono::seconds(180));
        if (!bootstrapped) {
            std::fprintf(stderr, "bench_engine_startup: Tor did not bootstrap in 180 s\n");
            return 1;
        }
        const double bootSeconds = std::chrono::duration<double>(*bootstrapped - start).count();
        std::printf("Tor bootstrapped %.1f s after start; the engine loaded %zu contacts in "
                    "%.2f s; resident memory %ld kB\n",
                    bootSeconds, options.contacts, engineSeconds, bench::residentKilobytes());
        (void)std::fflush(stdout);

        const auto until = *bootstrapped + options.deadline;
        std::vector<std::size_t> marks{1, 10, 50, 100, 150, options.contacts};
        std::erase_if(marks, [&](std::size_t m) { return m > options.contacts; });
        std::sort(marks.begin(), marks.end());
        marks.erase(std::unique(marks.begin(), marks.end()), marks.end());
        std::size_t uploaded = 0;
        for (const auto mark : marks) {
            uploaded = uploads.waitFor(*services, mark, until);
            if (uploaded < mark) {
                break;
            }
            std::printf("  %4zu uploaded %6.1f s after bootstrap (%.1f s after start); "
                        "resident %ld kB; publishes %zu, withdrawals %zu\n",
                        mark, std::chrono::duration<double>(Clock::now() - *bootstrapped).count(),
                        secondsSince(start), bench::residentKilobytes(), counting.publishes.load(),
                        counting.unpublishes.load());
            (void)std::fflush(stdout);
        }
        const auto times = uploads.times(*services);
        std::vector<double> since;
        for (const auto at : times) {
            since.push_back(std::chrono::duration<double>(at - *bootstrapped).count());
        }
        const double allUp = times.size() == services->size() ? since.back() : -1.0;
        const long residentAllUp = bench::residentKilobytes();
        // Idle a little: what a profile that is up holds.
        std::this_thread::sleep_for(std::chrono::seconds(10));
        std::printf("\ncontacts %zu: uploaded %zu of %zu; all uploaded %.1f s after bootstrap "
                    "(%.1f s after Tor's start); first/median/p90 %.1f/%.1f/%.1f s\n",
                    options.contacts, times.size(), services->size(), allUp,
                    allUp < 0 ? -1.0 : allUp + bootSeconds, bench::quantile(since, 0.0),
                    bench::quantile(since, 0.5), bench::quantile(since, 0.9));
        std::printf("publishes %zu (re-publishes %zu), upload failures reported %zu, "
                    "connects tried %zu, engine errors %zu\n",
                    counting.publishes.load(), counting.unpublishes.load(), uploads.failures(),
                    counting.connects.load(), listener.errors());
        std::printf("resident memory: %ld kB when all were uploaded, %ld kB 10 s later; "
                    "process CPU %.1f s since Tor's start\n",
                    residentAllUp, bench::residentKilobytes(), cpuSeconds() - cpuBefore);
        status = times.size() == services->size() ? 0 : 1;
        (void)std::fflush(stdout); // shutdown may wait for connects in flight

        (*engine)->shutdown();
        relay.detach();
        engine->reset();
        torTransport->reset();
        (*tor)->stop();
    }
    if (!options.keep) {
        std::error_code ignored;
        std::filesystem::remove_all(work, ignored);
    } else {
        std::printf("kept %s\n", work.c_str());
    }
    std::printf("load average at the end: %s\nexit %d\n", loadAverage().c_str(), status);
    return status;
}

} // namespace

int main(int argc, char** argv) {
    Options options;
    options.script = std::filesystem::path(CHIVE_SOURCE_DIR) / "tests/tor-network/tor-network.sh";
    // NOLINTNEXTLINE(concurrency-mt-unsafe): no other threads yet
    if (const char* network = std::getenv("CHIVE_TOR_NETWORK_DIR"); network != nullptr) {
        options.network = network;
    }
    for (int i = 1; i < argc; ++i) {
        const std::string flag = argv[i];
        if (flag == "--keep") {
            options.keep = true;
            continue;
        }
        if (i + 1 >= argc) {
            usage();
        }
        const char* value = argv[++i];
        if (flag == "--contacts") {
            options.contacts = number(value, 1000);
        } else if (flag == "--network") {
            options.network = value;
        } else if (flag == "--deadline") {
            options.deadline = std::chrono::seconds(number(value, 86'400));
        } else if (flag == "--script") {
            options.script = value;
        } else {
            usage();
        }
    }
    return run(options);
}
