#include "transport/LoopbackNetwork.h"

#include "transport/LoopbackTransport.h"

#include <algorithm>
#include <cassert>
#include <utility>

namespace chive::transport {

LoopbackNetwork::~LoopbackNetwork() {
    // A transport left behind would keep a dangling reference to us.
    assert(m_attached == 0);
}

bool LoopbackNetwork::isPublished(const core::Ed25519PublicKey& service) const {
    const std::lock_guard lock(m_mutex);
    return m_services.contains(service);
}

std::size_t LoopbackNetwork::publishedCount() const {
    const std::lock_guard lock(m_mutex);
    return m_services.size();
}

void LoopbackNetwork::attach() {
    const std::lock_guard lock(m_mutex);
    ++m_attached;
}

void LoopbackNetwork::detach(const LoopbackTransport& owner) {
    const std::lock_guard lock(m_mutex);
    std::erase_if(m_services, [&](const auto& entry) { return entry.second.owner == &owner; });
    assert(m_attached > 0);
    --m_attached;
}

core::Status LoopbackNetwork::add(const core::Ed25519PublicKey& service, LoopbackTransport& owner,
                                  std::vector<core::X25519PublicKey> authorizedClients) {
    const std::lock_guard lock(m_mutex);
    const auto existing = m_services.find(service);
    if (existing != m_services.end()) {
        return core::fail(core::ErrorCode::AlreadyExists,
                          existing->second.owner == &owner
                              ? "the service is already published"
                              : "another transport on the loopback network publishes the service");
    }
    m_services.emplace(service, Service{&owner, std::move(authorizedClients)});
    return {};
}

core::Status LoopbackNetwork::remove(const core::Ed25519PublicKey& service,
                                     const LoopbackTransport& owner) {
    const std::lock_guard lock(m_mutex);
    const auto existing = m_services.find(service);
    if (existing == m_services.end() || existing->second.owner != &owner) {
        return core::fail(core::ErrorCode::NotFound, "the service is not published");
    }
    m_services.erase(existing);
    return {};
}

std::vector<core::Ed25519PublicKey>
LoopbackNetwork::servicesOf(const LoopbackTransport& owner) const {
    const std::lock_guard lock(m_mutex);
    std::vector<core::Ed25519PublicKey> services;
    for (const auto& [key, service] : m_services) {
        if (service.owner == &owner) {
            services.push_back(key);
        }
    }
    return services;
}

core::Status LoopbackNetwork::route(const core::Ed25519PublicKey& service,
                                    const std::optional<core::X25519PublicKey>& clientAuth,
                                    UniqueFd serverEnd) {
    // Held while handing the stream over, so the owner cannot detach and go
    // away in between.
    const std::lock_guard lock(m_mutex);
    const auto found = m_services.find(service);
    if (found == m_services.end()) {
        return core::fail(core::ErrorCode::NotFound,
                          "the contact's service could not be found (offline or not published)");
    }
    const Service& target = found->second;
    if (!target.authorizedClients.empty()) {
        if (!clientAuth) {
            return core::fail(core::ErrorCode::Crypto,
                              "the service needs client authorization and there is no key for it");
        }
        if (std::find(target.authorizedClients.begin(), target.authorizedClients.end(),
                      *clientAuth) == target.authorizedClients.end()) {
            return core::fail(core::ErrorCode::Crypto,
                              "the service does not accept our client-authorization key");
        }
    }
    if (!target.owner->isOnline()) {
        return core::fail(core::ErrorCode::Network,
                          "introduction failed: the contact's transport is offline");
    }
    return target.owner->acceptInbound(service, std::move(serverEnd));
}

} // namespace chive::transport
