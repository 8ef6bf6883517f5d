#include "transport/TorTransport.h"

#include "core/SecureBuffer.h"
#include "transport/ClientAuthKey.h"
#include "transport/ClientAuthPublicKey.h"
#include "transport/DescriptorUploads.h"
#include "transport/InboundStream.h"
#include "transport/OnionAddress.h"
#include "transport/OnionServiceKey.h"
#include "transport/SocketStream.h"
#include "transport/SocketWait.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

namespace chive::transport {

using core::ErrorCode;
using core::fail;

namespace {

using Clock = std::chrono::steady_clock;

// How long the destructor waits for each DEL_ONION / ONION_CLIENT_AUTH_REMOVE.
constexpr std::chrono::seconds kCleanupTimeout{5};
// Streams taken from one service's backlog per wake-up, so that one flooded
// service cannot starve the others.
constexpr int kMaxAcceptsPerWake = 64;
// The longest socket file name: the socket number is a uint32_t.
constexpr std::string_view kLongestSocketName = "4294967295.sock";

bool isAllZero(std::span<const std::uint8_t> bytes) {
    return std::ranges::all_of(bytes, [](std::uint8_t b) { return b == 0; });
}

// A path Tor's ADD_ONION takes as Port=80,unix:<path>: its keyword values
// end at white space and may not contain quotes; a backslash would be read
// as an escape by the port parser.
bool isSafeSocketPath(std::string_view path) {
    return std::ranges::all_of(path,
                               [](char c) { return c > ' ' && c < 0x7F && c != '"' && c != '\\'; });
}

// Builds "<head><secret><tail>" in secure memory.
core::SecureBuffer secretLine(std::string_view head, std::span<const std::uint8_t> secret,
                              std::string_view tail) {
    core::SecureBuffer line(head.size() + secret.size() + tail.size());
    auto* out = line.data();
    out = std::copy(head.begin(), head.end(), out);
    out = std::copy(secret.begin(), secret.end(), out);
    std::copy(tail.begin(), tail.end(), out);
    return line;
}

std::string_view asText(const core::SecureBuffer& buffer) {
    return {reinterpret_cast<const char*>(buffer.data()), buffer.size()};
}

bool isTorStatus(const core::Error& error, std::string_view status) {
    // ControlConnection reports a refusal as "…: <status> <Tor's text>".
    return error.code == ErrorCode::Tor &&
           error.message.find(": " + std::string(status) + " ") != std::string::npos;
}

core::Status preparePrivateDirectory(const std::filesystem::path& dir) {
    if (::mkdir(dir.c_str(), S_IRWXU) != 0 && errno != EEXIST) {
        return fail(ErrorCode::Io, systemError("cannot create " + dir.string(), errno));
    }
    struct stat info {};
    if (::lstat(dir.c_str(), &info) != 0) {
        return fail(ErrorCode::Io, systemError("cannot inspect " + dir.string(), errno));
    }
    if (!S_ISDIR(info.st_mode) || info.st_uid != ::geteuid()) {
        return fail(ErrorCode::Io, dir.string() + " is not a directory of this user");
    }
    if (::chmod(dir.c_str(), S_IRWXU) != 0) {
        return fail(ErrorCode::Io, systemError("cannot make " + dir.string() + " private", errno));
    }
    // Sockets of a run that crashed: nothing listens on them any more.
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        if (entry.path().extension() == ".sock") {
            std::filesystem::remove(entry.path(), ec);
        }
    }
    return {};
}

core::Status checkSocketDirectory(const std::filesystem::path& dir) {
    const auto longest = (dir / kLongestSocketName).string();
    if (longest.size() >= sizeof(sockaddr_un::sun_path)) {
        return fail(ErrorCode::InvalidArgument,
                    "the profile path is too long for onion service sockets: " + dir.string() +
                        " gives socket paths of up to " + std::to_string(longest.size()) +
                        " bytes, and a unix socket path has at most " +
                        std::to_string(sizeof(sockaddr_un::sun_path) - 1));
    }
    if (!isSafeSocketPath(longest)) {
        return fail(ErrorCode::InvalidArgument,
                    "the profile path contains a space, quote, backslash or control "
                    "character, which Tor's ADD_ONION cannot take: " +
                        dir.string());
    }
    return preparePrivateDirectory(dir);
}

} // namespace

