#include "tests/bench/TransportPeer.h"

#include "core/SecureBuffer.h"
#include "transport/ClientAuthPublicKey.h"
#include "transport/EmbeddedTor.h"
#include "transport/OnionAddress.h"
#include "transport/TorTransport.h"

#include <sys/resource.h>

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>

#include "tests/bench/BenchSupport.h"
#include "tests/bench/SessionRoundTrip.h"
#include "tests/bench/TorEventStats.h"

namespace chive::bench {

namespace {

using Clock = std::chrono::steady_clock;

void say(const std::string& line) {
    std::cout << line << '\n' << std::flush;
}

class BootListener final : public core::TorEventListener {
public:
    void onBootstrapStatus(const core::BootstrapStatus& status) override {
        std::lock_guard lock(m_mutex);
        m_done = m_done || status.progress >= 100;
        m_changed.notify_all();
    }
    void onTorStopped(const std::string& /*reason*/) override {
        std::lock_guard lock(m_mutex);
        m_stopped = true;
        m_changed.notify_all();
    }
    bool waitDone(std::chrono::seconds limit) {
        std::unique_lock lock(m_mutex);
        m_changed.wait_for(lock, limit, [&] { return m_done || m_stopped; });
        return m_done;
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_changed;
    bool m_done = false;
    bool m_stopped = false;
};

// Records first uploads and echoes inbound streams, each on its own thread.
class PeerListener final : public core::TransportListener {
public:
    ~PeerListener() override { stopEchoes(); }
    PeerListener() = default;
    PeerListener(const PeerListener&) = delete;
    PeerListener& operator=(const PeerListener&) = delete;
    PeerListener(PeerListener&&) = delete;
    PeerListener& operator=(PeerListener&&) = delete;

    void onServiceReachable(const core::Ed25519PublicKey& service) override {
        std::lock_guard lock(m_mutex);
        if (m_reachable.emplace(service, Clock::now()).second) {
            m_changed.notify_all();
        }
    }
    void onServiceUploadFailed(const core::Ed25519PublicKey& /*service*/,
                               const std::string& /*reason*/) override {}
    void onInboundStream(const core::Ed25519PublicKey& /*service*/,
                         std::unique_ptr<core::ByteStream> stream) override {
        std::lock_guard lock(m_mutex);
        if (m_stopping) {
            return; // destroying the stream closes it
        }
        auto shared = std::shared_ptr<core::ByteStream>(std::move(stream));
        m_streams.push_back(shared);
        m_echoes.emplace_back([this, shared] {
            echo(*shared);
            shared->close();
            std::lock_guard echoLock(m_mutex);
            std::erase(m_streams, shared);
        });
    }

    std::optional<Clock::time_point> reachedAt(const core::Ed25519PublicKey& service) {
        std::lock_guard lock(m_mutex);
        const auto found = m_reachable.find(service);
        if (found == m_reachable.end()) {
            return std::nullopt;
        }
        return found->second;
    }
    void forget(const core::Ed25519PublicKey& service) {
        std::lock_guard lock(m_mutex);
        m_reachable.erase(service);
    }
    void waitChange(std::chrono::milliseconds limit) {
        std::unique_lock lock(m_mutex);
        const auto before = m_reachable.size();
        m_changed.wait_for(lock, limit, [&] { return m_reachable.size() != before; });
    }
    void stopEchoes() {
        std::vector<std::thread> echoes;
        {
            std::lock_guard lock(m_mutex);
            m_stopping = true;
            for (const auto& stream : m_streams) {
                stream->close();
            }
            echoes.swap(m_echoes);
        }
        for (auto& echo : echoes) {
            echo.join();
        }
    }

private:
    void echo(core::ByteStream& stream) {
        std::vector<std::uint8_t> buffer(16 * 1024);
        // A stream that starts with the session magic is the session
        // benchmark's (SessionRoundTrip); any other is echoed from its first
        // byte.
        const auto& magic = SessionRoundTrip::kSessionMagic;
        std::size_t head = 0;
        while (head < magic.size()) {
            {
                std::lock_guard lock(m_mutex);
                if (m_stopping) {
                    return;
                }
            }
            auto got = stream.read(std::span(buffer).subspan(head, magic.size() - head),
                                   std::chrono::seconds(1));
            if (!got && got.error().code == core::ErrorCode::Timeout) {
                continue;
            }
            if (!got || *got == 0) {
                return;
            }
            head += *got;
            if (!std::equal(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(head),
                            magic.begin())) {
                break;
            }
        }
        if (head == magic.size() && std::equal(magic.begin(), magic.end(), buffer.begin())) {
            SessionRoundTrip::serve(stream);
            return;
        }
        if (!stream.write(std::span(buffer).first(head), std::chrono::seconds(30))) {
            return;
        }
        while (true) {
            {
                std::lock_guard lock(m_mutex);
                if (m_stopping) {
                    return;
                }
            }
            auto got = stream.read(buffer, std::chrono::seconds(1));
            if (!got && got.error().code == core::ErrorCode::Timeout) {
                continue;
            }
            if (!got || *got == 0) {
                return;
            }
            if (!stream.write(std::span(buffer).first(*got), std::chrono::seconds(30))) {
                return;
            }
        }
    }

    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::map<core::Ed25519PublicKey, Clock::time_point> m_reachable;
    std::vector<std::shared_ptr<core::ByteStream>> m_streams;
    std::vector<std::thread> m_echoes;
    bool m_stopping = false;
};

struct PeerService {
    core::SecureBuffer seed;
    core::X25519PublicKey client{};
    core::Ed25519PublicKey key{};
    bool published = false;
    bool reached = false;
    bool gaveUp = false;
    Clock::time_point publishedAt;
    unsigned attempts = 0;
};

long cpuMilliseconds() {
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    const auto ms = [](const timeval& t) {
        return t.tv_sec * 1000L + t.tv_usec / 1000L;
    };
    return ms(usage.ru_utime) + ms(usage.ru_stime);
}

class Publisher {
public:
    Publisher(const PeerOptions& options, transport::TorTransport& transport,
              PeerListener& listener, std::vector<PeerService>& services)
        : m_options(options)
        , m_transport(transport)
        , m_listener(listener)
        , m_services(services) {}

