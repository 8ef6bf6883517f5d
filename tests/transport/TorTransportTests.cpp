// TorTransport on an embedded Tor that runs offline (DisableNetwork 1): what
// Tor accepts on its control port, the services' sockets, inbound streams
// and their flood bounds, client-auth keys and clean-up. Each test case runs
// in its own process (ctest), because Tor may start only once per process.

#include "core/SecureBuffer.h"
#include "transport/ClientAuthKey.h"
#include "transport/EmbeddedTor.h"
#include "transport/OnionAddress.h"
#include "transport/OnionServiceKey.h"
#include "transport/TorTransport.h"

#include <catch2/catch_test_macros.hpp>
#include <sys/stat.h>

#include "tests/transport/OnionTestSupport.h"
#include "tests/transport/TransportTestSupport.h"

using chive::core::Ed25519PublicKey;
using chive::core::ErrorCode;
using chive::core::X25519PublicKey;
using chive::testing::connectUnix;
using chive::testing::currentOnions;
using chive::testing::RecordingTransportListener;
using chive::testing::TempDir;
using chive::testing::waitFor;
using chive::transport::ClientAuthKey;
using chive::transport::EmbeddedTor;
using chive::transport::OnionAddress;
using chive::transport::OnionServiceKey;
using chive::transport::TorOptions;
using chive::transport::TorTransport;
using namespace std::chrono_literals;

namespace {

class QuietTorListener : public chive::core::TorEventListener {
public:
    void onBootstrapStatus(const chive::core::BootstrapStatus&) override {}
    void onTorStopped(const std::string&) override {}
};

std::vector<std::uint8_t> seedOf(std::uint8_t fill) {
    return std::vector<std::uint8_t>(OnionServiceKey::kSeedLength, fill);
}

std::string serviceIdOf(const std::vector<std::uint8_t>& seed) {
    return OnionServiceKey::fromSeed(seed)->address().serviceId();
}

// An offline embedded Tor in a private temporary directory.
struct OfflineTor {
    TempDir dir;
    QuietTorListener torListener;
    std::unique_ptr<EmbeddedTor> tor;

    explicit OfflineTor(const std::filesystem::path& dataDirectory = {}) {
        TorOptions options;
        options.dataDirectory = dataDirectory.empty() ? dir / "tor" : dataDirectory;
        options.disableNetwork = true;
        auto started = EmbeddedTor::start(options, torListener);
        REQUIRE(started);
        tor = std::move(*started);
    }
};

mode_t modeOf(const std::filesystem::path& path) {
    struct stat info {};
    REQUIRE(::lstat(path.c_str(), &info) == 0);
    return info.st_mode;
}

template <class T>
std::string describe(const chive::core::Result<T>& result) {
    return result ? std::string("ok") : result.error().message;
}

std::string asText(const chive::core::SecureBuffer& buffer) {
    return {reinterpret_cast<const char*>(buffer.data()), buffer.size()};
}

} // namespace

TEST_CASE("Tor accepts our services with and without client authorization",
          "[transport][tortransport][tor]") {
    OfflineTor offline;
    RecordingTransportListener listener;
    auto transport = TorTransport::create(*offline.tor, listener);
    REQUIRE(transport);

    const auto open = seedOf(0x11);
    const auto authorized = seedOf(0x22);
    const std::vector<X25519PublicKey> clients = {ClientAuthKey::generate().publicKey().bytes(),
                                                  ClientAuthKey::generate().publicKey().bytes()};

    auto openKey = (*transport)->publish(open, {});
    REQUIRE(openKey);
    CHECK(*openKey == OnionServiceKey::fromSeed(open)->publicKey());
    auto authorizedKey = (*transport)->publish(authorized, clients);
    REQUIRE(authorizedKey);
    CHECK(*authorizedKey == OnionServiceKey::fromSeed(authorized)->publicKey());

    // Tor itself holds both, under the addresses the seeds determine.
    CHECK(currentOnions(offline.tor->control()) ==
          std::set<std::string>{serviceIdOf(open), serviceIdOf(authorized)});
}

TEST_CASE("publishing twice is AlreadyExists; unpublish withdraws and allows a new publish",
          "[transport][tortransport][tor]") {
    OfflineTor offline;
    RecordingTransportListener listener;
    auto transport = TorTransport::create(*offline.tor, listener);
    REQUIRE(transport);
    const auto seed = seedOf(0x33);

    auto first = (*transport)->publish(seed, {});
    REQUIRE(first);
    auto second = (*transport)->publish(seed, {});
    REQUIRE_FALSE(second);
    CHECK(second.error().code == ErrorCode::AlreadyExists);

    REQUIRE((*transport)->unpublish(*first));
    CHECK(currentOnions(offline.tor->control()).empty());
    auto again = (*transport)->unpublish(*first);
    REQUIRE_FALSE(again);
    CHECK(again.error().code == ErrorCode::NotFound);

    // Same seed, same address, once more.
    auto republished = (*transport)->publish(seed, {});
    REQUIRE(republished);
    CHECK(*republished == *first);
    CHECK(currentOnions(offline.tor->control()) == std::set<std::string>{serviceIdOf(seed)});
}

