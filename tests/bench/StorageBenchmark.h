#pragma once

// StorageBenchmark: builds one conversation of N messages in an encrypted and
// in an unencrypted profile database and times what a user waits for: bulk
// insert, a durable single insert, opening and showing the latest page,
// paging back through deep history, full-text search, and the size on disk.
// Every measurement alternates between the two databases, sample by sample,
// so that other load on a shared machine falls on both alike and the ratio
// stays meaningful.
//
// Single-threaded: both databases belong to the thread that calls run().

#include "core/SecureBuffer.h"
#include "core/StrongId.h"
#include "storage/ProfileDatabase.h"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace chive::bench {

struct StorageResults {
    double insertPerSecond = 0;
    double durableInsertMedianMs = 0;
    double durableInsertP99Ms = 0;
    double openMedianMs = 0;
    double latestFirstMedianMs = 0; // first page after opening: cold page cache
    double latestMedianMs = 0;      // the same query again: warm
    double pageBackMedianMs = 0;
    double pageBackP99Ms = 0;
    double searchRareMedianMs = 0;   // a word in 1 message of 10,000
    double searchCommonMedianMs = 0; // a word in 1 message of 20, newest 50
    double searchTwoWordsMedianMs = 0;
    std::uint64_t fileBytes = 0;
};

class StorageBenchmark {
public:
    StorageBenchmark(std::filesystem::path directory, std::size_t messages);

    void run();
    [[nodiscard]] const StorageResults& encrypted() const { return m_subjects[0].results; }
    [[nodiscard]] const StorageResults& plain() const { return m_subjects[1].results; }

private:
    struct Subject {
        std::string name;
        core::SecureBuffer key; // empty: unencrypted
        std::filesystem::path path;
        std::unique_ptr<storage::ProfileDatabase> store;
        core::ContactId contact;
        StorageResults results;
    };

    void create();
    void bulkInsert();
    void durableInserts();
    void reopenAndShowLatest();
    void latestWarm();
    void pageBack();
    void search();
    void measureFiles();
    static void reopen(Subject& subject);

    std::filesystem::path m_directory;
    std::size_t m_messages;
    std::vector<Subject> m_subjects;
};

} // namespace chive::bench
