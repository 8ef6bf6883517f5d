#include "core/engine/ContactSession.h"

#include <utility>

namespace chive::core {

ContactSession::ContactSession(std::unique_ptr<Session> session, ContactId contact,
                               StoreExecutor& store, EngineLoop& loop, Events events,
                               DeliveryFaultHook faultHook)
    : m_session(std::move(session))
    , m_contact(contact)
    , m_loop(loop)
    , m_events(std::move(events))
    , m_channel(
          *m_session, contact, store, [this] { requestFlush(); }, this, std::move(faultHook))
    , m_reader([this] { readLoop(); })
    , m_flusher([this] { flushLoop(); }) {}

ContactSession::~ContactSession() {
    stop();
}

void ContactSession::requestFlush() {
    {
        const std::lock_guard lock(m_flushMutex);
        m_flushRequested = true;
    }
    m_flushWanted.notify_one();
}

void ContactSession::stop(CloseReason reason) {
    m_abandoned.store(true);
    {
        const std::lock_guard lock(m_flushMutex);
        m_stopping = true;
    }
    m_flushWanted.notify_one();
    m_session->close(reason);
    m_loop.wakeBlockedPosters();
    if (m_reader.joinable()) {
        m_reader.join();
    }
    if (m_flusher.joinable()) {
        m_flusher.join();
    }
}

void ContactSession::post(EngineLoop::Task task) {
    if (!m_loop.postUnlessAbandoned(task, m_abandoned)) {
        const std::lock_guard lock(m_undeliveredMutex);
        m_undelivered.push_back(std::move(task));
    }
}

std::vector<EngineLoop::Task> ContactSession::takeUndelivered() {
    const std::lock_guard lock(m_undeliveredMutex);
    return std::exchange(m_undelivered, {});
}

void ContactSession::onMessageReceived(const StoredMessage& message) {
    post([handler = m_events.received, message] { handler(message); });
}

void ContactSession::onMessagesSent(ContactId contact, std::span<const MessageId> ids) {
    post([handler = m_events.sent, contact, list = std::vector<MessageId>(ids.begin(), ids.end())] {
        handler(contact, list);
    });
}

void ContactSession::onMessageDelivered(ContactId contact, MessageId id) {
    post([handler = m_events.delivered, contact, id] { handler(contact, id); });
}

void ContactSession::readLoop() {
    Error ended = m_channel.receiveLoop();
    // Whatever ended the reader ends the session: the flusher must not keep
    // writing to a peer we no longer read.
    m_session->close();
    EngineLoop::Task task = [handler = m_events.ended, ended = std::move(ended)] {
        handler(ended);
    };
    // Dropped if the engine is stopping the session: it knows.
    (void)m_loop.postUnlessAbandoned(task, m_abandoned);
}

void ContactSession::flushLoop() {
    std::unique_lock lock(m_flushMutex);
    for (;;) {
        m_flushWanted.wait(lock, [this] { return m_stopping || m_flushRequested; });
        if (m_stopping) {
            return;
        }
        m_flushRequested = false;
        lock.unlock();
        auto flushed = m_channel.flush();
        if (!flushed) {
            if (m_session->isOpen()) {
                // The store failed (a write failure speaks for itself: the
                // reader reports how the session ended).
                post([handler = m_events.storeFailed, error = flushed.error()] { handler(error); });
            }
            m_session->close();
            return;
        }
        lock.lock();
    }
}

} // namespace chive::core
