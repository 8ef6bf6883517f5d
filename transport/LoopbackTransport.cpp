#include "transport/LoopbackTransport.h"

#include "core/Sodium.h"
#include "transport/LoopbackNetwork.h"

#include <sodium.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <string>
#include <system_error>
#include <utility>

namespace chive::transport {
namespace {

constexpr std::size_t kSeedLength = crypto_sign_SEEDBYTES;
constexpr std::size_t kClientAuthKeyLength = crypto_scalarmult_SCALARBYTES;

} // namespace

LoopbackTransport::LoopbackTransport(LoopbackNetwork& network, core::TransportListener& listener,
                                     std::size_t maxOpenStreams)
    : m_network(network)
    , m_listener(listener)
    , m_maxOpenStreams(maxOpenStreams) {
    core::ensureSodium();
    m_network.attach();
    m_thread = std::thread([this] { run(); });
}

LoopbackTransport::~LoopbackTransport() {
    // First off the network, so that no connect can hand us a stream any
    // more; then stop the listener thread; then cut what is still open.
    m_network.detach(*this);
    {
        const std::lock_guard lock(m_queueMutex);
        m_stopping = true;
    }
    m_queueChanged.notify_all();
    m_thread.join();
    {
        const std::lock_guard lock(m_queueMutex);
        m_queue.clear(); // closes inbound streams nobody received
    }
    cutStreams();
}

core::Result<core::Ed25519PublicKey>
LoopbackTransport::publish(std::span<const std::uint8_t> serviceSeed,
                           std::span<const core::X25519PublicKey> authorizedClients) {
    if (serviceSeed.size() != kSeedLength) {
        return core::fail(core::ErrorCode::InvalidArgument, "an ed25519 seed has 32 bytes, got " +
                                                                std::to_string(serviceSeed.size()));
    }
    core::Ed25519PublicKey service{};
    {
        core::SecureBuffer secretKey(crypto_sign_SECRETKEYBYTES);
        crypto_sign_seed_keypair(service.data(), secretKey.data(), serviceSeed.data());
    }
    auto added = m_network.add(
        service, *this,
        std::vector<core::X25519PublicKey>(authorizedClients.begin(), authorizedClients.end()));
    if (!added) {
        return core::fail(added.error());
    }
    ++m_publishes;
    if (isOnline()) {
        post(Event{Event::Kind::Reachable, service, {}, nullptr});
    } else {
        post(Event{Event::Kind::UploadFailed, service, "the transport is offline", nullptr});
    }
    return service;
}

core::Status LoopbackTransport::unpublish(const core::Ed25519PublicKey& service) {
    return m_network.remove(service, *this);
}

core::Status LoopbackTransport::addClientAuth(const core::Ed25519PublicKey& service,
                                              std::span<const std::uint8_t> clientAuthPrivateKey) {
    if (clientAuthPrivateKey.size() != kClientAuthKeyLength) {
        return core::fail(core::ErrorCode::InvalidArgument,
                          "an x25519 private key has 32 bytes, got " +
                              std::to_string(clientAuthPrivateKey.size()));
    }
    // Tor refuses an all-zero key; so do we, to fail in the same places.
    if (sodium_is_zero(clientAuthPrivateKey.data(), clientAuthPrivateKey.size()) != 0) {
        return core::fail(core::ErrorCode::InvalidArgument, "the client-auth key is all zeros");
    }
    ClientAuth auth{core::SecureBuffer::copyOf(clientAuthPrivateKey), {}};
    if (crypto_scalarmult_base(auth.publicKey.data(), auth.privateKey.data()) != 0) {
        return core::fail(core::ErrorCode::InvalidArgument, "the client-auth key is unusable");
    }
    const std::lock_guard lock(m_mutex);
    m_clientAuth.insert_or_assign(service, std::move(auth));
    return {};
}

core::Status LoopbackTransport::removeClientAuth(const core::Ed25519PublicKey& service) {
    const std::lock_guard lock(m_mutex);
    if (m_clientAuth.erase(service) == 0) {
        return core::fail(core::ErrorCode::NotFound, "no client-auth key for the service");
    }
    return {};
}

core::Result<std::unique_ptr<core::ByteStream>>
LoopbackTransport::connect(const core::Ed25519PublicKey& service,
                           std::chrono::milliseconds timeout) {
    ++m_connectAttempts;
    const auto delay = m_connectDelay.load();
    if (delay > timeout) {
        std::this_thread::sleep_for(std::max(timeout, std::chrono::milliseconds{0}));
        return core::fail(core::ErrorCode::Timeout, "the connection was not made in time");
    }
    if (delay.count() > 0) {
        std::this_thread::sleep_for(delay);
    }
    if (!isOnline()) {
        return core::fail(core::ErrorCode::Network, "the transport is offline");
    }

    std::optional<core::X25519PublicKey> clientAuth;
    {
        const std::lock_guard lock(m_mutex);
        if (const auto found = m_clientAuth.find(service); found != m_clientAuth.end()) {
            clientAuth = found->second.publicKey;
        }
    }
    auto link = reserveLink();
    if (!link) {
        return core::fail(core::ErrorCode::Network, "too many open streams");
    }
    std::array<int, 2> ends{-1, -1};
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ends.data()) != 0) {
        return core::fail(core::ErrorCode::Io,
                          "socketpair: " +
                              std::error_code(errno, std::generic_category()).message());
    }
    UniqueFd serverEnd(ends[1]);
    // Ours first: if it cannot be made, the service never sees a stream.
    auto stream = LoopbackStream::adopt(UniqueFd(ends[0]), std::move(link));
    if (!stream) {
        return core::fail(stream.error());
    }
    auto routed = m_network.route(service, clientAuth, std::move(serverEnd));
    if (!routed) {
        return core::fail(routed.error());
    }
    ++m_connects;
    return std::unique_ptr<core::ByteStream>(std::move(*stream));
}

