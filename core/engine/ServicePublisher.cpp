#include "core/engine/ServicePublisher.h"

#include <algorithm>
#include <utility>

namespace chive::core {

ServicePublisher::ServicePublisher(Transport& transport, Limits limits, OutcomeHandler outcome)
    : m_transport(transport)
    , m_outcome(std::move(outcome))
    , m_schedule(limits)
    , m_thread([this] { run(); }) {}

ServicePublisher::~ServicePublisher() {
    stop();
}

void ServicePublisher::publish(const Ed25519PublicKey& service, SecureBuffer seed,
                               std::vector<X25519PublicKey> authorizedClients, Priority priority) {
    {
        const std::lock_guard lock(m_mutex);
        if (m_stopping || !m_publishing) {
            return;
        }
        m_material[service] = Material{std::move(seed), std::move(authorizedClients)};
        m_schedule.add(service, priority);
    }
    m_wake.notify_all();
}

void ServicePublisher::unpublish(const Ed25519PublicKey& service) {
    {
        const std::lock_guard lock(m_mutex);
        m_material.erase(service);
        if (!m_schedule.remove(service)) {
            return; // never reached the transport
        }
    }
    enqueue(Item{Operation::Unpublish, false, service, {}, {}});
}

void ServicePublisher::addClientAuth(const Ed25519PublicKey& service, SecureBuffer privateKey) {
    enqueue(Item{Operation::AddClientAuth, false, service, std::move(privateKey), {}});
}

void ServicePublisher::removeClientAuth(const Ed25519PublicKey& service) {
    {
        const std::lock_guard lock(m_mutex);
        if (dropQueued(Operation::AddClientAuth, service)) {
            return;
        }
    }
    enqueue(Item{Operation::RemoveClientAuth, false, service, {}, {}});
}

void ServicePublisher::onServiceReachable(const Ed25519PublicKey& service) {
    {
        const std::lock_guard lock(m_mutex);
        if (!m_schedule.reachable(service)) {
            return;
        }
        m_material.erase(service);
    }
    m_wake.notify_all(); // a slot in the window is free
}

void ServicePublisher::onServiceUploadFailed(const Ed25519PublicKey& service) {
    {
        const std::lock_guard lock(m_mutex);
        m_schedule.uploadFailed(service, Clock::now());
    }
    m_wake.notify_all();
}

void ServicePublisher::setNetworkReady(bool ready) {
    {
        const std::lock_guard lock(m_mutex);
        m_schedule.setNetworkReady(ready, Clock::now());
    }
    m_wake.notify_all();
}

std::size_t ServicePublisher::pending() const {
    const std::lock_guard lock(m_mutex);
    return m_operations.size() + m_schedule.queued();
}

std::size_t ServicePublisher::waitingForUpload() const {
    const std::lock_guard lock(m_mutex);
    return m_schedule.waiting();
}

void ServicePublisher::finish(std::chrono::milliseconds limit) {
    std::map<Ed25519PublicKey, Material> dropped;
    {
        std::unique_lock lock(m_mutex);
        m_publishing = false;
        m_schedule.clear();
        dropped.swap(m_material);
        m_wake.notify_all();
        m_idle.wait_for(lock, limit, [this] { return m_operations.empty() && !m_busy; });
    }
    dropped.clear();
    stop();
}

void ServicePublisher::stop() {
    std::deque<Item> dropped;
    std::map<Ed25519PublicKey, Material> material;
    {
        const std::lock_guard lock(m_mutex);
        m_stopping = true;
        m_publishing = false;
        m_schedule.clear();
        dropped.swap(m_operations);
        material.swap(m_material);
    }
    m_wake.notify_all();
    dropped.clear();
    material.clear();
    if (m_thread.joinable()) {
        m_thread.join();
    }
}

void ServicePublisher::enqueue(Item item) {
    {
        const std::lock_guard lock(m_mutex);
        if (m_stopping) {
            return;
        }
        m_operations.push_back(std::move(item));
    }
    m_wake.notify_all();
}

bool ServicePublisher::dropQueued(Operation operation, const Ed25519PublicKey& service) {
    const auto found =
        std::find_if(m_operations.begin(), m_operations.end(), [&](const Item& item) {
            return item.operation == operation && item.service == service;
        });
    if (found == m_operations.end()) {
        return false;
    }
    m_operations.erase(found);
    return true;
}

bool ServicePublisher::takeNext(Item& item, Clock::time_point& wakeAt) {
    wakeAt = Clock::time_point::max();
    if (!m_operations.empty()) {
        item = std::move(m_operations.front());
        m_operations.pop_front();
        return true;
    }
    if (!m_publishing) {
        return false;
    }
    for (;;) {
        const auto step = m_schedule.next(Clock::now());
        if (!step) {
            wakeAt = m_schedule.wakeAt();
            return false;
        }
        const auto material = m_material.find(step->service);
        if (material == m_material.end()) {
            // Every service in the schedule has its material; should one not,
            // it cannot be published: forget it.
            (void)m_schedule.remove(step->service);
            continue;
        }
        item.operation = Operation::Publish;
        item.republish = step->action == Action::Republish;
        item.service = step->service;
        item.secret = SecureBuffer::copyOf(material->second.seed.span());
        item.clients = material->second.clients;
        return true;
    }
}

void ServicePublisher::execute(Item& item) {
    Outcome outcome{item.operation, item.service, {}};
    switch (item.operation) {
    case Operation::Publish: {
        if (item.republish) {
            // Withdrawing first is what makes Tor build new descriptors; a
            // service Tor no longer has answers NotFound, which is fine.
            (void)m_transport.unpublish(item.service);
        }
        auto published = m_transport.publish(item.secret.span(), item.clients);
        if (!published) {
            outcome.status = fail(published.error());
            if (published.error().code != ErrorCode::AlreadyExists) {
                const std::lock_guard lock(m_mutex);
                m_schedule.publishFailed(item.service, Clock::now()); // retried later
            }
        } else if (*published != item.service) {
            // A bug, not the network: retrying would give the same key.
            outcome.status = fail(ErrorCode::Internal, "a service key does not match its seed");
            (void)m_transport.unpublish(*published);
            const std::lock_guard lock(m_mutex);
            if (m_schedule.contains(item.service)) {
                (void)m_schedule.remove(item.service);
                m_material.erase(item.service);
            }
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