struct TorTransport::Service {
    core::Ed25519PublicKey key{};
    std::string serviceId;
    std::filesystem::path socketPath; // empty for a TCP target
    std::uint16_t port = 0;           // the TCP target's port on 127.0.0.1
    UniqueFd listener;
    // Set once Tor accepted ADD_ONION, cleared by unpublish.
    std::atomic<bool> published{false};
    // Acceptor thread only: the token bucket.
    double tokens = 0;
    Clock::time_point refilled = Clock::now();
    // Shared with the InboundStreams alive.
    std::shared_ptr<std::atomic<std::size_t>> outstanding =
        std::make_shared<std::atomic<std::size_t>>(0);
    // Control reader thread, under m_mutex.
    DescriptorUploads uploads;
};

TorTransport::TorTransport(RunningTor& tor, core::TransportListener& listener, Limits limits,
                           std::optional<std::filesystem::path> socketDirectory)
    : m_tor(tor)
    , m_listener(listener)
    , m_limits(limits)
    , m_socketDirectory(std::move(socketDirectory))
    , m_outstandingTotal(std::make_shared<std::atomic<std::size_t>>(0)) {}

core::Result<std::unique_ptr<TorTransport>>
TorTransport::create(RunningTor& tor, core::TransportListener& listener, Limits limits) {
    const auto directory = tor.serviceSocketDirectory();
    if (directory) {
        if (auto ok = checkSocketDirectory(*directory); !ok) {
            return fail(ok.error());
        }
    }
    std::array<int, 2> pipe{-1, -1};
    if (::pipe2(pipe.data(), O_CLOEXEC | O_NONBLOCK) != 0) {
        return fail(ErrorCode::Io, systemError("cannot create the acceptor's wake pipe", errno));
    }
    std::unique_ptr<TorTransport> transport(new TorTransport(tor, listener, limits, directory));
    transport->m_wakeRead = UniqueFd(pipe[0]);
    transport->m_wakeWrite = UniqueFd(pipe[1]);
    if (auto ok = tor.addEventSink(*transport, {"HS_DESC"}); !ok) {
        return fail(ok.error());
    }
    TorTransport* self = transport.get();
    transport->m_acceptor = std::thread([self] { self->acceptLoop(); });
    return transport;
}

TorTransport::~TorTransport() {
    m_tor.removeEventSink(*this);
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    wakeAcceptor();
    if (m_acceptor.joinable()) {
        m_acceptor.join();
    }
    ServiceMap services;
    std::set<core::Ed25519PublicKey> clientAuth;
    {
        std::lock_guard lock(m_mutex);
        services.swap(m_services);
        clientAuth.swap(m_clientAuth);
    }
    // Tor may outlive the transport: leave nothing of ours in it. Once Tor
    // fails to answer, do not wait on it again for every service.
    bool torAnswers = m_tor.control().isOpen();
    for (auto& [key, service] : services) {
        service->published = false;
        std::error_code ignored;
        std::filesystem::remove(service->socketPath, ignored);
        if (torAnswers) {
            auto removed = delOnion(service->serviceId, kCleanupTimeout);
            torAnswers = removed || (removed.error().code != ErrorCode::Timeout &&
                                     removed.error().code != ErrorCode::Closed);
        }
    }
    for (const auto& service : clientAuth) {
        if (!torAnswers) {
            break;
        }
        auto removed = m_tor.control().command("ONION_CLIENT_AUTH_REMOVE " +
                                                   OnionAddress::fromPublicKey(service).serviceId(),
                                               kCleanupTimeout);
        torAnswers = removed || (removed.error().code != ErrorCode::Timeout &&
                                 removed.error().code != ErrorCode::Closed);
    }
    if (m_socketDirectory) {
        ::rmdir(m_socketDirectory->c_str()); // only if empty; nothing else lives there
    }
}

// --------------------------------------------------------------- publish ---

