#include "core/engine/Engine.h"

#include "core/engine/EngineSettings.h"

#include <chrono>
#include <utility>

namespace chive::core {

namespace {

// How long shutdown waits for the transport to withdraw services and keys.
constexpr std::chrono::seconds kWithdrawLimit{10};

std::size_t pendingInboundQueue(const EngineOptions& options) {
    return options.maxPendingInbound > options.inboundHandshakeThreads
               ? options.maxPendingInbound - options.inboundHandshakeThreads
               : 0;
}

// A pending contact has just exchanged links and is likely to try us soon;
// the others by how recently we talked.
ServicePublisher::Priority startPriority(const ContactRuntime& contact) {
    if (contact.state == ContactState::Pending) {
        return ServicePublisher::Priority::newContact();
    }
    return ServicePublisher::Priority::contact(
        contact.lastActivity ? contact.lastActivity->time_since_epoch().count() : 0);
}

} // namespace

Engine::Engine(StoreExecutor& store, Transport& transport, MessengerListener& listener,
               EngineOptions options)
    : m_options(std::move(options))
    , m_listener(listener)
    , m_loop(m_options.taskQueueCapacity)
    , m_publisher(transport, m_options.publishing,
                  [this](const ServicePublisher::Outcome& outcome) {
                      (void)m_loop.post([this, outcome] { onPublisherOutcome(outcome); });
                  })
    // Connect attempts wait in the pool's queue: one per contact or
    // invitation at most, so the queue holds them all.
    , m_connects(m_options.maxConcurrentConnects,
                 m_options.maxContacts + m_options.maxActiveInvitations)
    , m_handshakes(m_options.inboundHandshakeThreads, pendingInboundQueue(m_options))
    , m_context{m_loop,      store,      transport,    listener,
                m_publisher, m_connects, m_handshakes, m_options}
    , m_book(m_context)
    , m_connections(m_context, m_book)
    , m_invitations(m_context, m_book, m_connections) {
    m_connections.setPendingConfirmedHandler(
        [this](ContactRuntime& contact) { m_invitations.promote(contact); });
}

Result<std::unique_ptr<Engine>> Engine::create(StoreExecutor& store, Transport& transport,
                                               MessengerListener& listener, EngineOptions options) {
    std::unique_ptr<Engine> engine(new Engine(store, transport, listener, std::move(options)));
    if (auto started = engine->start(); !started) {
        return fail(started.error());
    }
    return engine;
}

Status Engine::start() {
    return m_loop.call([this]() -> Status {
        if (auto loaded = m_book.load(); !loaded) {
            return loaded;
        }
        if (auto loaded = m_invitations.load(); !loaded) {
            return loaded;
        }
        for (auto& [id, contact] : m_book.all()) {
            if (contact.state != ContactState::Blocked) {
                m_connections.announce(contact, startPriority(contact));
            }
        }
        return {};
    });
}

Engine::~Engine() {
    shutdown();
}

void Engine::shutdown() {
    if (m_shutDown.exchange(true)) {
        return;
    }
    (void)m_loop.call([this]() -> Status {
        m_context.stopping = true;
        m_invitations.stopAll();
        m_connections.stopAll();
        return {};
    });
    // Attempts in flight finish (each bounded by its timeout) and post their
    // results, which the stopping engine closes.
    m_connects.stop();
    m_handshakes.stop();
    (void)m_loop.call([this]() -> Status {
        m_connections.stopAll(); // sessions adopted while the workers finished
        m_connections.withdrawAll();
        m_invitations.withdrawAll();
        return {};
    });
    m_publisher.finish(kWithdrawLimit);
    m_loop.stop();
}

// Commands -------------------------------------------------------------------

Result<InvitationView> Engine::createInvitation(std::string_view alias) {
    return m_loop.call([&] { return m_invitations.create(alias); });
}

Status Engine::enterPeerLink(InvitationId invitation, std::string_view peerLink) {
    return m_loop.call([&] { return m_invitations.enterPeerLink(invitation, peerLink); });
}

Result<InvitationView> Engine::addContactFromLink(std::string_view alias,
                                                  std::string_view peerLink) {
    return m_loop.call([&] { return m_invitations.addContactFromLink(alias, peerLink); });
}

Status Engine::cancelInvitation(InvitationId invitation) {
    return m_loop.call([&] { return m_invitations.cancel(invitation); });
}

Result<std::vector<InvitationView>> Engine::invitations() {
    return m_loop.call([&] { return Result<std::vector<InvitationView>>(m_invitations.list()); });
}

Result<std::vector<ContactView>> Engine::contacts() {
    return m_loop.call([&] { return Result<std::vector<ContactView>>(m_book.list()); });
}

Result<ContactView> Engine::contact(ContactId contact) {
    return m_loop.call([&] { return m_book.view(contact); });
}

Status Engine::renameContact(ContactId contact, std::string_view alias) {
    return m_loop.call([&] { return m_book.rename(contact, alias); });
}

Status Engine::deleteContact(ContactId contact) {
    return m_loop.call([&] { return removeContact(contact); });
}

Status Engine::removeContact(ContactId id) {
    auto* contact = m_book.find(id);
    if (contact == nullptr) {
        return fail(ErrorCode::NotFound, "no such contact");
    }
    auto removed = m_context.store.run([id](ProfileStore& store) {
        return store.transaction([&]() -> Status {
            if (auto gone = store.contacts().remove(id); !gone) {
                return gone;
            }
            return EngineSettings::forgetContact(store.settings(), id);
        });
    });
    if (!removed) {
        return removed;
    }
    m_connections.withdraw(*contact);
    m_book.erase(id);
    m_invitations.contactRemoved(id);
    m_listener.onContactRemoved(id);
    return {};
}

Result<std::string> Engine::safetyNumber(ContactId contact) {
    return m_loop.call([&] { return m_book.safetyNumber(contact); });
}

Status Engine::setVerified(ContactId contact, bool verified) {
    return m_loop.call([&] { return m_book.setVerified(contact, verified); });
}

Result<StoredMessage> Engine::sendMessage(ContactId contact, std::string_view text) {
    return m_loop.call([&]() -> Result<StoredMessage> {
        auto queued = m_book.queueMessage(contact, text);
        if (queued) {
            m_connections.messageQueued(*m_book.find(contact));
        }
        return queued;
    });
}

Result<std::vector<StoredMessage>>
Engine::history(ContactId contact, std::optional<MessageRowId> before, std::size_t limit) {
    return m_loop.call([&] { return m_book.history(contact, before, limit); });
}

Result<std::vector<StoredMessage>>
Engine::search(std::string_view query, std::optional<ContactId> contact, std::size_t limit) {
    return m_loop.call([&] { return m_book.search(query, contact, limit); });
}

Status Engine::markRead(ContactId contact) {
    return m_loop.call([&] { return m_book.markRead(contact); });
}

Status Engine::deleteMessage(MessageRowId message) {
    return m_loop.call([&] { return m_book.deleteMessage(message); });
}

Status Engine::deleteConversation(ContactId contact) {
    return m_loop.call([&] { return m_book.deleteConversation(contact); });
}

// Network events ---------------------------------------------------------------

void Engine::onServiceReachable(const Ed25519PublicKey& service) {
    m_publisher.onServiceReachable(service);
}

void Engine::onServiceUploadFailed(const Ed25519PublicKey& service, const std::string& /*reason*/) {
    // One directory's refusal; the publisher re-publishes when no upload
    // comes at all.
    m_publisher.onServiceUploadFailed(service);
}

void Engine::onInboundStream(const Ed25519PublicKey& service, std::unique_ptr<ByteStream> stream) {
    // Someone found the service, so its descriptor is out there, whatever
    // became of the upload events.
    m_publisher.onServiceReachable(service);
    auto owned = std::make_shared<std::unique_ptr<ByteStream>>(std::move(stream));
    // A full queue drops the task, and with it the stream: the bound on
    // streams waiting for the engine.
    (void)m_loop.tryPost([this, service, owned] { routeInbound(service, std::move(*owned)); });
}

void Engine::routeInbound(const Ed25519PublicKey& service, std::unique_ptr<ByteStream> stream) {
    if (m_context.stopping) {
        return;
    }
    if (auto* contact = m_book.findByService(service); contact != nullptr) {
        m_connections.onInbound(*contact, std::move(stream));
    } else if (auto* invitation = m_invitations.findByRendezvousService(service);
               invitation != nullptr) {
        m_invitations.onInbound(*invitation, std::move(stream));
    }
}

void Engine::onPublisherOutcome(const ServicePublisher::Outcome& outcome) {
    if (m_context.stopping) {
        return;
    }
    m_connections.onPublisherOutcome(outcome);
    m_invitations.onPublisherOutcome(outcome);
}

void Engine::onBootstrapStatus(const BootstrapStatus& status) {
    (void)m_loop.post([this, status] {
        m_listener.onBootstrapStatus(status);
        if (status.done() && !m_context.networkReady && !m_context.stopping) {
            m_context.networkReady = true;
            m_publisher.setNetworkReady(true);
            m_connections.onNetworkReady();
            m_invitations.onNetworkReady();
        }
    });
}

void Engine::onTorStopped(const std::string& reason) {
    (void)m_loop.post([this, reason] {
        m_context.networkReady = false;
        m_publisher.setNetworkReady(false);
        m_connections.onNetworkLost();
        if (!reason.empty()) {
            m_listener.onError(Error{ErrorCode::Tor, "Tor stopped: " + reason});
        }
    });
}

} // namespace chive::core
