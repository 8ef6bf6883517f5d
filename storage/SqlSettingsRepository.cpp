#include "storage/SqlSettingsRepository.h"

#include "storage/Database.h"

namespace chive::storage {

core::Result<std::optional<std::vector<std::uint8_t>>>
SqlSettingsRepository::get(std::string_view key) {
    auto statement = m_db.cached("SELECT value FROM settings WHERE key = ?1");
    if (!statement) {
        return core::fail(statement.error());
    }
    statement->bind(1, key);
    auto row = statement->step();
    if (!row) {
        return core::fail(row.error());
    }
    if (!*row) {
        return std::optional<std::vector<std::uint8_t>>();
    }
    return std::optional<std::vector<std::uint8_t>>(statement->columnBlob(0));
}

core::Status SqlSettingsRepository::set(std::string_view key, std::span<const std::uint8_t> value) {
    auto statement = m_db.cached("INSERT INTO settings(key, value) VALUES (?1, ?2) "
                                 "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    if (!statement) {
        return core::fail(statement.error());
    }
    statement->bind(1, key).bind(2, value);
    return statement->run();
}

core::Status SqlSettingsRepository::remove(std::string_view key) {
    auto statement = m_db.cached("DELETE FROM settings WHERE key = ?1");
    if (!statement) {
        return core::fail(statement.error());
    }
    statement->bind(1, key);
    return statement->run();
}

core::Result<std::optional<std::string>> SqlSettingsRepository::getText(std::string_view key) {
    auto value = get(key);
    if (!value) {
        return core::fail(value.error());
    }
    if (!*value) {
        return std::optional<std::string>();
    }
    return std::optional<std::string>(std::string((*value)->begin(), (*value)->end()));
}

core::Status SqlSettingsRepository::setText(std::string_view key, std::string_view value) {
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(value.data());
    return set(key, std::span<const std::uint8_t>(bytes, value.size()));
}

} // namespace chive::storage