core::Result<core::Ed25519PublicKey>
TorTransport::publish(std::span<const std::uint8_t> serviceSeed,
                      std::span<const core::X25519PublicKey> authorizedClients) {
    auto key = OnionServiceKey::fromSeed(serviceSeed);
    if (!key) {
        return fail(key.error());
    }
    if (authorizedClients.size() > kMaxAuthorizedClients) {
        return fail(ErrorCode::InvalidArgument, "at most " + std::to_string(kMaxAuthorizedClients) +
                                                    " authorized clients per service, got " +
                                                    std::to_string(authorizedClients.size()));
    }
    if (std::ranges::any_of(authorizedClients,
                            [](const core::X25519PublicKey& k) { return isAllZero(k); })) {
        return fail(ErrorCode::InvalidArgument, "an authorized client key is all zeros");
    }

    auto service = std::make_shared<Service>();
    service->key = key->publicKey();
    service->serviceId = key->address().serviceId();
    service->tokens = m_limits.acceptBurst;
    {
        std::lock_guard lock(m_mutex);
        if (m_stopping) {
            return fail(ErrorCode::Closed, "the transport is shutting down");
        }
        // Reserved before ADD_ONION: a second publish of the same key fails
        // here, and HS_DESC events that follow Tor's reply find the service.
        if (!m_services.emplace(service->key, service).second) {
            return fail(ErrorCode::AlreadyExists, "the onion service is already published");
        }
        if (m_socketDirectory) {
            service->socketPath =
                *m_socketDirectory / (std::to_string(m_nextSocketNumber++) + ".sock");
        }
    }
    auto withdraw = [&] {
        std::lock_guard lock(m_mutex);
        m_services.erase(service->key);
    };

    if (auto listening = listen(*service); !listening) {
        withdraw();
        return fail(listening.error());
    }
    const auto blob = key->addOnionKeyBlob();
    if (auto added = addOnion(*service, blob.span(), authorizedClients); !added) {
        withdraw();
        std::error_code ignored;
        std::filesystem::remove(service->socketPath, ignored);
        return fail(added.error());
    }
    service->published = true;
    wakeAcceptor();
    return service->key;
}

core::Status TorTransport::listen(Service& service) {
    auto listener =
        service.socketPath.empty() ? listenOnLoopback(service.port) : listenOn(service.socketPath);
    if (!listener) {
        return fail(listener.error());
    }
    service.listener = std::move(*listener);
    return {};
}

core::Result<UniqueFd> TorTransport::listenOnLoopback(std::uint16_t& port) {
    UniqueFd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
    if (!fd) {
        return fail(ErrorCode::Io, systemError("cannot create a TCP socket", errno));
    }
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK); // never another interface
    address.sin_port = 0;
    socklen_t length = sizeof(address);
    if (::bind(fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof(address)) != 0 ||
        ::listen(fd.get(), kListenBacklog) != 0 ||
        ::getsockname(fd.get(), reinterpret_cast<sockaddr*>(&address), &length) != 0) {
        return fail(ErrorCode::Io, systemError("cannot listen on 127.0.0.1", errno));
    }
    port = ntohs(address.sin_port);
    return fd;
}

core::Result<UniqueFd> TorTransport::listenOn(const std::filesystem::path& path) {
    const std::string text = path.string();
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (text.size() >= sizeof(address.sun_path)) {
        return fail(ErrorCode::InvalidArgument, "service socket path too long: " + text);
    }
    std::copy(text.begin(), text.end(), std::begin(address.sun_path));
    ::unlink(text.c_str());
    UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
    if (!fd) {
        return fail(ErrorCode::Io, systemError("cannot create a unix socket", errno));
    }
    if (::bind(fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof(address)) != 0) {
        return fail(ErrorCode::Io, systemError("cannot bind " + text, errno));
    }
    // The directory is already 0700; the socket itself need not be wider.
    if (::chmod(text.c_str(), S_IRUSR | S_IWUSR) != 0 || ::listen(fd.get(), kListenBacklog) != 0) {
        const int error = errno;
        ::unlink(text.c_str());
        return fail(ErrorCode::Io, systemError("cannot listen on " + text, error));
    }
    return fd;
}

core::Status TorTransport::addOnion(const Service& service, std::span<const std::uint8_t> keyBlob,
                                    std::span<const core::X25519PublicKey> authorizedClients) {
    // DiscardPK: Tor must never send a key back (it would only for a key it
    // generated, but the flag makes that certain).
    std::string flags = "DiscardPK";
    std::string tail;
    if (m_limits.maxStreamsPerCircuit > 0) {
        flags += ",MaxStreamsCloseCircuit";
        tail += " MaxStreams=" + std::to_string(m_limits.maxStreamsPerCircuit);
    }
    if (!authorizedClients.empty()) {
        // Tor 0.4.9 answers "512 No auth type specified" to ClientAuthV3
        // without this flag.
        flags += ",V3Auth";
    }
    // The target is unquoted: ADD_ONION's keyword values may not contain a
    // quote (Tor answers "Cannot parse keyword argument(s)"), so
    // unix:"<path>" is refused; create() made sure the path needs none.
    const std::string target = service.socketPath.empty()
                                   ? "127.0.0.1:" + std::to_string(service.port)
                                   : "unix:" + service.socketPath.string();
    tail = " Flags=" + flags + tail + " Port=" + std::to_string(core::kServicePort) + "," + target;
    for (const auto& client : authorizedClients) {
        tail += " ClientAuthV3=" + ClientAuthPublicKey(client).toBase32();
    }
    const auto line = secretLine("ADD_ONION ", keyBlob, tail);
    auto reply = m_tor.control().command(asText(line));
    if (!reply) {
        if (isTorStatus(reply.error(), "550")) {
            return fail(ErrorCode::AlreadyExists, "Tor already publishes this onion service");
        }
        return fail(reply.error());
    }
    const std::string expected = "ServiceID=" + service.serviceId;
    const bool ours = std::ranges::any_of(
        reply->lines, [&](const ControlReplyLine& l) { return l.text == expected; });
    if (!ours) {
        // Cannot happen with a Tor that derives addresses as we do; do not
        // leave an unknown service behind if it does.
        (void)delOnion(service.serviceId, kCleanupTimeout);
        return fail(ErrorCode::Internal, "Tor published the onion service under another address");
    }
    return {};
}

