#include "core/engine/ServicePublisher.h"

#include <algorithm>
#include <utility>

namespace chive::core {

ServicePublisher::ServicePublisher(Transport& transport, Pacing pacing, OutcomeHandler outcome)
    : m_transport(transport)
    , m_pacing(Pacing{std::max<std::size_t>(pacing.batchSize, 1), pacing.batchPause})
    , m_outcome(std::move(outcome))
    , m_thread([this] { run(); }) {}

ServicePublisher::~ServicePublisher() {
    stop();
}

void ServicePublisher::publish(const Ed25519PublicKey& service, SecureBuffer seed,
                               std::vector<X25519PublicKey> authorizedClients, Lane lane) {
    enqueue(Item{Operation::Publish, service, std::move(seed), std::move(authorizedClients)}, lane);
}

void ServicePublisher::unpublish(const Ed25519PublicKey& service) {
    {
        const std::lock_guard lock(m_mutex);
        if (dropQueued(Operation::Publish, service)) {
            return;
        }
    }
    enqueue(Item{Operation::Unpublish, service, {}, {}}, Lane::Urgent);
}

void ServicePublisher::addClientAuth(const Ed25519PublicKey& service, SecureBuffer privateKey) {
    enqueue(Item{Operation::AddClientAuth, service, std::move(privateKey), {}}, Lane::Urgent);
}

void ServicePublisher::removeClientAuth(const Ed25519PublicKey& service) {
    {
        const std::lock_guard lock(m_mutex);
        if (dropQueued(Operation::AddClientAuth, service)) {
            return;
        }
    }
    enqueue(Item{Operation::RemoveClientAuth, service, {}, {}}, Lane::Urgent);
}

void ServicePublisher::setNetworkReady(bool ready) {
    {
        const std::lock_guard lock(m_mutex);
        m_ready = ready;
    }
    m_wake.notify_all();
}

std::size_t ServicePublisher::pending() const {
    const std::lock_guard lock(m_mutex);
    return m_urgent.size() + m_bulk.size();
}

void ServicePublisher::finish(std::chrono::milliseconds limit) {
    std::deque<Item> dropped;
    {
        std::unique_lock lock(m_mutex);
        for (auto* lane : {&m_urgent, &m_bulk}) {
            for (auto it = lane->begin(); it != lane->end();) {
                if (it->operation == Operation::Publish) {
                    dropped.push_back(std::move(*it));
                    it = lane->erase(it);
                } else {
                    ++it;
                }
            }
        }
        m_wake.notify_all();
        m_idle.wait_for(lock, limit, [this] { return m_urgent.empty() && !m_busy; });
    }
    dropped.clear();
    stop();
}

void ServicePublisher::stop() {
    std::deque<Item> dropped;
    {
        const std::lock_guard lock(m_mutex);
        m_stopping = true;
        dropped.swap(m_urgent);
        for (auto& item : m_bulk) {
            dropped.push_back(std::move(item));
        }
        m_bulk.clear();
    }
    m_wake.notify_all();
    dropped.clear();
    if (m_thread.joinable()) {
        m_thread.join();
    }
}

void ServicePublisher::enqueue(Item item, Lane lane) {
    {
        const std::lock_guard lock(m_mutex);
        if (m_stopping) {
            return;
        }
        (lane == Lane::Urgent ? m_urgent : m_bulk).push_back(std::move(item));
    }
    m_wake.notify_all();
}

bool ServicePublisher::dropQueued(Operation operation, const Ed25519PublicKey& service) {
    for (auto* lane : {&m_urgent, &m_bulk}) {
        const auto found = std::find_if(lane->begin(), lane->end(), [&](const Item& item) {
            return item.operation == operation && item.service == service;
        });
        if (found != lane->end()) {
            lane->erase(found);
            return true;
        }
    }
    return false;
}

bool ServicePublisher::takeNext(Item& item, Clock::time_point& wakeAt) {
    wakeAt = Clock::time_point::max();
    const auto urgent = std::find_if(m_urgent.begin(), m_urgent.end(), [this](const Item& queued) {
        return queued.operation != Operation::Publish || m_ready;
    });
    if (urgent != m_urgent.end()) {
        item = std::move(*urgent);
        m_urgent.erase(urgent);
        return true;
    }
    if (m_bulk.empty() || !m_ready) {
        return false;
    }
    const auto now = Clock::now();
    if (now - m_batchStart >= m_pacing.batchPause) {
        m_batchStart = now;
        m_batchCount = 0;
    }
    if (m_batchCount >= m_pacing.batchSize) {
        wakeAt = m_batchStart + m_pacing.batchPause;
        return false;
    }
    ++m_batchCount;
    item = std::move(m_bulk.front());
    m_bulk.pop_front();
    return true;
}

void ServicePublisher::execute(Item& item) {
    Outcome outcome{item.operation, item.service, {}};
    switch (item.operation) {
    case Operation::Publish: {
        auto published = m_transport.publish(item.secret.span(), item.clients);
        if (!published) {
            outcome.status = fail(published.error());
        } else if (*published != item.service) {
            outcome.status = fail(ErrorCode::Internal, "a service key does not match its seed");
            (void)m_transport.unpublish(*published);
        }
        break;
    }
    case Operation::Unpublish:
        outcome.status = m_transport.unpublish(item.service);
        break;
    case Operation::AddClientAuth:
        outcome.status = m_transport.addClientAuth(item.service, item.secret.span());
        break;
    case Operation::RemoveClientAuth:
        outcome.status = m_transport.removeClientAuth(item.service);
        break;
    }
    item.secret = SecureBuffer();
    m_outcome(outcome);
}

void ServicePublisher::run() {
    std::unique_lock lock(m_mutex);
    for (;;) {
        if (m_stopping) {
            return;
        }
        Item item;
        Clock::time_point wakeAt;
        if (takeNext(item, wakeAt)) {
            m_busy = true;
            lock.unlock();
            execute(item);
            lock.lock();
            m_busy = false;
            m_idle.notify_all();
            continue;
        }
        if (wakeAt == Clock::time_point::max()) {
            m_wake.wait(lock);
        } else {
            m_wake.wait_until(lock, wakeAt);
        }
    }
}

} // namespace chive::core
