#include "core/engine/ConnectionManager.h"

#include "core/engine/EngineSettings.h"
#include "core/session/DuplicateSessionRule.h"

#include <utility>
#include <vector>

namespace chive::core {

namespace {

using SessionResult = Result<std::unique_ptr<Session>>;

// What an attempt needs on its worker thread: copies, so that the contact's
// record may change or go while it runs.
struct HandshakeInputs {
    X25519KeyPair own;
    X25519PublicKey peer;
    Ed25519PublicKey service;
};

// The session options for `contact`, with the test-only tap bound to it.
SessionOptions optionsFor(const EngineOptions& engine, ContactId contact) {
    SessionOptions options = engine.session;
    if (engine.plaintextTap) {
        options.plaintextTap = [tap = engine.plaintextTap,
                                contact](TapPart part, std::span<const std::uint8_t> bytes) {
            TappedPlaintext tapped;
            tapped.channel = TappedPlaintext::Channel::Session;
            tapped.contact = contact;
            tapped.part = part;
            tapped.bytes = bytes;
            tap(tapped);
        };
    }
    return options;
}

std::shared_ptr<HandshakeInputs> inputsFor(const ContactRuntime& contact) {
    return std::make_shared<HandshakeInputs>(HandshakeInputs{
        contact.keys.staticKey().copy(), contact.peer.staticKey, contact.peer.serviceKey});
}

} // namespace

ConnectionManager::ConnectionManager(EngineContext& context, ContactBook& book)
    : m_context(context)
    , m_book(book) {}

ContactRuntime* ConnectionManager::findCurrent(ContactId id, std::uint64_t serial) {
    auto* contact = m_book.find(id);
    return contact != nullptr && contact->serial == serial ? contact : nullptr;
}

void ConnectionManager::announce(ContactRuntime& contact, ServicePublisher::Priority priority) {
    m_context.publisher.addClientAuth(contact.peer.serviceKey,
                                      SecureBuffer::copyOf(contact.keys.clientAuthPrivateKey()));
    m_context.publisher.publish(contact.keys.servicePublicKey(),
                                SecureBuffer::copyOf(contact.keys.serviceSeed()),
                                {contact.peer.clientAuthKey}, priority);
}

void ConnectionManager::withdraw(ContactRuntime& contact) {
    cancelAttempt(contact);
    cancelRetry(contact);
    contact.connectWanted = false;
    endSession(contact, CloseReason::Normal);
    m_context.publisher.unpublish(contact.keys.servicePublicKey());
    m_context.publisher.removeClientAuth(contact.peer.serviceKey);
}

void ConnectionManager::onNetworkReady() {
    for (auto& [id, contact] : m_book.all()) {
        contact.backoff.reset();
        if (!contact.session) {
            connectNow(contact);
        }
    }
}

void ConnectionManager::onNetworkLost() {
    for (auto& [id, contact] : m_book.all()) {
        cancelRetry(contact);
        if (!contact.session && !contact.attempt) {
            setPresence(contact, Presence::Offline);
        }
    }
}

void ConnectionManager::onPublisherOutcome(const ServicePublisher::Outcome& outcome) {
    using Operation = ServicePublisher::Operation;
    if (outcome.operation == Operation::AddClientAuth) {
        for (auto& [id, contact] : m_book.all()) {
            if (contact.peer.serviceKey != outcome.service) {
                continue;
            }
            if (!outcome.status) {
                m_context.listener.onError(Error{outcome.status.error().code,
                                                 "cannot register the key to reach \"" +
                                                     contact.alias +
                                                     "\": " + outcome.status.error().message});
                return;
            }
            contact.clientAuthRegistered = true;
            if (contact.connectWanted) {
                connectNow(contact);
            }
            return;
        }
    } else if (outcome.operation == Operation::Publish) {
        auto* contact = m_book.findByService(outcome.service);
        if (contact == nullptr) {
            return;
        }
        if (outcome.status || outcome.status.error().code == ErrorCode::AlreadyExists) {
            contact->servicePublished = true;
        } else {
            m_context.listener.onError(
                Error{outcome.status.error().code, "cannot publish the onion service for \"" +
                                                       contact->alias +
                                                       "\": " + outcome.status.error().message});
        }
    }
}

void ConnectionManager::endSession(ContactRuntime& contact, CloseReason reason) {
    if (!contact.session) {
        return;
    }
    auto session = std::move(contact.session);
    session->stop(reason);
    auto undelivered = session->takeUndelivered();
    session.reset();
    // What the session's threads committed but could not post (a message
    // stored, sent or delivered just as it ended) still reaches the UI.
    for (auto& event : undelivered) {
        event();
    }
}

void ConnectionManager::cancelAttempt(ContactRuntime& contact) {
    if (contact.attempt) {
        contact.attempt->store(true);
        contact.attempt.reset();
    }
}

void ConnectionManager::cancelRetry(ContactRuntime& contact) {
    if (contact.retryTimer) {
        m_context.loop.cancel(*contact.retryTimer);
        contact.retryTimer.reset();
    }
}

void ConnectionManager::setPresence(ContactRuntime& contact, Presence presence) {
    if (contact.presence != presence) {
        contact.presence = presence;
        m_book.changed(contact);
    }
}

void ConnectionManager::storeLastSeen(ContactRuntime& contact) {
    const auto now = m_context.now();
    contact.lastSeen = now;
    const auto id = contact.id;
    // Best effort: presence is not worth an error when the store is closing.
    (void)m_context.store.run([&](ProfileStore& store) {
        return EngineSettings::setLastSeen(store.settings(), id, now);
    });
}

void ConnectionManager::connectNow(ContactRuntime& contact) {
    if (m_context.stopping || contact.session || contact.attempt ||
        contact.state == ContactState::Blocked) {
        return;
    }
    if (!m_context.networkReady || !contact.clientAuthRegistered) {
        contact.connectWanted = true;
        return;
    }
    contact.connectWanted = false;
    cancelRetry(contact);
    auto token = std::make_shared<std::atomic<bool>>(false);
    auto inputs = inputsFor(contact);
    const auto timeout = m_context.options.connectTimeout;
    const auto sessionOptions = optionsFor(m_context.options, contact.id);
    auto job = [this, &transport = m_context.transport, &loop = m_context.loop, id = contact.id,
                serial = contact.serial, token, inputs, timeout, sessionOptions] {
        auto result = std::make_shared<SessionResult>(fail(ErrorCode::Closed, "cancelled"));
        if (!token->load()) {
            auto stream = transport.connect(inputs->service, timeout);
            if (!stream) {
                *result = fail(stream.error());
            } else if (!token->load()) {
                *result = Session::initiate(std::move(*stream), inputs->own, inputs->peer,
                                            sessionOptions);
            }
        }
        (void)loop.post([this, id, serial, token, result] {
            onAttemptResult(id, serial, token, std::move(*result));
        });
    };
    if (auto submitted = m_context.connects.trySubmit(std::move(job)); !submitted) {
        scheduleRetry(contact);
        return;
    }
    contact.attempt = std::move(token);
    if (contact.presence != Presence::Online) {
        setPresence(contact, Presence::Connecting);
    }
}

void ConnectionManager::connectAfter(ContactRuntime& contact, std::chrono::milliseconds delay) {
    if (m_context.stopping || contact.session || contact.attempt) {
        return;
    }
    cancelRetry(contact);
    contact.retryTimer =
        m_context.loop.schedule(delay, [this, id = contact.id, serial = contact.serial] {
            if (auto* current = findCurrent(id, serial); current != nullptr) {
                current->retryTimer.reset();
                connectNow(*current);
            }
        });
}

void ConnectionManager::scheduleRetry(ContactRuntime& contact) {
    if (m_context.stopping || !m_context.networkReady || contact.session ||
        contact.state == ContactState::Blocked) {
        return;
    }
    connectAfter(contact, contact.backoff.next());
}

void ConnectionManager::onAttemptResult(ContactId id, std::uint64_t serial,
                                        const std::shared_ptr<std::atomic<bool>>& token,
                                        SessionResult result) {
    auto* contact = findCurrent(id, serial);
    if (contact == nullptr || token->load() || m_context.stopping) {
        return; // `result` closes the session, if any, as it goes
    }
    if (contact->attempt == token) {
        contact->attempt.reset();
    }
    if (result) {
        adopt(*contact, std::move(*result));
        return;
    }
    if (!contact->session) {
        setPresence(*contact, Presence::Offline);
        scheduleRetry(*contact);
    }
}

void ConnectionManager::onInbound(ContactRuntime& contact, std::unique_ptr<ByteStream> stream) {
    if (m_context.stopping || contact.state == ContactState::Blocked) {
        return;
    }
    auto inputs = inputsFor(contact);
    auto owned = std::make_shared<std::unique_ptr<ByteStream>>(std::move(stream));
    const auto sessionOptions = optionsFor(m_context.options, contact.id);
    auto job = [this, &loop = m_context.loop, id = contact.id, serial = contact.serial, inputs,
                owned, sessionOptions] {
        auto result = std::make_shared<SessionResult>(
            Session::accept(std::move(*owned), inputs->own, inputs->peer, sessionOptions));
        (void)loop.post(
            [this, id, serial, result] { onInboundResult(id, serial, std::move(*result)); });
    };
    // A full pool closes the stream (the job, and with it the stream, is
    // dropped): a flood of streams costs at most maxPendingInbound.
    (void)m_context.handshakes.trySubmit(std::move(job));
}

void ConnectionManager::onInboundResult(ContactId id, std::uint64_t serial, SessionResult result) {
    auto* contact = findCurrent(id, serial);
    if (contact == nullptr || m_context.stopping || !result) {
        return;
    }
    contact->backoff.reset(); // the contact came back
    adopt(*contact, std::move(*result));
}

void ConnectionManager::adopt(ContactRuntime& contact, std::unique_ptr<Session> session) {
    if (contact.session) {
        const auto keep = DuplicateSessionRule::choose(contact.session->role(), session->role(),
                                                       contact.keys.staticKey().publicKey(),
                                                       contact.peer.staticKey);
        if (keep == DuplicateSessionRule::Keep::Existing) {
            session->close(CloseReason::Duplicate);
            return;
        }
        endSession(contact, CloseReason::Duplicate);
    }
    cancelRetry(contact);
    contact.connectWanted = false;
    contact.backoff.reset();
    const auto sessionSerial = m_context.serial();
    const auto id = contact.id;
    const auto serial = contact.serial;
    ContactSession::Events events;
    events.received = [this](const StoredMessage& message) {
        m_book.onReceived(message);
    };
    events.sent = [this](ContactId contactId, const std::vector<MessageId>& ids) {
        m_book.onSent(contactId, ids);
    };
    events.delivered = [this](ContactId contactId, MessageId message) {
        m_book.onDelivered(contactId, message);
    };
    events.ended = [this, id, serial, sessionSerial](const Error& error) {
        onSessionEnded(id, serial, sessionSerial, error);
    };
    events.storeFailed = [this](const Error& error) {
        m_context.listener.onError(error);
    };
    contact.sessionSerial = sessionSerial;
    contact.session =
        std::make_unique<ContactSession>(std::move(session), id, m_context.store, m_context.loop,
                                         std::move(events), m_context.options.deliveryFaultHook);
    if (contact.state == ContactState::Pending && m_onPendingConfirmed) {
        m_onPendingConfirmed(contact);
    }
    if (contact.presence != Presence::Online) {
        contact.presence = Presence::Online;
        m_book.changed(contact);
    }
}

void ConnectionManager::onSessionEnded(ContactId id, std::uint64_t serial,
                                       std::uint64_t sessionSerial, const Error& /*error*/) {
    auto* contact = findCurrent(id, serial);
    if (contact == nullptr || contact->sessionSerial != sessionSerial || !contact->session) {
        return; // a session already replaced or stopped
    }
    endSession(*contact, CloseReason::Normal);
    storeLastSeen(*contact);
    contact->presence = Presence::Offline;
    m_book.changed(*contact);
    scheduleRetry(*contact);
}

void ConnectionManager::messageQueued(ContactRuntime& contact) {
    if (contact.session) {
        contact.session->requestFlush();
    } else {
        connectNow(contact);
    }
}

void ConnectionManager::stopAll() {
    for (auto& [id, contact] : m_book.all()) {
        cancelAttempt(contact);
        cancelRetry(contact);
        if (contact.session) {
            endSession(contact, CloseReason::Normal);
            storeLastSeen(contact);
        }
    }
}

void ConnectionManager::withdrawAll() {
    for (auto& [id, contact] : m_book.all()) {
        withdraw(contact);
    }
}

} // namespace chive::core
