#include "core/engine/ServicePublisherSchedule.h"

#include <algorithm>

namespace chive::core {

ServicePublisherSchedule::ServicePublisherSchedule(Limits limits)
    : m_limits(limits) {
    m_limits.window = std::max<std::size_t>(m_limits.window, 1);
    m_limits.failuresBeforeRepublish = std::max<std::uint32_t>(m_limits.failuresBeforeRepublish, 1);
    m_limits.retryMaximum = std::max(m_limits.retryMaximum, m_limits.retryInitial);
}

void ServicePublisherSchedule::add(const Ed25519PublicKey& service, Priority priority) {
    const auto [it, added] = m_entries.try_emplace(service);
    it->second.priority = priority;
    if (added) {
        it->second.sequence = m_nextSequence++;
        it->second.retryDelay = m_limits.retryInitial;
    }
}

bool ServicePublisherSchedule::remove(const Ed25519PublicKey& service) {
    const auto it = m_entries.find(service);
    if (it == m_entries.end()) {
        return true;
    }
    const bool published = it->second.published;
    m_entries.erase(it);
    return published;
}

bool ServicePublisherSchedule::reachable(const Ed25519PublicKey& service) {
    const auto it = m_entries.find(service);
    // A service still queued was withdrawn and added again: the upload is
    // of the withdrawn one.
    if (it == m_entries.end() || !it->second.published) {
        return false;
    }
    m_entries.erase(it);
    return true;
}

void ServicePublisherSchedule::uploadFailed(const Ed25519PublicKey& service,
                                            Clock::time_point now) {
    const auto it = m_entries.find(service);
    if (it == m_entries.end() || it->second.state != State::Waiting) {
        return;
    }
    auto& entry = it->second;
    if (++entry.failures >= m_limits.failuresBeforeRepublish) {
        entry.due = std::min(entry.due, now);
    }
}

void ServicePublisherSchedule::publishFailed(const Ed25519PublicKey& service,
                                             Clock::time_point now) {
    const auto it = m_entries.find(service);
    if (it == m_entries.end()) {
        return;
    }
    it->second.published = false;
    park(it->second, now);
}

void ServicePublisherSchedule::setNetworkReady(bool ready, Clock::time_point now) {
    if (ready && !m_ready) {
        for (auto& [service, entry] : m_entries) {
            if (entry.state == State::Waiting) {
                entry.due = now + m_limits.uploadTimeout;
                entry.failures = 0;
            }
        }
    }
    m_ready = ready;
}

std::optional<ServicePublisherSchedule::Step>
ServicePublisherSchedule::next(Clock::time_point now) {
    if (!m_ready) {
        return std::nullopt;
    }
    for (auto& [service, entry] : m_entries) {
        if (entry.state == State::Waiting && entry.due <= now) {
            if (!entry.retrying && entry.attempts <= m_limits.republishes) {
                ++entry.attempts;
                entry.failures = 0;
                entry.due = now + m_limits.uploadTimeout;
                return Step{Action::Republish, service};
            }
            park(entry, now);
        }
    }
    for (auto& [service, entry] : m_entries) {
        if (entry.state == State::Parked && entry.due <= now) {
            entry.state = State::Queued;
            entry.retrying = true;
        }
    }
    auto best = m_entries.end();
    for (auto it = m_entries.begin(); it != m_entries.end(); ++it) {
        if (it->second.state == State::Queued &&
            (best == m_entries.end() || before(it->second, best->second))) {
            best = it;
        }
    }
    if (best == m_entries.end()) {
        return std::nullopt;
    }
    auto& entry = best->second;
    if (!entry.priority.urgent() && waiting() >= m_limits.window) {
        return std::nullopt;
    }
    const auto action = entry.published ? Action::Republish : Action::Publish;
    entry.state = State::Waiting;
    entry.published = true;
    entry.attempts = 1;
    entry.failures = 0;
    entry.due = now + m_limits.uploadTimeout;
    return Step{action, best->first};
}

ServicePublisherSchedule::Clock::time_point ServicePublisherSchedule::wakeAt() const {
    auto at = Clock::time_point::max();
    if (!m_ready) {
        return at;
    }
    for (const auto& [service, entry] : m_entries) {
        if (entry.state != State::Queued) {
            at = std::min(at, entry.due);
        }
    }
    return at;
}

std::size_t ServicePublisherSchedule::waiting() const {
    return count(State::Waiting);
}

std::size_t ServicePublisherSchedule::queued() const {
    return count(State::Queued);
}

std::size_t ServicePublisherSchedule::parked() const {
    return count(State::Parked);
}

void ServicePublisherSchedule::park(Entry& entry, Clock::time_point now) const {
    entry.state = State::Parked;
    entry.failures = 0;
    entry.due = now + entry.retryDelay;
    entry.retryDelay =
        std::min<Clock::duration>(entry.retryDelay * 2, Clock::duration(m_limits.retryMaximum));
}

bool ServicePublisherSchedule::before(const Entry& a, const Entry& b) {
    if (a.priority.kind != b.priority.kind) {
        return a.priority.kind < b.priority.kind;
    }
    if (a.priority.lastActivityMs != b.priority.lastActivityMs) {
        return a.priority.lastActivityMs > b.priority.lastActivityMs;
    }
    return a.sequence < b.sequence;
}

std::size_t ServicePublisherSchedule::count(State state) const {
    return static_cast<std::size_t>(
        std::count_if(m_entries.begin(), m_entries.end(),
                      [state](const auto& pair) { return pair.second.state == state; }));
}

} // namespace chive::core
