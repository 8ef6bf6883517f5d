#pragma once

// Helpers shared by the storage tests: a temporary directory that removes
// itself, file bytes, passwords and random markers.

#include "core/SecureBuffer.h"
#include "core/Sodium.h"
#include "storage/Profile.h"

#include <sodium.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace chive::storage::test {

class TempDir {
public:
    TempDir() {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "chive-storage-XXXXXX").string();
        char* made = ::mkdtemp(pattern.data());
        if (made == nullptr) {
            std::abort();
        }
        m_path = made;
    }
    ~TempDir() {
        std::error_code error;
        std::filesystem::remove_all(m_path, error);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    TempDir(TempDir&&) = delete;
    TempDir& operator=(TempDir&&) = delete;

    [[nodiscard]] const std::filesystem::path& path() const { return m_path; }
    [[nodiscard]] std::filesystem::path profile() const { return m_path / "profile"; }

private:
    std::filesystem::path m_path;
};

inline core::SecureBuffer password(std::string_view text) {
    return core::SecureBuffer::copyOf(std::span<const std::uint8_t>(
        reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

inline std::vector<std::uint8_t> readBytes(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline void writeBytes(const std::filesystem::path& path, std::span<const std::uint8_t> bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()),
              static_cast<std::streamsize>(bytes.size()));
}

inline bool contains(std::span<const std::uint8_t> haystack, std::span<const std::uint8_t> needle) {
    return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end()) !=
           haystack.end();
}

inline std::span<const std::uint8_t> bytesOf(std::string_view text) {
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

// A word that occurs nowhere by chance: lower-case letters only, so that the
// FTS tokenizer keeps it whole.
inline std::string randomMarker() {
    core::ensureSodium();
    std::string marker = "mrk";
    for (int i = 0; i < 20; ++i) {
        marker += static_cast<char>('a' + randombytes_uniform(26));
    }
    return marker;
}

// Cheap key derivation: these tests unlock many times.
inline ProfileOptions fastOptions() {
    ProfileOptions options;
    options.kdf = KdfParams::fastForTests();
    return options;
}

} // namespace chive::storage::test