core::Status TorTransport::delOnion(const std::string& serviceId,
                                    std::chrono::milliseconds timeout) {
    auto reply = m_tor.control().command("DEL_ONION " + serviceId, timeout);
    if (!reply && !isTorStatus(reply.error(), "552")) { // 552: Tor has no such service
        return fail(reply.error());
    }
    return {};
}

core::Status TorTransport::unpublish(const core::Ed25519PublicKey& service) {
    std::shared_ptr<Service> removed;
    {
        std::lock_guard lock(m_mutex);
        const auto found = m_services.find(service);
        if (found == m_services.end() || !found->second->published) {
            return fail(ErrorCode::NotFound, "the onion service is not published");
        }
        removed = found->second;
        removed->published = false;
        m_services.erase(found);
    }
    // The acceptor drops its reference on waking, which closes the socket.
    wakeAcceptor();
    std::error_code ignored;
    std::filesystem::remove(removed->socketPath, ignored);
    auto deleted = delOnion(removed->serviceId, ControlConnection::kDefaultTimeout);
    if (!deleted && deleted.error().code == ErrorCode::Closed) {
        return {}; // Tor has stopped, and its services with it
    }
    return deleted;
}

// ----------------------------------------------------------- client auth ---

core::Status TorTransport::addClientAuth(const core::Ed25519PublicKey& service,
                                         std::span<const std::uint8_t> clientAuthPrivateKey) {
    auto key = ClientAuthKey::fromPrivateKey(clientAuthPrivateKey);
    if (!key) {
        return fail(key.error());
    }
    // No Flags=Permanent: Tor keeps the key in memory only.
    const auto blob = key->onionClientAuthAddBlob();
    const auto line = secretLine("ONION_CLIENT_AUTH_ADD " +
                                     OnionAddress::fromPublicKey(service).serviceId() + " ",
                                 blob.span(), {});
    auto reply = m_tor.control().command(asText(line));
    if (!reply) {
        return fail(reply.error());
    }
    std::lock_guard lock(m_mutex);
    m_clientAuth.insert(service);
    return {};
}

core::Status TorTransport::removeClientAuth(const core::Ed25519PublicKey& service) {
    auto reply = m_tor.control().command("ONION_CLIENT_AUTH_REMOVE " +
                                         OnionAddress::fromPublicKey(service).serviceId());
    if (!reply) {
        return fail(reply.error());
    }
    {
        std::lock_guard lock(m_mutex);
        m_clientAuth.erase(service);
    }
    if (reply->status == 251) { // "No credentials for …"
        return fail(ErrorCode::NotFound, "no client-auth key is registered for the service");
    }
    return {};
}

// --------------------------------------------------------------- connect ---

core::Result<std::unique_ptr<core::ByteStream>>
TorTransport::connect(const core::Ed25519PublicKey& service, std::chrono::milliseconds timeout) {
    auto socks = m_tor.socksEndpoint();
    if (!socks) {
        return fail(ErrorCode::Network, "Tor is not available: " + socks.error().message);
    }
    auto fd = Socks5Client(*socks).connect(OnionAddress::fromPublicKey(service), core::kServicePort,
                                           timeout);
    if (!fd) {
        if (fd.error().code == ErrorCode::Closed) {
            return fail(ErrorCode::Network, "Tor is not available: " + fd.error().message);
        }
        return fail(fd.error());
    }
    auto stream = SocketStream::adopt(std::move(*fd));
    if (!stream) {
        return fail(stream.error());
    }
    return std::unique_ptr<core::ByteStream>(std::move(*stream));
}

std::filesystem::path TorTransport::socketPath(const core::Ed25519PublicKey& service) const {
    std::lock_guard lock(m_mutex);
    const auto found = m_services.find(service);
    if (found == m_services.end() || !found->second->published) {
        return {};
    }
    return found->second->socketPath;
}