    // Publishes every service; returns the number reached.
    std::size_t run() {
        const auto start = Clock::now();
        std::deque<std::size_t> queue;
        for (std::size_t i = 0; i < m_services.size(); ++i) {
            queue.push_back(i);
        }
        std::vector<std::size_t> waiting;
        const std::size_t window = m_options.window == 0 ? m_services.size() : m_options.window;
        std::size_t reached = 0;
        auto nextBatch = start;
        while (reached + given() < m_services.size() &&
               Clock::now() - start < m_options.publishDeadline) {
            if (m_options.pause.count() > 0) {
                // Paced: a batch per pause, whatever is still waiting.
                for (std::size_t n = 0; n < window && !queue.empty() && Clock::now() >= nextBatch;
                     ++n) {
                    const std::size_t index = queue.front();
                    queue.pop_front();
                    if (publish(index, start)) {
                        waiting.push_back(index);
                    }
                    if (n + 1 == window || queue.empty()) {
                        nextBatch = Clock::now() + m_options.pause;
                    }
                }
            }
            while (m_options.pause.count() == 0 && waiting.size() < window && !queue.empty()) {
                const std::size_t index = queue.front();
                queue.pop_front();
                if (publish(index, start)) {
                    waiting.push_back(index);
                }
            }
            m_listener.waitChange(std::chrono::milliseconds(200));
            const auto now = Clock::now();
            for (auto it = waiting.begin(); it != waiting.end();) {
                auto& service = m_services[*it];
                if (const auto at = m_listener.reachedAt(service.key)) {
                    service.reached = true;
                    ++reached;
                    say("reachable " + std::to_string(*it) + " " +
                        std::to_string(msBetween(start, *at)));
                    it = waiting.erase(it);
                } else if (now - service.publishedAt > m_options.uploadTimeout) {
                    if (service.attempts > m_options.retries) {
                        service.gaveUp = true; // stays published; may still upload
                    } else {
                        queue.push_front(*it);
                    }
                    it = waiting.erase(it);
                } else {
                    ++it;
                }
            }
        }
        // Services given up on stay published and may still upload: wait
        // one more timeout for them.
        const auto lateUntil =
            std::min(Clock::now() + m_options.uploadTimeout, start + m_options.publishDeadline);
        while (given() > 0 && Clock::now() < lateUntil &&
               std::any_of(m_services.begin(), m_services.end(), [&](const PeerService& s) {
                   return s.gaveUp && !m_listener.reachedAt(s.key);
               })) {
            m_listener.waitChange(std::chrono::milliseconds(200));
        }
        for (std::size_t i = 0; i < m_services.size(); ++i) {
            auto& service = m_services[i];
            if (!service.reached && service.published) {
                if (const auto at = m_listener.reachedAt(service.key)) {
                    service.reached = true;
                    ++reached;
                    say("reachable " + std::to_string(i) + " " +
                        std::to_string(msBetween(start, *at)));
                }
            }
        }
        return reached;
    }
    [[nodiscard]] unsigned republished() const { return m_republished; }

private:
    std::size_t given() const {
        return static_cast<std::size_t>(
            std::count_if(m_services.begin(), m_services.end(),
                          [](const PeerService& s) { return s.gaveUp && !s.reached; }));
    }