TEST_CASE("bad seeds and client keys are refused before Tor sees them",
          "[transport][tortransport][tor]") {
    OfflineTor offline;
    RecordingTransportListener listener;
    auto transport = TorTransport::create(*offline.tor, listener);
    REQUIRE(transport);

    auto shortSeed = (*transport)->publish(std::vector<std::uint8_t>(31, 1), {});
    REQUIRE_FALSE(shortSeed);
    CHECK(shortSeed.error().code == ErrorCode::InvalidArgument);

    const std::vector<X25519PublicKey> zero = {X25519PublicKey{}};
    auto zeroClient = (*transport)->publish(seedOf(0x44), zero);
    REQUIRE_FALSE(zeroClient);
    CHECK(zeroClient.error().code == ErrorCode::InvalidArgument);

    const std::vector<X25519PublicKey> tooMany(TorTransport::kMaxAuthorizedClients + 1,
                                               ClientAuthKey::generate().publicKey().bytes());
    auto crowded = (*transport)->publish(seedOf(0x45), tooMany);
    REQUIRE_FALSE(crowded);
    CHECK(crowded.error().code == ErrorCode::InvalidArgument);
    CHECK(currentOnions(offline.tor->control()).empty());

    // A refused publish leaves nothing reserved: the same seed works.
    CHECK((*transport)->publish(seedOf(0x44), {}));
}

TEST_CASE("each service listens on its own private socket, removed on unpublish",
          "[transport][tortransport][tor]") {
    OfflineTor offline;
    RecordingTransportListener listener;
    auto transport = TorTransport::create(*offline.tor, listener);
    REQUIRE(transport);

    auto a = (*transport)->publish(seedOf(0x51), {});
    auto b = (*transport)->publish(seedOf(0x52), {});
    REQUIRE(a);
    REQUIRE(b);
    const auto pathA = (*transport)->socketPath(*a);
    const auto pathB = (*transport)->socketPath(*b);
    REQUIRE_FALSE(pathA.empty());
    CHECK(pathA != pathB);

    const auto dir = offline.tor->dataDirectory() / TorTransport::kSocketDirectoryName;
    CHECK(pathA.parent_path() == dir);
    CHECK((modeOf(dir) & 0777) == 0700);
    CHECK(S_ISSOCK(modeOf(pathA)));
    CHECK((modeOf(pathA) & 0777) == 0600);
    // The file name does not reveal the service.
    CHECK(pathA.filename().string().find(OnionAddress::fromPublicKey(*a).serviceId()) ==
          std::string::npos);

    REQUIRE((*transport)->unpublish(*a));
    CHECK_FALSE(std::filesystem::exists(pathA));
    CHECK((*transport)->socketPath(*a).empty());
    CHECK(std::filesystem::exists(pathB));
    CHECK(connectUnix(pathA) < 0);
}

TEST_CASE("a connection to a service's socket reaches the listener as a working stream",
          "[transport][tortransport][tor]") {
    OfflineTor offline;
    RecordingTransportListener listener;
    auto transport = TorTransport::create(*offline.tor, listener);
    REQUIRE(transport);
    auto quiet = (*transport)->publish(seedOf(0x61), {});
    auto service = (*transport)->publish(seedOf(0x62), {});
    REQUIRE(quiet);
    REQUIRE(service);

    // This is where Tor connects for each client stream.
    const int client = connectUnix((*transport)->socketPath(*service));
    REQUIRE(client >= 0);
    Ed25519PublicKey arrivedOn{};
    auto stream = listener.takeStream(5s, &arrivedOn);
    REQUIRE(stream);
    CHECK(arrivedOn == *service);

    const std::string hello = "hello from a client";
    REQUIRE(::send(client, hello.data(), hello.size(), MSG_NOSIGNAL) ==
            static_cast<ssize_t>(hello.size()));
    std::string got;
    while (got.size() < hello.size()) {
        std::array<std::uint8_t, 64> buffer{};
        auto n = stream->read(buffer, 5s);
        REQUIRE(n);
        REQUIRE(*n > 0);
        got.append(reinterpret_cast<const char*>(buffer.data()), *n);
    }
    CHECK(got == hello);

    const std::string answer = "and back";
    REQUIRE(stream->write(
        std::span(reinterpret_cast<const std::uint8_t*>(answer.data()), answer.size()), 5s));
    std::string back(answer.size(), '\0');
    REQUIRE(::recv(client, back.data(), back.size(), MSG_WAITALL) ==
            static_cast<ssize_t>(answer.size()));
    CHECK(back == answer);

    // The stream outlives the service: unpublish leaves it open.
    REQUIRE((*transport)->unpublish(*service));
    REQUIRE(stream->write(
        std::span(reinterpret_cast<const std::uint8_t*>(answer.data()), answer.size()), 5s));
    REQUIRE(::recv(client, back.data(), back.size(), MSG_WAITALL) ==
            static_cast<ssize_t>(answer.size()));
    ::close(client);
    std::array<std::uint8_t, 8> buffer{};
    auto end = stream->read(buffer, 5s);
    REQUIRE(end);
    CHECK(*end == 0);
    CHECK(listener.streamCount() == 1);
}

