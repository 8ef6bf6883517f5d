#include "tests/bench/TransportBenchmark.h"

#include "core/SecureBuffer.h"
#include "transport/OnionServiceKey.h"
#include "transport/SocketStream.h"
#include "transport/Socks5Client.h"

#include <sodium.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "tests/bench/BenchSupport.h"
#include "tests/bench/PublishBenchmark.h"
#include "tests/bench/SessionRoundTrip.h"

namespace chive::bench {

using core::ErrorCode;
using core::fail;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::chrono::seconds kStreamTimeout{30};
constexpr std::size_t kWarmUpRoundTrips = 10;

double msSince(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

core::Result<transport::UniqueFd> connectUnix(const std::filesystem::path& path) {
    transport::UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    const std::string text = path.string();
    if (!fd || text.size() >= sizeof(address.sun_path)) {
        return fail(ErrorCode::Io, "cannot make a unix socket for " + text);
    }
    std::copy(text.begin(), text.end(), std::begin(address.sun_path));
    if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof(address)) != 0) {
        return fail(ErrorCode::Io, "cannot connect to " + text);
    }
    return fd;
}

// One record there and back; false if the bytes did not come back intact.
core::Result<double> roundTrip(core::ByteStream& stream, std::span<const std::uint8_t> record) {
    std::vector<std::uint8_t> back(record.size());
    const auto start = Clock::now();
    if (auto written = stream.write(record, kStreamTimeout); !written) {
        return fail(written.error());
    }
    std::size_t got = 0;
    while (got < back.size()) {
        auto n = stream.read(std::span(back).subspan(got), kStreamTimeout);
        if (!n) {
            return fail(n.error());
        }
        if (*n == 0) {
            return fail(ErrorCode::Closed, "the echo closed the stream");
        }
        got += *n;
    }
    const double ms = msSince(start);
    if (!std::equal(back.begin(), back.end(), record.begin())) {
        return fail(ErrorCode::Malformed, "the echo returned other bytes");
    }
    return ms;
}

std::vector<std::uint8_t> randomRecord(std::size_t size) {
    std::vector<std::uint8_t> record(size);
    randombytes_buf(record.data(), record.size());
    return record;
}

void printStats(const char* label, const std::vector<double>& ms, std::size_t failures) {
    std::printf("  %-44s %8.1f %8.1f %8.1f %4zu", label, quantile(ms, 0.5), quantile(ms, 0.9),
                ms.empty() ? 0.0 : *std::max_element(ms.begin(), ms.end()), ms.size());
    if (failures > 0) {
        std::printf("  (%zu failed)", failures);
    }
    std::printf("\n");
}

std::string loadAverage() {
    std::ifstream in("/proc/loadavg");
    std::string a;
    std::string b;
    std::string c;
    in >> a >> b >> c;
    return a + " " + b + " " + c;
}

core::Result<std::unique_ptr<transport::ControlConnection>>
openBareControl(const std::filesystem::path& path,
                transport::ControlConnection::EventHandler onEvent) {
    auto fd = connectUnix(path);
    if (!fd) {
        return fail(fd.error());
    }
    auto control =
        std::make_unique<transport::ControlConnection>(fd->release(), std::move(onEvent));
    // The bare tors run with CookieAuthentication 0 and no password: the
    // socket's directory (0700) is the only protection, as for a test.
    if (auto ok = control->command("AUTHENTICATE"); !ok) {
        return fail(ok.error());
    }
    return control;
}

} // namespace