std::uint16_t TorTransport::targetPort(const core::Ed25519PublicKey& service) const {
    std::lock_guard lock(m_mutex);
    const auto found = m_services.find(service);
    if (found == m_services.end() || !found->second->published) {
        return 0;
    }
    return found->second->port;
}

// ---------------------------------------------------------------- events ---

void TorTransport::onControlEvent(const ControlReply& event) {
    auto parsed = HsDescEvent::parse(event.firstText());
    if (parsed) {
        onHsDescEvent(*parsed);
    }
    // A malformed event is dropped: it cannot be about a service of ours
    // in any way we could act on.
}

void TorTransport::onHsDescEvent(const HsDescEvent& event) {
    if (!event.address()) {
        return;
    }
    const core::Ed25519PublicKey& key = event.address()->publicKey();
    DescriptorUploads::Outcome outcome = DescriptorUploads::Outcome::None;
    {
        std::lock_guard lock(m_mutex);
        const auto found = m_services.find(key);
        if (found == m_services.end()) {
            return; // not ours, or a client-side fetch
        }
        outcome = found->second->uploads.onEvent(event);
    }
    if (outcome == DescriptorUploads::Outcome::Uploaded) {
        m_listener.onServiceReachable(key);
    } else if (outcome == DescriptorUploads::Outcome::UploadFailed) {
        m_listener.onServiceUploadFailed(key,
                                         event.reason().empty() ? "upload failed" : event.reason());
    }
}

// -------------------------------------------------------------- acceptor ---

void TorTransport::wakeAcceptor() const {
    const std::uint8_t byte = 1;
    // EAGAIN: a wake-up is already pending, which is as good.
    [[maybe_unused]] const ssize_t written = ::write(m_wakeWrite.get(), &byte, 1);
}

void TorTransport::acceptLoop() {
    std::vector<std::shared_ptr<Service>> services;
    std::vector<pollfd> fds;
    while (true) {
        services.clear();
        {
            std::lock_guard lock(m_mutex);
            if (m_stopping) {
                return;
            }
            for (const auto& [key, service] : m_services) {
                if (service->published) {
                    services.push_back(service);
                }
            }
        }
        fds.assign(1, pollfd{m_wakeRead.get(), POLLIN, 0});
        for (const auto& service : services) {
            fds.push_back(pollfd{service->listener.get(), POLLIN, 0});
        }
        if (::poll(fds.data(), fds.size(), -1) < 0) {
            if (errno != EINTR) {
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
            }
            continue;
        }
        if ((fds[0].revents & POLLIN) != 0) {
            std::array<std::uint8_t, 64> drain{};
            while (::read(m_wakeRead.get(), drain.data(), drain.size()) > 0) {
            }
        }
        for (std::size_t i = 0; i < services.size(); ++i) {
            if ((fds[i + 1].revents & POLLIN) != 0) {
                acceptOn(*services[i]);
            }
        }
    }
}

void TorTransport::acceptOn(Service& service) {
    for (int i = 0; i < kMaxAcceptsPerWake; ++i) {
        UniqueFd fd(
            ::accept4(service.listener.get(), nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK));
        if (!fd) {
            const int error = errno;
            if (error == EINTR || error == ECONNABORTED) {
                continue;
            }
            if (error == EMFILE || error == ENFILE || error == ENOBUFS || error == ENOMEM) {
                // The stream stays in the backlog and the socket readable:
                // pause instead of spinning until descriptors free up.
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
            }
            return; // EAGAIN: the backlog is empty
        }

        const auto now = Clock::now();
        const std::chrono::duration<double> elapsed = now - service.refilled;
        service.refilled = now;
        service.tokens = std::min(static_cast<double>(m_limits.acceptBurst),
                                  service.tokens + elapsed.count() * m_limits.acceptsPerSecond);
        const bool admitted = service.published && service.tokens >= 1.0 &&
                              service.outstanding->load() < m_limits.maxOutstandingPerService &&
                              m_outstandingTotal->load() < m_limits.maxOutstandingTotal;
        if (!admitted) {
            m_refusedInbound.fetch_add(1);
            continue; // closes it: Tor ends the client's stream
        }
        auto stream = SocketStream::adopt(std::move(fd));
        if (!stream) {
            m_refusedInbound.fetch_add(1);
            continue;
        }
        service.tokens -= 1.0;
        service.outstanding->fetch_add(1);
        m_outstandingTotal->fetch_add(1);
        m_listener.onInboundStream(
            service.key, std::make_unique<InboundStream>(std::move(*stream), service.outstanding,
                                                         m_outstandingTotal));
    }
}

} // namespace chive::transport