TEST_CASE("a flood of inbound streams is cut at the accept burst and refilled over time",
          "[transport][tortransport][tor][flood]") {
    OfflineTor offline;
    RecordingTransportListener listener;
    TorTransport::Limits limits;
    limits.acceptBurst = 3;
    limits.acceptsPerSecond = 2;
    auto transport = TorTransport::create(*offline.tor, listener, limits);
    REQUIRE(transport);
    auto service = (*transport)->publish(seedOf(0x71), {});
    INFO(describe(service));
    REQUIRE(service);
    const auto path = (*transport)->socketPath(*service);

    std::vector<int> clients;
    for (int i = 0; i < 10; ++i) {
        const int fd = connectUnix(path);
        REQUIRE(fd >= 0);
        clients.push_back(fd);
    }
    REQUIRE(waitFor(
        [&] { return listener.streamCount() + (*transport)->refusedInboundStreams() >= 10; }, 5s));
    // A refill of 2/s may admit one more while the ten are being taken.
    CHECK(listener.streamCount() >= 3);
    CHECK(listener.streamCount() <= 4);
    CHECK((*transport)->refusedInboundStreams() == 10 - listener.streamCount());

    // A refused client sees its stream end at once.
    int ended = 0;
    for (const int fd : clients) {
        char byte = 0;
        if (::recv(fd, &byte, 1, MSG_DONTWAIT) == 0) {
            ++ended;
        }
    }
    CHECK(ended == static_cast<int>(10 - listener.streamCount()));

    // After a second, the bucket has refilled: a new stream gets in.
    const std::size_t before = listener.streamCount();
    std::this_thread::sleep_for(1200ms);
    const int late = connectUnix(path);
    REQUIRE(late >= 0);
    CHECK(waitFor([&] { return listener.streamCount() == before + 1; }, 5s));
    for (const int fd : clients) {
        ::close(fd);
    }
    ::close(late);
}

TEST_CASE("outstanding inbound streams are bounded per service and freed when dropped",
          "[transport][tortransport][tor][flood]") {
    OfflineTor offline;
    RecordingTransportListener listener;
    TorTransport::Limits limits;
    limits.maxOutstandingPerService = 2;
    auto transport = TorTransport::create(*offline.tor, listener, limits);
    REQUIRE(transport);
    auto service = (*transport)->publish(seedOf(0x72), {});
    REQUIRE(service);
    const auto path = (*transport)->socketPath(*service);

    std::vector<int> clients;
    for (int i = 0; i < 3; ++i) {
        clients.push_back(connectUnix(path));
        REQUIRE(clients.back() >= 0);
    }
    REQUIRE(waitFor(
        [&] { return listener.streamCount() + (*transport)->refusedInboundStreams() >= 3; }, 5s));
    CHECK(listener.streamCount() == 2);
    CHECK((*transport)->refusedInboundStreams() == 1);

    // The listener destroys its streams: their slots are free again.
    listener.dropStreams();
    clients.push_back(connectUnix(path));
    REQUIRE(clients.back() >= 0);
    CHECK(waitFor([&] { return listener.streamCount() == 3; }, 5s));
    CHECK((*transport)->refusedInboundStreams() == 1);
    for (const int fd : clients) {
        ::close(fd);
    }
}

