#pragma once

// StorageBenchmark: builds one conversation of N messages in a profile
// database and times what a user waits for: bulk insert, a durable single
// insert, opening the latest page, paging back through deep history,
// full-text search, and the size on disk. Run once encrypted and once without
// a key on the same work, the two results give the cost of encryption.
//
// Single-threaded: the database belongs to the thread that runs run().

#include "core/SecureBuffer.h"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

namespace chive::bench {

struct StorageResults {
    double insertPerSecond = 0;
    double durableInsertMedianMs = 0;
    double durableInsertP99Ms = 0;
    double openMs = 0;
    double latestFirstMs = 0;  // the first page after opening (cold page cache)
    double latestMedianMs = 0; // the same query, repeated
    double pageBackMedianMs = 0;
    double pageBackP99Ms = 0;
    double searchRareMedianMs = 0;   // a word in 1 message of 10,000
    double searchCommonMedianMs = 0; // a word in about 1 message of 20
    double searchTwoWordsMedianMs = 0;
    std::uint64_t fileBytes = 0;
};

class StorageBenchmark {
public:
    StorageBenchmark(std::filesystem::path directory, std::size_t messages);

    // `key` empty: an unencrypted database, the baseline.
    StorageResults run(const std::string& name, const core::SecureBuffer& key);

private:
    std::filesystem::path m_directory;
    std::size_t m_messages;
};

} // namespace chive::bench
