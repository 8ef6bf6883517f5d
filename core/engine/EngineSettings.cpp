#include "core/engine/EngineSettings.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <string>

namespace chive::core {

namespace {

constexpr std::string_view kUsedLinkKeys = "engine.used-link-keys";

std::string key(std::string_view prefix, std::int64_t id) {
    return std::string(prefix) + std::to_string(id);
}

std::string lastReadKey(ContactId contact) {
    return key("engine.last-read.", contact.value());
}
std::string lastSeenKey(ContactId contact) {
    return key("engine.last-seen.", contact.value());
}
std::string pendingContactKey(InvitationId invitation) {
    return key("engine.pending-contact.", invitation.value());
}

Result<std::optional<std::int64_t>> readInteger(SettingsRepository& settings,
                                                const std::string& name) {
    auto text = settings.getText(name);
    if (!text) {
        return fail(text.error());
    }
    if (!*text) {
        return std::optional<std::int64_t>();
    }
    std::int64_t value = 0;
    const auto& digits = **text;
    const auto parsed = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (parsed.ec != std::errc() || parsed.ptr != digits.data() + digits.size()) {
        return std::optional<std::int64_t>();
    }
    return std::optional<std::int64_t>(value);
}

Status writeInteger(SettingsRepository& settings, const std::string& name, std::int64_t value) {
    return settings.setText(name, std::to_string(value));
}

} // namespace

Result<std::optional<MessageRowId>> EngineSettings::lastRead(SettingsRepository& settings,
                                                             ContactId contact) {
    auto value = readInteger(settings, lastReadKey(contact));
    if (!value) {
        return fail(value.error());
    }
    if (!*value) {
        return std::optional<MessageRowId>();
    }
    return std::optional<MessageRowId>(MessageRowId(**value));
}

Status EngineSettings::setLastRead(SettingsRepository& settings, ContactId contact,
                                   MessageRowId row) {
    return writeInteger(settings, lastReadKey(contact), row.value());
}

Result<std::optional<Timestamp>> EngineSettings::lastSeen(SettingsRepository& settings,
                                                          ContactId contact) {
    auto value = readInteger(settings, lastSeenKey(contact));
    if (!value) {
        return fail(value.error());
    }
    if (!*value) {
        return std::optional<Timestamp>();
    }
    return std::optional<Timestamp>(Timestamp(std::chrono::milliseconds(**value)));
}

Status EngineSettings::setLastSeen(SettingsRepository& settings, ContactId contact,
                                   Timestamp when) {
    return writeInteger(settings, lastSeenKey(contact), when.time_since_epoch().count());
}

Result<std::optional<ContactId>> EngineSettings::pendingContact(SettingsRepository& settings,
                                                                InvitationId invitation) {
    auto value = readInteger(settings, pendingContactKey(invitation));
    if (!value) {
        return fail(value.error());
    }
    if (!*value) {
        return std::optional<ContactId>();
    }
    return std::optional<ContactId>(ContactId(**value));
}

Status EngineSettings::setPendingContact(SettingsRepository& settings, InvitationId invitation,
                                         ContactId contact) {
    return writeInteger(settings, pendingContactKey(invitation), contact.value());
}

Status EngineSettings::clearPendingContact(SettingsRepository& settings, InvitationId invitation) {
    return settings.remove(pendingContactKey(invitation));
}

Result<std::vector<X25519PublicKey>> EngineSettings::usedLinkKeys(SettingsRepository& settings) {
    auto stored = settings.get(kUsedLinkKeys);
    if (!stored) {
        return fail(stored.error());
    }
    std::vector<X25519PublicKey> keys;
    if (!*stored) {
        return keys;
    }
    const auto& bytes = **stored;
    // A damaged tail (not a whole key) is ignored rather than misread.
    const std::size_t count = std::min(bytes.size() / kPublicKeyLength, kMaxUsedLinkKeys);
    keys.resize(count);
    for (std::size_t i = 0; i < count; ++i) {
        std::copy_n(bytes.begin() + static_cast<std::ptrdiff_t>(i * kPublicKeyLength),
                    kPublicKeyLength, keys[i].begin());
    }
    return keys;
}

Status EngineSettings::addUsedLinkKeys(SettingsRepository& settings,
                                       std::span<const X25519PublicKey> keys) {
    auto current = usedLinkKeys(settings);
    if (!current) {
        return fail(current.error());
    }
    for (const auto& added : keys) {
        if (std::find(current->begin(), current->end(), added) == current->end()) {
            current->push_back(added);
        }
    }
    if (current->size() > kMaxUsedLinkKeys) {
        current->erase(current->begin(),
                       current->begin() +
                           static_cast<std::ptrdiff_t>(current->size() - kMaxUsedLinkKeys));
    }
    std::vector<std::uint8_t> bytes;
    bytes.reserve(current->size() * kPublicKeyLength);
    for (const auto& stored : *current) {
        bytes.insert(bytes.end(), stored.begin(), stored.end());
    }
    return settings.set(kUsedLinkKeys, bytes);
}

Status EngineSettings::forgetContact(SettingsRepository& settings, ContactId contact) {
    if (auto removed = settings.remove(lastReadKey(contact)); !removed) {
        return removed;
    }
    return settings.remove(lastSeenKey(contact));
}

} // namespace chive::core