void LoopbackTransport::setOnline(bool online) {
    if (m_online.exchange(online) || !online) {
        return;
    }
    // Back online: Tor would upload every descriptor again.
    for (const auto& service : m_network.servicesOf(*this)) {
        post(Event{Event::Kind::Reachable, service, {}, nullptr});
    }
}

std::size_t LoopbackTransport::cutStreams() {
    std::vector<std::shared_ptr<LoopbackStream::Link>> links;
    {
        const std::lock_guard lock(m_mutex);
        for (const auto& weak : m_links) {
            if (auto link = weak.lock()) {
                links.push_back(std::move(link));
            }
        }
        m_links.clear();
    }
    // Outside our mutex: the last reference to a link may be dropped here.
    return static_cast<std::size_t>(
        std::count_if(links.begin(), links.end(), [](const auto& link) { return link->cut(); }));
}

std::size_t LoopbackTransport::openStreamCount() const {
    const std::lock_guard lock(m_mutex);
    return static_cast<std::size_t>(std::count_if(
        m_links.begin(), m_links.end(), [](const auto& weak) { return !weak.expired(); }));
}

LoopbackTransport::Counters LoopbackTransport::counters() const noexcept {
    return Counters{m_connectAttempts.load(), m_connects.load(), m_publishes.load(),
                    m_inboundStreams.load()};
}

std::shared_ptr<LoopbackStream::Link> LoopbackTransport::reserveLink() {
    const std::lock_guard lock(m_mutex);
    std::erase_if(m_links, [](const auto& weak) { return weak.expired(); });
    if (m_links.size() >= m_maxOpenStreams) {
        return nullptr;
    }
    auto link = std::make_shared<LoopbackStream::Link>();
    m_links.push_back(link);
    return link;
}

core::Status LoopbackTransport::acceptInbound(const core::Ed25519PublicKey& service,
                                              UniqueFd serverEnd) {
    auto link = reserveLink();
    if (!link) {
        return core::fail(core::ErrorCode::Network,
                          "the contact's transport has too many open streams");
    }
    auto stream = LoopbackStream::adopt(std::move(serverEnd), std::move(link));
    if (!stream) {
        return core::fail(stream.error());
    }
    ++m_inboundStreams;
    post(Event{Event::Kind::Inbound, service, {}, std::move(*stream)});
    return {};
}

void LoopbackTransport::post(Event event) {
    {
        const std::lock_guard lock(m_queueMutex);
        if (m_stopping) {
            return;
        }
        m_queue.push_back(std::move(event));
    }
    m_queueChanged.notify_one();
}

void LoopbackTransport::run() {
    while (true) {
        Event event;
        {
            std::unique_lock lock(m_queueMutex);
            m_queueChanged.wait(lock, [this] { return m_stopping || !m_queue.empty(); });
            if (m_stopping) {
                return;
            }
            event = std::move(m_queue.front());
            m_queue.pop_front();
        }
        switch (event.kind) {
        case Event::Kind::Reachable:
            m_listener.onServiceReachable(event.service);
            break;
        case Event::Kind::UploadFailed:
            m_listener.onServiceUploadFailed(event.service, event.reason);
            break;
        case Event::Kind::Inbound:
            m_listener.onInboundStream(event.service, std::move(event.stream));
            break;
        }
    }
}

} // namespace chive::transport
