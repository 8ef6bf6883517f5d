#pragma once

// SettingsRepository: small per-profile settings, keyed by name. Values are
// opaque bytes; the text helpers are for the common UTF-8 case.
//
// Thread contract (all repositories in core/store): an implementation is
// bound to the thread that owns its database connection. Callers on other
// threads go through that thread's queue (storage::StorageWorker); they never
// keep references to a repository.

#include "core/Result.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace chive::core {

class SettingsRepository {
public:
    SettingsRepository() = default;
    virtual ~SettingsRepository() = default;
    SettingsRepository(const SettingsRepository&) = delete;
    SettingsRepository& operator=(const SettingsRepository&) = delete;
    SettingsRepository(SettingsRepository&&) = delete;
    SettingsRepository& operator=(SettingsRepository&&) = delete;

    // std::nullopt when the key was never set.
    virtual Result<std::optional<std::vector<std::uint8_t>>> get(std::string_view key) = 0;
    virtual Status set(std::string_view key, std::span<const std::uint8_t> value) = 0;
    virtual Status remove(std::string_view key) = 0;

    virtual Result<std::optional<std::string>> getText(std::string_view key) = 0;
    virtual Status setText(std::string_view key, std::string_view value) = 0;
};

} // namespace chive::core
