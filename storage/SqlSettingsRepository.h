#pragma once

// SqlSettingsRepository: core::SettingsRepository on the settings table.
// Owned by ProfileDatabase; uses its Database on the owning thread only.

#include "core/store/SettingsRepository.h"

namespace chive::storage {

class Database;

class SqlSettingsRepository final : public core::SettingsRepository {
public:
    explicit SqlSettingsRepository(Database& db) noexcept
        : m_db(db) {}

    core::Result<std::optional<std::vector<std::uint8_t>>> get(std::string_view key) override;
    core::Status set(std::string_view key, std::span<const std::uint8_t> value) override;
    core::Status remove(std::string_view key) override;
    core::Result<std::optional<std::string>> getText(std::string_view key) override;
    core::Status setText(std::string_view key, std::string_view value) override;

private:
    Database& m_db;
};

} // namespace chive::storage