TEST_CASE("client-auth keys are registered in memory only and removed",
          "[transport][tortransport][tor]") {
    OfflineTor offline;
    RecordingTransportListener listener;
    auto transport = TorTransport::create(*offline.tor, listener);
    REQUIRE(transport);
    const auto remote = OnionServiceKey::generate();
    const auto credential = ClientAuthKey::generate();
    const std::string id = remote.address().serviceId();

    REQUIRE((*transport)->addClientAuth(remote.publicKey(), credential.privateKey()));
    auto viewed = offline.tor->control().command("ONION_CLIENT_AUTH_VIEW " + id);
    REQUIRE(viewed);
    const std::string expected = "CLIENT " + id + " " + asText(credential.onionClientAuthAddBlob());
    // Exactly our key, and no Flags=Permanent: Tor writes nothing to disk.
    CHECK(std::ranges::any_of(viewed->lines, [&](const auto& l) { return l.text == expected; }));

    // A second key replaces the first.
    const auto replacement = ClientAuthKey::generate();
    REQUIRE((*transport)->addClientAuth(remote.publicKey(), replacement.privateKey()));
    viewed = offline.tor->control().command("ONION_CLIENT_AUTH_VIEW " + id);
    REQUIRE(viewed);
    CHECK(std::ranges::any_of(viewed->lines, [&](const auto& l) {
        return l.text == "CLIENT " + id + " " + asText(replacement.onionClientAuthAddBlob());
    }));

    REQUIRE((*transport)->removeClientAuth(remote.publicKey()));
    viewed = offline.tor->control().command("ONION_CLIENT_AUTH_VIEW " + id);
    REQUIRE(viewed);
    CHECK(std::ranges::none_of(viewed->lines,
                               [&](const auto& l) { return l.text.starts_with("CLIENT "); }));
    auto again = (*transport)->removeClientAuth(remote.publicKey());
    REQUIRE_FALSE(again);
    CHECK(again.error().code == ErrorCode::NotFound);

    auto zero = (*transport)->addClientAuth(remote.publicKey(), std::vector<std::uint8_t>(32, 0));
    REQUIRE_FALSE(zero);
    CHECK(zero.error().code == ErrorCode::InvalidArgument);
}

TEST_CASE("destroying the transport withdraws its services, keys and sockets",
          "[transport][tortransport][tor]") {
    OfflineTor offline;
    RecordingTransportListener listener;
    auto transport = TorTransport::create(*offline.tor, listener);
    REQUIRE(transport);
    auto service = (*transport)->publish(seedOf(0x81), {});
    REQUIRE(service);
    const auto path = (*transport)->socketPath(*service);
    const auto remote = OnionServiceKey::generate();
    REQUIRE(
        (*transport)->addClientAuth(remote.publicKey(), ClientAuthKey::generate().privateKey()));
    REQUIRE(currentOnions(offline.tor->control()).size() == 1);

    transport->reset();
    CHECK(currentOnions(offline.tor->control()).empty());
    CHECK_FALSE(std::filesystem::exists(path));
    CHECK_FALSE(std::filesystem::exists(path.parent_path()));
    auto viewed =
        offline.tor->control().command("ONION_CLIENT_AUTH_VIEW " + remote.address().serviceId());
    REQUIRE(viewed);
    CHECK(std::ranges::none_of(viewed->lines,
                               [&](const auto& l) { return l.text.starts_with("CLIENT "); }));

    // Tor runs on: a new transport can publish the same service again.
    auto second = TorTransport::create(*offline.tor, listener);
    REQUIRE(second);
    CHECK((*second)->publish(seedOf(0x81), {}));
}

TEST_CASE("a profile path too long for the services' sockets is a clear error",
          "[transport][tortransport][tor]") {
    TempDir dir;
    // Long enough for Tor's SOCKS socket (<dir>/socks.sock), too long for
    // <dir>/svc/<number>.sock.
    const std::string base = (dir / "").string();
    const auto data = std::filesystem::path(base + std::string(92 - base.size(), 'd'));
    OfflineTor offline(data);
    RecordingTransportListener listener;
    auto transport = TorTransport::create(*offline.tor, listener);
    REQUIRE_FALSE(transport);
    CHECK(transport.error().code == ErrorCode::InvalidArgument);
    CHECK(transport.error().message.find("too long") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(data / TorTransport::kSocketDirectoryName));
}

TEST_CASE("connect without a running Tor is a Network error", "[transport][tortransport][tor]") {
    OfflineTor offline;
    RecordingTransportListener listener;
    auto transport = TorTransport::create(*offline.tor, listener);
    REQUIRE(transport);
    offline.tor->stop();
    auto stream = (*transport)->connect(OnionServiceKey::generate().publicKey(), 5s);
    REQUIRE_FALSE(stream);
    CHECK(stream.error().code == ErrorCode::Network);
    // And the services it can no longer reach are refused cleanly.
    auto published = (*transport)->publish(seedOf(0x91), {});
    REQUIRE_FALSE(published);
    CHECK(published.error().code == ErrorCode::Closed);
}
