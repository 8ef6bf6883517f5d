#include "core/engine/InvitationManager.h"

#include "core/crypto/Ed25519Seed.h"
#include "core/engine/EngineSettings.h"
#include "core/engine/InvitationSecrets.h"
#include "core/link/ContactLink.h"
#include "core/link/PeerLinkCheck.h"

#include <algorithm>
#include <utility>

namespace chive::core {

namespace {

using ExchangeOutcome = Result<ExchangeResult>;

// What an exchange needs on its worker: copies, so that the invitation may
// be cancelled or expire while it runs.
struct ExchangeInputs {
    SecureBuffer secret; // the invitation's handshake secret key
    X25519PublicKey peerKey{};
    ContactBundle bundle;
    Ed25519PublicKey service{};
};

struct LoadedInvitation {
    PendingInvitation row;
    std::optional<ContactId> pendingContact;
};

} // namespace

InvitationManager::InvitationManager(EngineContext& context, ContactBook& book,
                                     ConnectionManager& connections)
    : m_context(context)
    , m_book(book)
    , m_connections(connections)
    , m_exchanged(context, book, connections) {}

InvitationRuntime* InvitationManager::find(InvitationId id) {
    const auto found = m_invitations.find(id);
    return found == m_invitations.end() ? nullptr : &found->second;
}

Result<InvitationRuntime*> InvitationManager::requireActive(InvitationId id) {
    auto* invitation = find(id);
    if (invitation == nullptr) {
        return fail(ErrorCode::NotFound, "no such invitation (it may have expired or completed)");
    }
    if (!Invitation::checkNotExpired(invitation->expiresAt, m_context.now())) {
        return fail(ErrorCode::NotFound, "this invitation has expired; make a new link");
    }
    return invitation;
}

InvitationRuntime* InvitationManager::findByRendezvousService(const Ed25519PublicKey& service) {
    const auto found = m_byService.find(service);
    return found == m_byService.end() ? nullptr : find(found->second);
}

std::vector<InvitationView> InvitationManager::list() const {
    std::vector<InvitationView> out;
    out.reserve(m_invitations.size());
    for (const auto& [id, invitation] : m_invitations) {
        out.push_back(invitation.view());
    }
    return out;
}

Status InvitationManager::load() {
    const auto now = m_context.now();
    auto loaded = m_context.store.call<std::vector<LoadedInvitation>>(
        [now](ProfileStore& store) -> Result<std::vector<LoadedInvitation>> {
            if (auto removed = store.invitations().removeExpired(now); !removed) {
                return fail(removed.error());
            }
            auto active = store.invitations().listActive(now);
            if (!active) {
                return fail(active.error());
            }
            std::vector<LoadedInvitation> out;
            for (auto& row : *active) {
                auto pending = EngineSettings::pendingContact(store.settings(), row.id);
                if (!pending) {
                    return fail(pending.error());
                }
                out.push_back(LoadedInvitation{std::move(row), *pending});
            }
            return out;
        });
    if (!loaded) {
        return fail(loaded.error());
    }
    const auto& options = m_context.options;
    for (auto& item : *loaded) {
        auto own = ContactLink::parse(item.row.ownLink);
        if (!own) {
            m_context.listener.onError(
                Error{own.error().code, "a stored invitation is damaged: " + own.error().message});
            continue;
        }
        auto [it, inserted] =
            m_invitations.try_emplace(item.row.id, m_context.serial(), item.row.id,
                                      Backoff(options.retryInitial, options.rendezvousRetryMaximum,
                                              options.retryJitterPercent));
        auto& invitation = it->second;
        invitation.alias = item.row.alias;
        invitation.ownLink = item.row.ownLink;
        invitation.ownKey = own->handshakeKey();
        invitation.expiresAt = item.row.expiresAt;
        if (item.pendingContact && m_book.find(*item.pendingContact) != nullptr) {
            invitation.pendingContact = item.pendingContact;
        }
        if (!item.row.peerLink) {
            continue;
        }
        auto peer = ContactLink::parse(*item.row.peerLink);
        if (!peer) {
            continue; // it parsed when it was entered; a damaged row cannot be retried
        }
        invitation.peerKey = peer->handshakeKey();
        if (auto derived = deriveRendezvous(invitation); !derived) {
            m_context.listener.onError(derived.error());
            continue;
        }
        announce(invitation);
    }
    if (auto dropped = dropOrphanedPending(); !dropped) {
        return dropped;
    }
    scheduleSweep();
    return {};
}

Status InvitationManager::dropOrphanedPending() {
    std::vector<ContactId> orphans;
    for (const auto& entry : m_book.all()) {
        const ContactId id = entry.first;
        const bool claimed =
            std::any_of(m_invitations.begin(), m_invitations.end(), [id](const auto& invitation) {
                return invitation.second.pendingContact == id;
            });
        if (entry.second.state == ContactState::Pending && !claimed) {
            orphans.push_back(id);
        }
    }
    for (const auto id : orphans) {
        if (auto removed = removePendingContact(id, false); !removed) {
            return removed;
        }
    }
    return {};
}

Status InvitationManager::removePendingContact(ContactId id, bool announceRemoval) {
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
    if (auto* contact = m_book.find(id); contact != nullptr) {
        m_connections.withdraw(*contact);
        m_book.erase(id);
    }
    if (announceRemoval) {
        m_context.listener.onContactRemoved(id);
    }
    return {};
}

Result<InvitationView> InvitationManager::create(std::string_view alias) {
    if (auto valid = ContactBook::checkAlias(alias); !valid) {
        return fail(valid.error());
    }
    if (m_invitations.size() >= m_context.options.maxActiveInvitations) {
        return fail(ErrorCode::TooLarge,
                    "too many open invitations; complete or cancel some first");
    }
    auto made = InvitationSecrets::create();
    const auto link = made.invitation().link().toString();
    const auto now = m_context.now();
    const auto expiresAt = Invitation::expiresAt(now);
    const auto secret = made.serialize();
    auto id = m_context.store.call<InvitationId>([&](ProfileStore& store) {
        return store.invitations().add(NewInvitation{std::string(alias), link, expiresAt},
                                       secret.span(), now);
    });
    if (!id) {
        return fail(id.error());
    }
    const auto& options = m_context.options;
    auto [it, inserted] = m_invitations.try_emplace(
        *id, m_context.serial(), *id,
        Backoff(options.retryInitial, options.rendezvousRetryMaximum, options.retryJitterPercent));
    auto& invitation = it->second;
    invitation.alias = std::string(alias);
    invitation.ownLink = link;
    invitation.ownKey = made.invitation().publicKey();
    invitation.expiresAt = expiresAt;
    invitation.secrets.emplace(std::move(made));
    m_context.listener.onInvitationChanged(invitation.view());
    return invitation.view();
}

Result<ContactLink> InvitationManager::checkLink(std::string_view peerLink,
                                                 const InvitationRuntime* target) {
    auto link = ContactLink::parse(peerLink);
    if (!link) {
        return link;
    }
    auto used = m_context.store.call<std::vector<X25519PublicKey>>(
        [](ProfileStore& store) { return EngineSettings::usedLinkKeys(store.settings()); });
    if (!used) {
        return fail(used.error());
    }
    std::vector<X25519PublicKey> ownKeys;
    for (const auto& [id, invitation] : m_invitations) {
        ownKeys.push_back(invitation.ownKey);
        if (&invitation != target && invitation.peerKey) {
            used->push_back(*invitation.peerKey); // running with another invitation
        }
    }
    if (auto checked = checkPeerLink(*link, ownKeys, *used); !checked) {
        return fail(checked.error());
    }
    return link;
}

Status InvitationManager::deriveRendezvous(InvitationRuntime& invitation) {
    if (!invitation.secrets) {
        const auto id = invitation.id;
        auto secret = m_context.store.call<SecureBuffer>(
            [id](ProfileStore& store) { return store.invitations().secret(id); });
        if (!secret) {
            return fail(secret.error());
        }
        auto secrets = InvitationSecrets::parse(secret->span());
        if (!secrets) {
            return fail(secrets.error());
        }
        if (secrets->invitation().publicKey() != invitation.ownKey) {
            return fail(ErrorCode::Corrupt, "an invitation's stored key does not match its link");
        }
        invitation.secrets.emplace(std::move(*secrets));
    }
    const auto& own = invitation.secrets->invitation();
    auto rendezvous = Rendezvous::derive(own.secretKey(), own.publicKey(), *invitation.peerKey);
    if (!rendezvous) {
        return fail(rendezvous.error());
    }
    auto service = ed25519PublicKeyFromSeed(rendezvous->serviceSeed());
    if (!service) {
        return fail(service.error());
    }
    invitation.rendezvous.emplace(std::move(*rendezvous));
    invitation.rendezvousService = *service;
    return {};
}

Status InvitationManager::enterPeerLink(InvitationId id, std::string_view peerLink) {
    auto found = requireActive(id);
    if (!found) {
        return fail(found.error());
    }
    auto& invitation = **found;
    if (invitation.peerKey) {
        return fail(ErrorCode::AlreadyExists, "a link was already entered for this invitation");
    }
    auto link = checkLink(peerLink, &invitation);
    if (!link) {
        return fail(link.error());
    }
    const auto exchanging = static_cast<std::size_t>(
        std::count_if(m_invitations.begin(), m_invitations.end(),
                      [](const auto& entry) { return entry.second.peerKey.has_value(); }));
    if (m_book.size() + exchanging >= m_context.options.maxContacts) {
        return fail(ErrorCode::TooLarge, "this profile has as many contacts as it can hold");
    }
    invitation.peerKey = link->handshakeKey();
    if (auto derived = deriveRendezvous(invitation); !derived) {
        invitation.peerKey.reset();
        return derived;
    }
    const auto text = link->toString();
    auto stored = m_context.store.run(
        [&](ProfileStore& store) { return store.invitations().setPeerLink(id, text); });
    if (!stored) {
        invitation.peerKey.reset();
        invitation.rendezvous.reset();
        return stored;
    }
    m_context.listener.onInvitationChanged(invitation.view());
    announce(invitation);
    return {};
}

Result<InvitationView> InvitationManager::addContactFromLink(std::string_view alias,
                                                             std::string_view peerLink) {
    if (auto valid = ContactBook::checkAlias(alias); !valid) {
        return fail(valid.error());
    }
    // Check the link first, so that a bad one leaves no invitation behind.
    if (auto link = checkLink(peerLink, nullptr); !link) {
        return fail(link.error());
    }
    auto made = create(alias);
    if (!made) {
        return made;
    }
    if (auto entered = enterPeerLink(made->id, peerLink); !entered) {
        (void)cancel(made->id);
        return fail(entered.error());
    }
    return find(made->id)->view();
}

void InvitationManager::announce(InvitationRuntime& invitation) {
    const auto& rendezvous = *invitation.rendezvous;
    m_byService[invitation.rendezvousService] = invitation.id;
    if (rendezvous.role() == RendezvousRole::Publisher) {
        m_context.publisher.publish(
            invitation.rendezvousService, SecureBuffer::copyOf(rendezvous.serviceSeed()),
            {rendezvous.clientAuthPublicKey()}, ServicePublisher::Priority::rendezvous());
    } else {
        m_context.publisher.addClientAuth(invitation.rendezvousService,
                                          SecureBuffer::copyOf(rendezvous.clientAuthPrivateKey()));
        invitation.connectWanted = true;
    }
}

void InvitationManager::withdrawRendezvous(InvitationRuntime& invitation) {
    if (invitation.attempt) {
        invitation.attempt->store(true);
        invitation.attempt.reset();
    }
    if (invitation.inboundToken) {
        invitation.inboundToken->store(true);
        invitation.inboundToken.reset();
        invitation.inboundExchanges = 0;
    }
    if (invitation.retryTimer) {
        m_context.loop.cancel(*invitation.retryTimer);
        invitation.retryTimer.reset();
    }
    if (!invitation.rendezvous) {
        return;
    }
    if (invitation.rendezvous->role() == RendezvousRole::Publisher) {
        m_context.publisher.unpublish(invitation.rendezvousService);
    } else {
        m_context.publisher.removeClientAuth(invitation.rendezvousService);
    }
    m_byService.erase(invitation.rendezvousService);
}

void InvitationManager::onPublisherOutcome(const ServicePublisher::Outcome& outcome) {
    auto* invitation = findByRendezvousService(outcome.service);
    if (invitation == nullptr) {
        return;
    }
    if (outcome.operation == ServicePublisher::Operation::AddClientAuth) {
        if (!outcome.status) {
            m_context.listener.onError(outcome.status.error());
            return;
        }
        invitation->clientAuthRegistered = true;
        if (invitation->connectWanted) {
            connectNow(*invitation);
        }
    } else if (outcome.operation == ServicePublisher::Operation::Publish && !outcome.status &&
               outcome.status.error().code != ErrorCode::AlreadyExists) {
        m_context.listener.onError(
            Error{outcome.status.error().code,
                  "cannot publish the rendezvous service: " + outcome.status.error().message});
    }
}

void InvitationManager::onNetworkReady() {
    for (auto& [id, invitation] : m_invitations) {
        invitation.backoff.reset();
        if (invitation.rendezvous && invitation.rendezvous->role() == RendezvousRole::Connector) {
            connectNow(invitation);
        }
    }
}

std::function<void()>
InvitationManager::exchangeJob(InvitationRuntime& invitation,
                               const std::shared_ptr<std::atomic<bool>>& token,
                               std::unique_ptr<ByteStream> inbound) {
    auto inputs = std::make_shared<ExchangeInputs>(ExchangeInputs{
        SecureBuffer::copyOf(invitation.secrets->invitation().secretKey()), *invitation.peerKey,
        invitation.secrets->keys().bundle(), invitation.rendezvousService});
    auto owned = std::make_shared<std::unique_ptr<ByteStream>>(std::move(inbound));
    const auto connectTimeout = m_context.options.connectTimeout;
    const auto exchangeTimeout = m_context.options.exchangeTimeout;
    PlaintextTap plaintextTap;
    if (m_context.options.plaintextTap) {
        plaintextTap = [tap = m_context.options.plaintextTap,
                        id = invitation.id](TapPart part, std::span<const std::uint8_t> bytes) {
            TappedPlaintext tapped;
            tapped.channel = TappedPlaintext::Channel::Exchange;
            tapped.invitation = id;
            tapped.part = part;
            tapped.bytes = bytes;
            tap(tapped);
        };
    }
    return [this, &transport = m_context.transport, &loop = m_context.loop, id = invitation.id,
            serial = invitation.serial, token, inputs, owned, connectTimeout, exchangeTimeout,
            plaintextTap] {
        auto result = std::make_shared<ExchangeOutcome>(fail(ErrorCode::Closed, "cancelled"));
        std::unique_ptr<ByteStream> stream = std::move(*owned);
        if (!token->load() && !stream) {
            auto connected = transport.connect(inputs->service, connectTimeout);
            if (connected) {
                stream = std::move(*connected);
            } else {
                *result = fail(connected.error());
            }
        }
        if (stream && !token->load()) {
            auto own = Invitation::fromSecretKey(inputs->secret.span());
            if (!own) {
                *result = fail(own.error());
            } else if (auto rendezvous =
                           Rendezvous::derive(own->secretKey(), own->publicKey(), inputs->peerKey);
                       !rendezvous) {
                *result = fail(rendezvous.error());
            } else {
                *result =
                    ContactExchange::run(std::move(stream), *own, inputs->peerKey, *rendezvous,
                                         inputs->bundle, exchangeTimeout, plaintextTap);
            }
        }
        (void)loop.post([this, id, serial, token, result] {
            onExchangeResult(id, serial, token, std::move(*result));
        });
    };
}

void InvitationManager::connectNow(InvitationRuntime& invitation) {
    if (m_context.stopping || invitation.attempt || !invitation.rendezvous ||
        invitation.rendezvous->role() != RendezvousRole::Connector) {
        return;
    }
    if (!m_context.networkReady || !invitation.clientAuthRegistered) {
        invitation.connectWanted = true;
        return;
    }
    invitation.connectWanted = false;
    if (invitation.retryTimer) {
        m_context.loop.cancel(*invitation.retryTimer);
        invitation.retryTimer.reset();
    }
    auto token = std::make_shared<std::atomic<bool>>(false);
    if (!m_context.connects.trySubmit(exchangeJob(invitation, token, nullptr))) {
        scheduleRetry(invitation);
        return;
    }
    invitation.attempt = std::move(token);
}

void InvitationManager::scheduleRetry(InvitationRuntime& invitation) {
    if (m_context.stopping || invitation.attempt || invitation.retryTimer ||
        !invitation.rendezvous || invitation.rendezvous->role() != RendezvousRole::Connector) {
        return;
    }
    invitation.retryTimer = m_context.loop.schedule(
        invitation.backoff.next(), [this, id = invitation.id, serial = invitation.serial] {
            auto* current = find(id);
            if (current != nullptr && current->serial == serial) {
                current->retryTimer.reset();
                connectNow(*current);
            }
        });
}

void InvitationManager::onInbound(InvitationRuntime& invitation,
                                  std::unique_ptr<ByteStream> stream) {
    if (m_context.stopping || !invitation.rendezvous ||
        invitation.rendezvous->role() != RendezvousRole::Publisher ||
        invitation.inboundExchanges >= kMaxInboundExchanges) {
        return; // `stream` is closed
    }
    if (!invitation.inboundToken) {
        invitation.inboundToken = std::make_shared<std::atomic<bool>>(false);
    }
    if (m_context.handshakes.trySubmit(
            exchangeJob(invitation, invitation.inboundToken, std::move(stream)))) {
        ++invitation.inboundExchanges;
    }
}

void InvitationManager::onExchangeResult(InvitationId id, std::uint64_t serial,
                                         const std::shared_ptr<std::atomic<bool>>& token,
                                         ExchangeOutcome result) {
    auto* invitation = find(id);
    // A finished exchange is stored even while the engine stops: the peer
    // may already have stored its side and withdrawn the rendezvous.
    const bool cancelled = token->load() && !(result && m_context.stopping);
    if (invitation == nullptr || invitation->serial != serial || cancelled ||
        (m_context.stopping && !result)) {
        return;
    }
    if (invitation->attempt == token) {
        invitation->attempt.reset();
    } else if (invitation->inboundToken == token && invitation->inboundExchanges > 0) {
        --invitation->inboundExchanges;
    }
    if (result &&
        result->peerBundle.staticKey == invitation->secrets->keys().staticKey().publicKey()) {
        result = fail(ErrorCode::Crypto, "the contact offered our own key");
    }
    if (!result) {
        scheduleRetry(*invitation);
        return;
    }
    const bool confirmed = result->confirmed;
    auto handled =
        confirmed ? complete(*invitation, *result) : m_exchanged.keepPending(*invitation, *result);
    if (!handled) {
        m_context.listener.onError(handled.error());
    }
    // complete() removes the record; look it up again.
    if (auto* still = find(id); still != nullptr && still->serial == serial) {
        scheduleRetry(*still);
    }
}

Status InvitationManager::complete(InvitationRuntime& invitation, const ExchangeResult& result) {
    if (auto stored = m_exchanged.confirm(invitation, result); !stored) {
        return stored;
    }
    withdrawRendezvous(invitation);
    remove(invitation);
    return {};
}

void InvitationManager::promote(ContactRuntime& contact) {
    InvitationRuntime* invitation = nullptr;
    for (auto& [id, candidate] : m_invitations) {
        if (candidate.pendingContact == contact.id) {
            invitation = &candidate;
            break;
        }
    }
    if (auto stored = m_exchanged.promote(contact, invitation); !stored) {
        m_context.listener.onError(stored.error());
        return;
    }
    if (invitation != nullptr) {
        withdrawRendezvous(*invitation);
        remove(*invitation);
    }
}

Status InvitationManager::cancel(InvitationId id) {
    auto* invitation = find(id);
    if (invitation == nullptr) {
        return fail(ErrorCode::NotFound, "no such invitation");
    }
    const auto usedKeys = ExchangedContacts::linkKeys(*invitation);
    auto stored = m_context.store.run([&](ProfileStore& store) {
        return store.transaction(
            [&]() -> Status { return ExchangedContacts::retire(store, id, usedKeys); });
    });
    if (!stored) {
        return stored;
    }
    const auto pending = invitation->pendingContact;
    withdrawRendezvous(*invitation);
    remove(*invitation);
    // A contact only half made by this invitation goes with it.
    if (pending && m_book.find(*pending) != nullptr &&
        m_book.find(*pending)->state == ContactState::Pending) {
        return removePendingContact(*pending, true);
    }
    return {};
}

void InvitationManager::remove(InvitationRuntime& invitation) {
    const auto id = invitation.id;
    m_invitations.erase(id);
    m_context.listener.onInvitationRemoved(id);
}

void InvitationManager::sweepExpired() {
    const auto now = m_context.now();
    std::vector<InvitationId> expired;
    std::vector<X25519PublicKey> usedKeys;
    for (const auto& [id, invitation] : m_invitations) {
        if (invitation.expiresAt <= now) {
            expired.push_back(id);
            const auto keys = ExchangedContacts::linkKeys(invitation);
            usedKeys.insert(usedKeys.end(), keys.begin(), keys.end());
        }
    }
    if (!expired.empty()) {
        auto stored = m_context.store.run([&](ProfileStore& store) {
            return store.transaction([&]() -> Status {
                for (const auto id : expired) {
                    if (auto cleared = EngineSettings::clearPendingContact(store.settings(), id);
                        !cleared) {
                        return cleared;
                    }
                }
                if (auto used = EngineSettings::addUsedLinkKeys(store.settings(), usedKeys);
                    !used) {
                    return used;
                }
                auto removed = store.invitations().removeExpired(now);
                return removed ? Status{} : Status(fail(removed.error()));
            });
        });
        if (!stored) {
            m_context.listener.onError(stored.error());
        } else {
            for (const auto id : expired) {
                auto* invitation = find(id);
                if (invitation == nullptr) {
                    continue;
                }
                const auto pending = invitation->pendingContact;
                withdrawRendezvous(*invitation);
                remove(*invitation);
                // Pending contacts expire with their invitation.
                if (pending && m_book.find(*pending) != nullptr &&
                    m_book.find(*pending)->state == ContactState::Pending) {
                    if (auto dropped = removePendingContact(*pending, true); !dropped) {
                        m_context.listener.onError(dropped.error());
                    }
                }
            }
        }
    }
    scheduleSweep();
}

void InvitationManager::scheduleSweep() {
    if (m_context.stopping) {
        return;
    }
    m_context.loop.schedule(m_context.options.expirySweepInterval, [this] {
        if (!m_context.stopping) {
            sweepExpired();
        }
    });
}

void InvitationManager::stopAll() {
    for (auto& [id, invitation] : m_invitations) {
        if (invitation.attempt) {
            invitation.attempt->store(true);
            invitation.attempt.reset();
        }
        if (invitation.inboundToken) {
            invitation.inboundToken->store(true);
        }
        if (invitation.retryTimer) {
            m_context.loop.cancel(*invitation.retryTimer);
            invitation.retryTimer.reset();
        }
    }
}

void InvitationManager::contactRemoved(ContactId contact) {
    std::vector<InvitationId> cancelled;
    for (auto& [id, invitation] : m_invitations) {
        if (invitation.pendingContact == contact) {
            cancelled.push_back(id);
        }
    }
    for (const auto id : cancelled) {
        if (auto status = cancel(id); !status) {
            m_context.listener.onError(status.error());
        }
    }
}

void InvitationManager::withdrawAll() {
    for (auto& [id, invitation] : m_invitations) {
        withdrawRendezvous(invitation);
    }
}

} // namespace chive::core