// Waits for bootstrap and records first uploads of the bare service.
class TransportBenchmark::Listener final : public core::TorEventListener,
                                           public core::TransportListener {
public:
    void onBootstrapStatus(const core::BootstrapStatus& status) override {
        std::lock_guard lock(m_mutex);
        m_booted = m_booted || status.progress >= 100;
        m_changed.notify_all();
    }
    void onTorStopped(const std::string& /*reason*/) override {}
    void onServiceReachable(const core::Ed25519PublicKey& /*service*/) override {}
    void onServiceUploadFailed(const core::Ed25519PublicKey& /*service*/,
                               const std::string& /*reason*/) override {}
    void onInboundStream(const core::Ed25519PublicKey& /*service*/,
                         std::unique_ptr<core::ByteStream> /*stream*/) override {}

    bool waitBooted(std::chrono::seconds limit) {
        std::unique_lock lock(m_mutex);
        return m_changed.wait_for(lock, limit, [&] { return m_booted; });
    }
    void onBareEvent(const transport::ControlReply& event) {
        const auto& text = event.firstText();
        if (!text.starts_with("HS_DESC UPLOADED ")) {
            return;
        }
        const auto id = text.substr(17, transport::OnionAddress::kServiceIdLength);
        std::lock_guard lock(m_mutex);
        m_bareUploaded.insert(id);
        m_changed.notify_all();
    }
    bool waitBareUploaded(const std::vector<transport::OnionAddress>& services,
                          std::chrono::seconds limit) {
        std::unique_lock lock(m_mutex);
        return m_changed.wait_for(lock, limit, [&] {
            return std::all_of(services.begin(), services.end(), [&](const auto& s) {
                return m_bareUploaded.contains(s.serviceId());
            });
        });
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_changed;
    bool m_booted = false;
    std::set<std::string> m_bareUploaded;
};

TransportBenchmark::TransportBenchmark(TransportBenchOptions options)
    : m_options(std::move(options))
    , m_listener(std::make_unique<Listener>()) {}

TransportBenchmark::~TransportBenchmark() {
    tearDown();
}

int TransportBenchmark::run() {
    if (auto ok = setUp(); !ok) {
        std::fprintf(stderr, "bench_transport: %s\n", ok.error().message.c_str());
        tearDown();
        return 1;
    }
    bool ok = true;

    std::printf("\n1. Connect times to client-authorized services, ms (%zu services per side, "
                "%zu warm repeats each)\n",
                m_options.connectServices, m_options.warmRepeats);
    std::printf("  %-44s %8s %8s %8s %4s\n", "", "median", "p90", "max", "n");
    ok = measureConnects(m_embedded) && ok;
    ok = measureConnects(m_bare) && ok;

    std::printf("\n2. Round trip of %zu-byte records over one established stream, ms "
                "(%zu samples per path, taken in turn)\n",
                m_options.recordSize, m_options.samples);
    ok = measureRoundTrips() && ok;
    (void)std::fflush(stdout);

    std::printf("\n3. Session round trip against a bare echo on the same circuit, ms (%zu "
                "samples of each per service, taken in turn)\n",
                m_options.samples);
    ok = SessionRoundTrip::measure(m_embedded.connect, *m_embedded.control, m_embedded.services,
                                   m_options.samples, m_options.recordSize) &&
         ok;
    (void)std::fflush(stdout);

    if (m_echoPeer) {
        m_echoPeer->quit();
        m_echoPeer.reset();
    }
    if (!m_options.publishCounts.empty()) {
        PublishBenchmark publish(m_options, *m_network, *m_transport, m_work);
        ok = publish.run() && ok;
    }
    tearDown();
    std::printf("\nload average at the end: %s\n", loadAverage().c_str());
    return ok ? 0 : 1;
}

core::Status TransportBenchmark::setUp() {
    if (m_options.workDirectory.empty()) {
        std::string pattern = "/tmp/chive-tb-XXXXXX";
        if (::mkdtemp(pattern.data()) == nullptr) {
            return fail(ErrorCode::Io, "mkdtemp failed");
        }
        m_work = pattern;
        m_ownWork = true;
    } else {
        m_work = std::filesystem::absolute(m_options.workDirectory);
        std::error_code error;
        std::filesystem::create_directories(m_work, error);
        std::filesystem::permissions(m_work, std::filesystem::perms::owner_all,
                                     std::filesystem::perm_options::replace, error);
    }
    std::printf("Chive transport benchmark: embedded Tor %s, bare tor from /usr/bin/tor\n",
                transport::EmbeddedTor::linkedVersion().c_str());
    std::printf("work directory %s; load average %s (%ld cores)\n", m_work.c_str(),
                loadAverage().c_str(), ::sysconf(_SC_NPROCESSORS_ONLN));
    (void)std::fflush(stdout);
    auto network = TorNetwork::open(m_options.script, m_options.network, m_work);
    if (!network) {
        return fail(network.error());
    }
    m_network.emplace(std::move(*network));
    m_network->installEmergencyStop();
    std::string interval = "?";
    std::ifstream(m_network->directory() / "voting-interval") >> interval;
    if (m_network->owned()) {
        std::printf("private network started in %.1f s in %s\n",
                    static_cast<double>(m_network->startTime().count()) / 1000.0,
                    m_network->directory().c_str());
    } else {
        std::printf("private network already running in %s\n", m_network->directory().c_str());
    }
    std::printf("voting interval %s s: descriptors rotate every 24 intervals\n", interval.c_str());
    (void)std::fflush(stdout);
    if (auto ok = startClientTor(); !ok) {
        return ok;
    }
    auto echo = EchoServer::start(m_work / "echo.sock");
    if (!echo) {
        return fail(echo.error());
    }
    m_echo = std::move(*echo);
    if (auto ok = startEchoPeer(); !ok) {
        return ok;
    }
    if (auto ok = startBareTors(); !ok) {
        return ok;
    }
    return crossAuthorize();
}

// Each client also gets the keys of the other side's first service, so that
// the round trips can also be taken across (embedded to bare and back),
// which tells which end of a path adds the time.
core::Status TransportBenchmark::crossAuthorize() {
    if (auto added = m_transport->addClientAuth(m_bare.services.front().publicKey(),
                                                m_bareClientKeys.front().privateKey());
        !added) {
        return fail(added.error());
    }
    const auto blob = m_embeddedClientKeys.front().onionClientAuthAddBlob();
    const std::string head =
        "ONION_CLIENT_AUTH_ADD " + m_embedded.services.front().serviceId() + " ";
    core::SecureBuffer line(head.size() + blob.size());
    std::copy(blob.data(), blob.data() + blob.size(),
              std::copy(head.begin(), head.end(), line.data()));
    if (auto added =
            m_bareClientControl->command({reinterpret_cast<const char*>(line.data()), line.size()});
        !added) {
        return fail(added.error());
    }
    return {};
}

core::Status TransportBenchmark::startClientTor() {
    auto torrc = m_network->clientTorrc();
    if (!torrc) {
        return fail(torrc.error());
    }
    transport::TorOptions options;
    options.dataDirectory = m_work / "client" / "tor";
    options.extraTorrcLines = *torrc;
    options.logLevel = "err";
    const auto start = Clock::now();
    auto tor = transport::EmbeddedTor::start(options, *m_listener);
    if (!tor) {
        return fail(tor.error());
    }
    m_tor = std::move(*tor);
    if (!m_listener->waitBooted(std::chrono::seconds(180))) {
        return fail(ErrorCode::Timeout, "this process's embedded Tor did not bootstrap in 180 s");
    }
    std::printf("client: this process's embedded Tor bootstrapped in %.1f s\n",
                msSince(start) / 1000.0);
    auto transport = transport::TorTransport::create(*m_tor, *m_listener);
    if (!transport) {
        return fail(transport.error());
    }
    m_transport = std::move(*transport);
    m_embedded.name = "Chive: embedded Tor -> peer's embedded Tor";
    m_embedded.control = &m_tor->control();
    m_embedded.connect = [this](const transport::OnionAddress& address,
                                std::chrono::milliseconds timeout) {
        return m_transport->connect(address.publicKey(), timeout);
    };
    return {};
}

core::Status TransportBenchmark::startEchoPeer() {
    auto torrc = m_network->clientTorrc();
    if (!torrc) {
        return fail(torrc.error());
    }
    auto peer = PeerClient::start(m_options, m_work / "echo-peer", *torrc);
    if (!peer) {
        return fail(peer.error());
    }
    m_echoPeer.emplace(std::move(*peer));
    std::printf("peer: embedded Tor in a second process bootstrapped in %.1f s\n",
                static_cast<double>(m_echoPeer->ready().bootstrapMs) / 1000.0);
    std::vector<transport::ClientAuthPublicKey> clients;
    for (std::size_t i = 0; i < m_options.connectServices; ++i) {
        m_embeddedClientKeys.push_back(transport::ClientAuthKey::generate());
        clients.push_back(m_embeddedClientKeys.back().publicKey());
    }
    auto report = m_echoPeer->publish(clients, std::chrono::seconds(300));
    if (!report) {
        return fail(report.error());
    }
    if (report->reachable != clients.size()) {
        return fail(ErrorCode::Timeout, "the peer's services were not all uploaded");
    }
    for (std::size_t i = 0; i < clients.size(); ++i) {
        const auto& address = report->services[i];
        if (!address) {
            return fail(ErrorCode::Internal, "the peer did not name its service");
        }
        if (auto added = m_transport->addClientAuth(address->publicKey(),
                                                    m_embeddedClientKeys[i].privateKey());
            !added) {
            return fail(added.error());
        }
        m_embedded.services.push_back(*address);
    }
    std::printf("peer: %zu client-authorized services uploaded in %.1f s\n", clients.size(),
                static_cast<double>(report->allReachableMs) / 1000.0);
    return {};
}

core::Status TransportBenchmark::startBareTors() {
    const std::string suffix = std::to_string(::getpid());
    const auto serviceControl = m_work / "bare-svc.ctl";
    const auto clientControl = m_work / "bare-cli.ctl";
    const auto clientSocks = m_work / "bare-socks.sock";
    if (auto port = m_network->startBareTor(
            "bench-svc-" + suffix,
            {"ControlPort unix:" + serviceControl.string(), "CookieAuthentication 0"});
        !port) {
        return fail(port.error());
    }
    if (auto port = m_network->startBareTor(
            "bench-cli-" + suffix,
            {"ControlPort unix:" + clientControl.string(), "CookieAuthentication 0",
             "SocksPort unix:" + clientSocks.string() + " ExtendedErrors"});
        !port) {
        return fail(port.error());
    }
    auto service = openBareControl(serviceControl, [this](const transport::ControlReply& event) {
        m_listener->onBareEvent(event);
    });
    if (!service) {
        return fail(service.error());
    }
    m_bareServiceControl = std::move(*service);
    auto client = openBareControl(clientControl, [](const transport::ControlReply&) {});
    if (!client) {
        return fail(client.error());
    }
    m_bareClientControl = std::move(*client);
    if (auto ok = m_bareServiceControl->command("SETEVENTS HS_DESC"); !ok) {
        return fail(ok.error());
    }
    // The same service configuration as TorTransport's: ephemeral, client
    // authorization, at most 4 streams per rendezvous circuit.
    const auto start = Clock::now();
    for (std::size_t i = 0; i < m_options.connectServices; ++i) {
        const auto key = transport::OnionServiceKey::generate();
        auto clientKey = transport::ClientAuthKey::generate();
        const std::string tail = " Flags=DiscardPK,V3Auth,MaxStreamsCloseCircuit MaxStreams=4" +
                                 std::string(" Port=80,unix:") + m_echo->socketPath().string() +
                                 " ClientAuthV3=" + clientKey.publicKey().toBase32();
        const auto blob = key.addOnionKeyBlob();
        core::SecureBuffer line(10 + blob.size() + tail.size());
        auto* out = std::copy_n("ADD_ONION ", 10, line.data());
        out = std::copy(blob.data(), blob.data() + blob.size(), out);
        std::copy(tail.begin(), tail.end(), out);
        if (auto added = m_bareServiceControl->command(
                {reinterpret_cast<const char*>(line.data()), line.size()});
            !added) {
            return fail(added.error());
        }
        const auto authBlob = clientKey.onionClientAuthAddBlob();
        const std::string head = "ONION_CLIENT_AUTH_ADD " + key.address().serviceId() + " ";
        core::SecureBuffer authLine(head.size() + authBlob.size());
        std::copy(authBlob.data(), authBlob.data() + authBlob.size(),
                  std::copy(head.begin(), head.end(), authLine.data()));
        if (auto added = m_bareClientControl->command(
                {reinterpret_cast<const char*>(authLine.data()), authLine.size()});
            !added) {
            return fail(added.error());
        }
        m_bare.services.push_back(key.address());
        m_bareClientKeys.push_back(std::move(clientKey));
    }
    if (!m_listener->waitBareUploaded(m_bare.services, std::chrono::seconds(180))) {
        return fail(ErrorCode::Timeout, "the bare tor's services were not uploaded in 180 s");
    }
    std::printf("bare: tor service and tor client bootstrapped; %zu client-authorized services "
                "(ADD_ONION, as Chive's) uploaded in %.1f s\n",
                m_bare.services.size(), msSince(start) / 1000.0);
    m_bare.name = "bare: tor client -> tor service";
    m_bare.control = m_bareClientControl.get();
    const transport::Socks5Client socks(clientSocks.string());
    m_bare.connect =
        [socks](
            const transport::OnionAddress& address,
            std::chrono::milliseconds timeout) -> core::Result<std::unique_ptr<core::ByteStream>> {
        auto fd = socks.connect(address, 80, timeout);
        if (!fd) {
            return fail(fd.error());
        }
        auto stream = transport::SocketStream::adopt(std::move(*fd));
        if (!stream) {
            return fail(stream.error());
        }
        return std::unique_ptr<core::ByteStream>(std::move(*stream));
    };
    // Every HSDir acknowledges within about a second of the first; a client
    // that asks one still waiting would be told "not found".
    std::this_thread::sleep_for(std::chrono::seconds(3));
    (void)std::fflush(stdout);
    return {};
}

bool TransportBenchmark::measureConnects(Side& side) {
    std::vector<double> cold;
    std::vector<double> reuse;
    std::vector<double> fresh;
    std::size_t failures = 0;
    std::size_t notFoundRetries = 0;
    const auto record = randomRecord(m_options.recordSize);
    // Opens a stream, checks that it echoes, closes it; the time is the
    // connect alone (SOCKS request to reply).
    auto once = [&](const transport::OnionAddress& address, std::vector<double>& into,
                    bool retryNotFound) {
        for (int attempt = 0; attempt < 3; ++attempt) {
            const auto start = Clock::now();
            auto stream = side.connect(address, std::chrono::seconds(60));
            const double ms = msSince(start);
            if (!stream) {
                if (retryNotFound && stream.error().code == ErrorCode::NotFound) {
                    ++notFoundRetries;
                    std::this_thread::sleep_for(std::chrono::seconds(1));
                    continue;
                }
                std::fprintf(stderr, "  %s: connect failed: %s\n", side.name.c_str(),
                             stream.error().message.c_str());
                ++failures;
                return;
            }
            auto echoed = roundTrip(**stream, record);
            (*stream)->close();
            if (!echoed) {
                std::fprintf(stderr, "  %s: no echo: %s\n", side.name.c_str(),
                             echoed.error().message.c_str());
                ++failures;
                return;
            }
            into.push_back(ms);
            return;
        }
        ++failures;
    };
    for (const auto& address : side.services) {
        once(address, cold, true);
        for (std::size_t i = 0; i < m_options.warmRepeats; ++i) {
            once(address, reuse, false);
        }
        for (std::size_t i = 0; i < m_options.warmRepeats; ++i) {
            // Close this client's rendezvous circuits to the service: the
            // next stream needs introduction and rendezvous again, but not
            // the descriptor.
            if (auto status = side.control->command("GETINFO circuit-status")) {
                for (const auto& circuit : circuitStatusLines(*status)) {
                    if (circuit.restQuery == address.serviceId() &&
                        circuit.purpose.starts_with("HS_CLIENT")) {
                        (void)side.control->command("CLOSECIRCUIT " + circuit.id);
                    }
                }
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
            once(address, fresh, false);
        }
    }
    std::printf("  %s\n", side.name.c_str());
    printStats("cold: descriptor fetch, introduction, rendezvous", cold, 0);
    printStats("warm: new stream on the open rendezvous circuit", reuse, 0);
    printStats("warm: new circuits (descriptor cached)", fresh, 0);
    if (failures > 0 || notFoundRetries > 0) {
        std::printf("  (%zu connects failed; %zu cold attempts retried after \"not found\")\n",
                    failures, notFoundRetries);
    }
    (void)std::fflush(stdout);
    return failures == 0;
}

bool TransportBenchmark::measureRoundTrips() {
    // Each Tor path gets one stream per service, so one rendezvous circuit
    // per service: on a network of 7 relays the relays a circuit happens to
    // use matter, and the samples spread over all of them.
    struct Path {
        std::string name;
        std::vector<std::unique_ptr<core::ByteStream>> streams;
        std::vector<std::vector<double>> ms; // per stream
        std::size_t failures = 0;
        [[nodiscard]] std::vector<double> all() const {
            std::vector<double> out;
            for (const auto& one : ms) {
                out.insert(out.end(), one.begin(), one.end());
            }
            return out;
        }
    };
    std::vector<Path> paths(5);
    paths[0].name = "plain echo, unix socket, no Tor";
    paths[1].name = "bare tor client -> bare tor service";
    paths[2].name = "Chive embedded Tor -> embedded Tor";
    paths[3].name = "  across: embedded client -> bare service";
    paths[4].name = "  across: bare client -> embedded service";
    auto open = [](Path& path, core::Result<std::unique_ptr<core::ByteStream>> stream) {
        if (!stream) {
            std::fprintf(stderr, "  %s: %s\n", path.name.c_str(), stream.error().message.c_str());
            return false;
        }
        path.streams.push_back(std::move(*stream));
        return true;
    };
    constexpr auto kConnect = std::chrono::seconds(60);
    bool opened = true;
    for (std::size_t i = 0; i < m_options.connectServices; ++i) {
        auto fd = connectUnix(m_echo->socketPath());
        opened = fd && open(paths[0], transport::SocketStream::adopt(std::move(*fd))) && opened;
        opened = open(paths[1], m_bare.connect(m_bare.services[i], kConnect)) && opened;
        opened = open(paths[2], m_embedded.connect(m_embedded.services[i], kConnect)) && opened;
    }
    opened = open(paths[3], m_embedded.connect(m_bare.services.front(), kConnect)) && opened;
    opened = open(paths[4], m_bare.connect(m_embedded.services.front(), kConnect)) && opened;
    if (!opened) {
        return false;
    }
    for (auto& path : paths) {
        path.ms.resize(path.streams.size());
    }
    const auto record = randomRecord(m_options.recordSize);
    for (std::size_t i = 0; i < kWarmUpRoundTrips; ++i) {
        for (auto& path : paths) {
            for (auto& stream : path.streams) {
                (void)roundTrip(*stream, record);
            }
        }
    }
    for (std::size_t i = 0; i < m_options.samples; ++i) {
        // Start with a different path each round, so none always goes first.
        for (std::size_t k = 0; k < paths.size(); ++k) {
            auto& path = paths[(i + k) % paths.size()];
            const std::size_t s = i % path.streams.size();
            if (auto ms = roundTrip(*path.streams[s], record)) {
                path.ms[s].push_back(*ms);
            } else {
                ++path.failures;
            }
        }
    }
    std::printf("  %-42s %8s %8s %8s %8s %10s %10s\n", "path", "median", "p90", "p99", "mean",
                "/plain", "/bare");
    const double plainMedian = quantile(paths[0].all(), 0.5);
    const double bareMedian = quantile(paths[1].all(), 0.5);
    bool ok = true;
    for (const auto& path : paths) {
        const auto all = path.all();
        const double median = quantile(all, 0.5);
        std::printf("  %-42s %8.2f %8.2f %8.2f %8.2f %9.1fx %9.2fx", path.name.c_str(), median,
                    quantile(all, 0.9), quantile(all, 0.99), mean(all),
                    plainMedian > 0 ? median / plainMedian : 0.0,
                    bareMedian > 0 ? median / bareMedian : 0.0);
        if (path.failures > 0) {
            std::printf("  (%zu failed)", path.failures);
            ok = false;
        }
        std::printf("\n");
    }
    const double ratio = bareMedian > 0 ? quantile(paths[2].all(), 0.5) / bareMedian : 0.0;
    std::printf("  Chive/bare median %.2fx (product bar: at most 1.25x)\n", ratio);
    auto medians = [](const Path& path) {
        std::vector<double> out;
        for (const auto& one : path.ms) {
            out.push_back(quantile(one, 0.5));
        }
        return out;
    };
    describeCircuits(medians(paths[1]), medians(paths[2]));
    for (auto& path : paths) {
        for (auto& stream : path.streams) {
            stream->close();
        }
    }
    return ok;
}

void TransportBenchmark::describeCircuits(const std::vector<double>& bareMedians,
                                          const std::vector<double>& embeddedMedians) {
    // The rendezvous circuits that carried the round trips: the client's
    // ends at the rendezvous point, where the service's joins it.
    auto paths = [](transport::ControlConnection& control, const std::string& purpose) {
        std::map<std::string, std::string> byService;
        if (auto status = control.command("GETINFO circuit-status")) {
            for (const auto& circuit : circuitStatusLines(*status)) {
                if (circuit.status == "BUILT" && circuit.purpose == purpose) {
                    auto& text = byService[circuit.restQuery];
                    text += (text.empty() ? "" : " or ") + pathNicknames(circuit.path);
                }
            }
        }
        return byService;
    };
    std::map<std::string, std::string> peerPaths;
    if (m_echoPeer) {
        std::istringstream in(m_echoPeer->circuits().value_or(""));
        for (std::string entry; in >> entry;) {
            const auto equals = entry.find('=');
            if (equals != std::string::npos) {
                auto& text = peerPaths[entry.substr(0, equals)];
                text += (text.empty() ? "" : " or ") + entry.substr(equals + 1);
            }
        }
    }
    const auto bareClient = paths(*m_bareClientControl, "HS_CLIENT_REND");
    const auto bareService = paths(*m_bareServiceControl, "HS_SERVICE_REND");
    const auto embeddedClient = paths(m_tor->control(), "HS_CLIENT_REND");
    std::printf("  circuits per stream: client guard>middle>rendezvous point | service "
                "guard>layer-2>layer-3>rendezvous point\n");
    auto print = [](const char* side, std::size_t i, double median, const std::string& client,
                    const std::string& service) {
        std::printf("    %s %zu: %6.1f ms  %s | %s\n", side, i, median, client.c_str(),
                    service.c_str());
    };
    auto find = [](const std::map<std::string, std::string>& map, const std::string& key) {
        const auto found = map.find(key);
        return found == map.end() ? std::string("?") : found->second;
    };
    for (std::size_t i = 0; i < bareMedians.size() && i < m_bare.services.size(); ++i) {
        const auto id = m_bare.services[i].serviceId();
        print("bare ", i, bareMedians[i], find(bareClient, id), find(bareService, id));
    }
    for (std::size_t i = 0; i < embeddedMedians.size() && i < m_embedded.services.size(); ++i) {
        const auto id = m_embedded.services[i].serviceId();
        print("Chive", i, embeddedMedians[i], find(embeddedClient, id), find(peerPaths, id));
    }
}

void TransportBenchmark::tearDown() {
    if (m_echoPeer) {
        m_echoPeer->quit();
        m_echoPeer.reset();
    }
    if (m_bareClientControl) {
        m_bareClientControl->close();
        m_bareClientControl.reset();
    }
    if (m_bareServiceControl) {
        m_bareServiceControl->close();
        m_bareServiceControl.reset();
    }
    m_transport.reset();
    if (m_tor) {
        m_tor->stop();
        m_tor.reset();
    }
    if (m_echo) {
        m_echo->stop();
        m_echo.reset();
    }
    m_network.reset(); // stops bare tors, and the network if it started it
    if (m_ownWork && !m_options.keep) {
        std::error_code ignored;
        std::filesystem::remove_all(m_work, ignored);
        m_ownWork = false;
    } else if (m_options.keep && !m_work.empty()) {
        std::printf("kept %s\n", m_work.c_str());
        m_options.keep = false;
    }
}

} // namespace chive::bench