    bool publish(std::size_t index, Clock::time_point start) {
        auto& service = m_services[index];
        if (service.published) {
            (void)m_transport.unpublish(service.key);
            m_listener.forget(service.key);
            service.published = false;
            ++m_republished;
            say("republish " + std::to_string(index) + " " +
                std::to_string(msBetween(start, Clock::now())));
        }
        ++service.attempts;
        const std::array<core::X25519PublicKey, 1> clients{service.client};
        auto key = m_transport.publish(service.seed.span(), clients);
        if (!key) {
            say("error publish " + std::to_string(index) + ": " + key.error().message);
            service.gaveUp = true;
            return false;
        }
        const bool first = service.attempts == 1;
        service.key = *key;
        service.published = true;
        service.publishedAt = Clock::now();
        if (first) {
            say("service " + std::to_string(index) + " " +
                transport::OnionAddress::fromPublicKey(*key).serviceId());
        }
        return true;
    }

    static long msBetween(Clock::time_point from, Clock::time_point to) {
        return std::chrono::duration_cast<std::chrono::milliseconds>(to - from).count();
    }

    const PeerOptions& m_options;
    transport::TorTransport& m_transport;
    PeerListener& m_listener;
    std::vector<PeerService>& m_services;
    unsigned m_republished = 0;
};

std::string statsLine(const TorEventSnapshot& s) {
    std::ostringstream out;
    out << "stats pending_max=" << s.pendingMax << " timeout_resets=" << s.timeoutResets
        << " timeout_ms_last=" << static_cast<long>(s.timeoutMsLast)
        << " timeout_ms_max=" << static_cast<long>(s.timeoutMsMax)
        << " desc_upload=" << s.descUploads << " desc_uploaded=" << s.descUploaded
        << " desc_failed=" << s.descFailed;
    for (const auto& [purpose, c] : s.circuits) {
        out << " circ_" << purpose << "=" << c.launched << "/" << c.built << "/" << c.failed << "/"
            << c.timedOut;
    }
    return out.str();
}

std::string describeCircuits(transport::EmbeddedTor& tor) {
    auto reply = tor.control().command("GETINFO circuit-status");
    std::string out = "circuits";
    if (!reply) {
        return out;
    }
    for (const auto& circuit : circuitStatusLines(*reply)) {
        if (circuit.status == "BUILT" && circuit.purpose == "HS_SERVICE_REND") {
            out += " " + circuit.restQuery + "=" + pathNicknames(circuit.path);
        }
    }
    return out;
}

} // namespace

int TransportPeer::run(const PeerOptions& options) {
    BootListener boot;
    transport::TorOptions torOptions;
    torOptions.dataDirectory = options.dataDirectory;
    torOptions.extraTorrcLines = options.torrcLines;
    torOptions.logLevel = options.torLogLevel;
    const auto bootStart = Clock::now();
    auto tor = transport::EmbeddedTor::start(torOptions, boot);
    if (!tor) {
        say("error Tor did not start: " + tor.error().message);
        return 1;
    }
    if (!boot.waitDone(std::chrono::seconds(180))) {
        say("error Tor did not bootstrap within 180 s");
        return 1;
    }
    const auto bootMs =
        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - bootStart).count();
    TorEventStats stats;
    if (auto added = (*tor)->addEventSink(stats, TorEventStats::eventNames()); !added) {
        say("error cannot subscribe to Tor's events: " + added.error().message);
        return 1;
    }
    PeerListener listener;
    auto transport = transport::TorTransport::create(**tor, listener);
    if (!transport) {
        say("error " + transport.error().message);
        return 1;
    }
    say("ready " + std::to_string(bootMs) + " " + std::to_string(residentKilobytes()));

    std::vector<PeerService> services;
    int status = 0;
    for (std::string line; std::getline(std::cin, line);) {
        if (line.starts_with("client ")) {
            auto client = transport::ClientAuthPublicKey::parseBase32(line.substr(7));
            if (!client) {
                say("error " + client.error().message);
                continue;
            }
            PeerService service;
            service.seed = core::SecureBuffer::random(32);
            service.client = client->bytes();
            services.push_back(std::move(service));
        } else if (line == "publish") {
            const long cpuBefore = cpuMilliseconds();
            const auto start = Clock::now();
            Publisher publisher(options, **transport, listener, services);
            const std::size_t reached = publisher.run();
            const auto elapsed =
                std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
            say("published " + std::to_string(reached == services.size() ? elapsed : -1) + " " +
                std::to_string(reached) + " " + std::to_string(residentKilobytes()) + " " +
                std::to_string(cpuMilliseconds() - cpuBefore) + " " +
                std::to_string(publisher.republished()));
            say(statsLine(stats.snapshot()));
        } else if (line == "circuits") {
            say(describeCircuits(**tor));
        } else if (line == "quit") {
            break;
        } else {
            say("error unknown command");
            status = 2;
        }
    }
    listener.stopEchoes();
    transport->reset();
    (*tor)->removeEventSink(stats);
    (*tor)->stop();
    return status;
}

} // namespace chive::bench
