#pragma once

// Engine: the messenger engine: runs one unlocked profile. It implements the
// Messenger commands, reports everything through a MessengerListener, and
// listens to the transport and to Tor (through a NetworkEventRelay, which
// lets the app make the transport before the engine).
//
// Threads and ownership (doc/design.md, "Messenger engine"):
//  - One engine thread (EngineLoop) owns all engine state: contacts,
//    invitations, sessions, timers. It is the only thread that calls the
//    MessengerListener, in the order things happened.
//  - Commands may come from any thread except the listener's callbacks: each
//    posts to the engine thread and waits for its result (store round trips,
//    never a network wait).
//  - Transport and Tor callbacks only post to the engine thread (an inbound
//    stream that finds the queue full is closed).
//  - Blocking network work runs on two worker pools: outgoing connects with
//    their handshakes (at most maxConcurrentConnects at once) and inbound
//    handshakes and contact exchanges (maxPendingInbound streams at most,
//    the rest closed at once).
//  - Each open session has a reader thread (stores and acknowledges what
//    arrives) and a flusher thread (sends the outbox); both post what
//    happens to the engine thread (ContactSession).
//  - One publisher thread hands services and client-auth keys to the
//    transport, a few services at a time, and re-publishes a service whose
//    descriptor upload does not come (ServicePublisher).
//  - The store is reached through the StoreExecutor from the engine thread
//    and the session threads; its thread never waits for the engine.
//
// Network work (publishing, connecting) waits until Tor reports bootstrap
// 100%. At most one session per contact survives (DuplicateSessionRule).
//
// Lifetime: the store executor, the transport and the listener must outlive
// the engine. shutdown() (also run by the destructor) ends every session
// (CLOSE normal), waits for connects in flight (each bounded by
// connectTimeout, and prompt once Tor is gone), withdraws every service and
// client-auth key from the transport, and stops the threads. It must not be
// called from a listener callback.

#include "core/Result.h"
#include "core/engine/ConnectionManager.h"
#include "core/engine/ContactBook.h"
#include "core/engine/EngineContext.h"
#include "core/engine/EngineLoop.h"
#include "core/engine/EngineOptions.h"
#include "core/engine/InvitationManager.h"
#include "core/engine/Messenger.h"
#include "core/engine/MessengerEvents.h"
#include "core/engine/ServicePublisher.h"
#include "core/engine/WorkerPool.h"
#include "core/net/TorEventListener.h"
#include "core/net/Transport.h"
#include "core/store/StoreExecutor.h"

#include <atomic>
#include <memory>

namespace chive::core {

class Engine final : public Messenger, public TransportListener, public TorEventListener {
public:
    // Loads the profile's contacts and invitations and starts the engine's
    // threads; contacts are announced to the transport once Tor is ready.
    // Errors: the store's (the engine is not made).
    static Result<std::unique_ptr<Engine>> create(StoreExecutor& store, Transport& transport,
                                                  MessengerListener& listener,
                                                  EngineOptions options = {});

    ~Engine() override;
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;
    Engine(Engine&&) = delete;
    Engine& operator=(Engine&&) = delete;

    // Idempotent. See the class comment.
    void shutdown();

    // Messenger.
    Result<InvitationView> createInvitation(std::string_view alias) override;
    Status enterPeerLink(InvitationId invitation, std::string_view peerLink) override;
    Result<InvitationView> addContactFromLink(std::string_view alias,
                                              std::string_view peerLink) override;
    Status cancelInvitation(InvitationId invitation) override;
    Result<std::vector<InvitationView>> invitations() override;
    Result<std::vector<ContactView>> contacts() override;
    Result<ContactView> contact(ContactId contact) override;
    Status renameContact(ContactId contact, std::string_view alias) override;
    Status deleteContact(ContactId contact) override;
    Result<std::string> safetyNumber(ContactId contact) override;
    Status setVerified(ContactId contact, bool verified) override;
    Result<StoredMessage> sendMessage(ContactId contact, std::string_view text) override;
    Result<std::vector<StoredMessage>>
    history(ContactId contact, std::optional<MessageRowId> before, std::size_t limit) override;
    Result<std::vector<StoredMessage>>
    search(std::string_view query, std::optional<ContactId> contact, std::size_t limit) override;
    Status markRead(ContactId contact) override;
    Status deleteMessage(MessageRowId message) override;
    Status deleteConversation(ContactId contact) override;

    // TransportListener (transport threads: they only post).
    void onServiceReachable(const Ed25519PublicKey& service) override;
    void onServiceUploadFailed(const Ed25519PublicKey& service, const std::string& reason) override;
    void onInboundStream(const Ed25519PublicKey& service,
                         std::unique_ptr<ByteStream> stream) override;
    // TorEventListener (Tor's control reader thread: they only post).
    void onBootstrapStatus(const BootstrapStatus& status) override;
    void onTorStopped(const std::string& reason) override;

private:
    Engine(StoreExecutor& store, Transport& transport, MessengerListener& listener,
           EngineOptions options);
    Status start();
    void routeInbound(const Ed25519PublicKey& service, std::unique_ptr<ByteStream> stream);
    void onPublisherOutcome(const ServicePublisher::Outcome& outcome);
    Status removeContact(ContactId id);

    const EngineOptions m_options;
    MessengerListener& m_listener;
    EngineLoop m_loop;
    ServicePublisher m_publisher;
    WorkerPool m_connects;
    WorkerPool m_handshakes;
    EngineContext m_context;
    ContactBook m_book;
    ConnectionManager m_connections;
    InvitationManager m_invitations;
    std::atomic<bool> m_shutDown{false};
};

} // namespace chive::core
