#include "tests/bench/StorageBenchmark.h"

#include "storage/Database.h"
#include "storage/ProfileDatabase.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <random>
#include <vector>

namespace chive::bench {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t kBatch = 10'000;
constexpr std::size_t kPage = 50;
constexpr std::size_t kDurableInserts = 200;
constexpr int kRepeats = 200;
constexpr int kSearchRepeats = 20;

double millisSince(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double percentile(std::vector<double> samples, double fraction) {
    std::sort(samples.begin(), samples.end());
    const auto index = static_cast<std::size_t>(fraction * static_cast<double>(samples.size() - 1));
    return samples[index];
}

template <class T>
T orDie(core::Result<T> result, const char* what) {
    if (!result) {
        std::fprintf(stderr, "bench_storage: %s failed: %s\n", what,
                     result.error().message.c_str());
        std::exit(1);
    }
    return std::move(*result);
}

void orDie(const core::Status& status, const char* what) {
    if (!status) {
        std::fprintf(stderr, "bench_storage: %s failed: %s\n", what,
                     status.error().message.c_str());
        std::exit(1);
    }
}

double medianOf(int repeats, const std::function<void()>& work) {
    std::vector<double> samples;
    samples.reserve(static_cast<std::size_t>(repeats));
    for (int i = 0; i < repeats; ++i) {
        const auto start = Clock::now();
        work();
        samples.push_back(millisSince(start));
    }
    return percentile(samples, 0.5);
}

// Deterministic text from a fixed vocabulary: both databases get the same
// messages. Word lengths and message lengths are those of chat, roughly.
class TextGenerator {
public:
    TextGenerator()
        : m_random(20240601) {
        std::uniform_int_distribution<int> letter('a', 'z');
        std::uniform_int_distribution<int> length(2, 9);
        for (int i = 0; i < 5000; ++i) {
            std::string word;
            const int size = length(m_random);
            for (int j = 0; j < size; ++j) {
                word += static_cast<char>(letter(m_random));
            }
            m_words.push_back(std::move(word));
        }
    }

    std::string message(std::size_t index) {
        std::uniform_int_distribution<std::size_t> count(3, 20);
        std::uniform_int_distribution<std::size_t> pick(0, m_words.size() - 1);
        std::string text;
        const std::size_t words = count(m_random);
        for (std::size_t i = 0; i < words; ++i) {
            if (!text.empty()) {
                text += ' ';
            }
            text += m_words[pick(m_random)];
        }
        if (index % 10'000 == 5'000) {
            text += " zebra";
        }
        if (index % 20 == 3) {
            text += " lunch";
        }
        if (index % 40 == 3) {
            text += " tomorrow";
        }
        return text;
    }

private:
    std::mt19937_64 m_random;
    std::vector<std::string> m_words;
};

core::Timestamp at(std::size_t index) {
    return core::Timestamp(
        std::chrono::milliseconds(1'700'000'000'000 + static_cast<std::int64_t>(index) * 1000));
}

} // namespace

StorageBenchmark::StorageBenchmark(std::filesystem::path directory, std::size_t messages)
    : m_directory(std::move(directory))
    , m_messages(messages) {}

StorageResults StorageBenchmark::run(const std::string& name, const core::SecureBuffer& key) {
    using storage::Database;
    using storage::ProfileDatabase;
    StorageResults results;
    const auto path = m_directory / (name + ".db");
    core::ContactId contact;
    {
        auto store =
            orDie(ProfileDatabase::open(path, key.span(), Database::OpenMode::CreateIfMissing),
                  "creating the database");
        contact =
            orDie(store->contacts().add({"Bob", core::ContactState::Connected, {}}, {}, at(0)),
                  "adding a contact");

        // Bulk insert: what receiving a backlog or importing history costs.
        TextGenerator text;
        const auto start = Clock::now();
        for (std::size_t done = 0; done < m_messages;) {
            const std::size_t end = std::min(done + kBatch, m_messages);
            orDie(store->transaction([&]() -> core::Status {
                for (std::size_t i = done; i < end; ++i) {
                    auto stored = store->messages().addIncoming(contact, core::MessageId(i + 1),
                                                                text.message(i), at(i), at(i));
                    if (!stored) {
                        return core::fail(stored.error());
                    }
                }
                return {};
            }),
                  "bulk insert");
            done = end;
        }
        results.insertPerSecond = static_cast<double>(m_messages) / (millisSince(start) / 1000.0);

        // Durable single inserts: one message sent, committed and synced
        // (synchronous=FULL), as before it may be acknowledged.
        std::vector<double> samples;
        for (std::size_t i = 0; i < kDurableInserts; ++i) {
            const auto one = Clock::now();
            orDie(store->messages().addOutgoing(contact, "a message typed just now",
                                                at(m_messages + i)),
                  "durable insert");
            samples.push_back(millisSince(one));
        }
        results.durableInsertMedianMs = percentile(samples, 0.5);
        results.durableInsertP99Ms = percentile(samples, 0.99);
        orDie(store->database().checkpointTruncate(), "checkpoint");
    }

    // Reopen: what starting the app and showing the conversation costs.
    const auto openStart = Clock::now();
    auto store = orDie(ProfileDatabase::open(path, key.span(), Database::OpenMode::MustExist),
                       "opening the database");
    results.openMs = millisSince(openStart);
    const auto firstStart = Clock::now();
    auto latest = orDie(store->messages().latest(contact, kPage), "latest page");
    results.latestFirstMs = millisSince(firstStart);
    if (latest.size() != std::min(kPage, m_messages + kDurableInserts)) {
        std::fprintf(stderr, "bench_storage: latest page has %zu messages\n", latest.size());
        std::exit(1);
    }
    results.latestMedianMs =
        medianOf(kRepeats, [&] { orDie(store->messages().latest(contact, kPage), "latest page"); });

    // Paging back from the middle of the history, 50 at a time.
    {
        core::MessageRowId cursor(static_cast<std::int64_t>(m_messages / 2) + 2);
        std::vector<double> samples;
        for (int i = 0; i < kRepeats; ++i) {
            const auto start = Clock::now();
            auto page = orDie(store->messages().before(contact, cursor, kPage), "page back");
            samples.push_back(millisSince(start));
            if (page.empty()) {
                break;
            }
            cursor = page.front().rowId;
        }
        results.pageBackMedianMs = percentile(samples, 0.5);
        results.pageBackP99Ms = percentile(samples, 0.99);
    }

    auto search = [&](const char* query) {
        return medianOf(kSearchRepeats,
                        [&] { orDie(store->messages().search(query, contact, kPage), "search"); });
    };
    results.searchRareMedianMs = search("zebra");
    results.searchCommonMedianMs = search("lunch");
    results.searchTwoWordsMedianMs = search("lunch tomorrow");

    store.reset();
    std::error_code error;
    results.fileBytes = std::filesystem::file_size(path, error);
    auto wal = path;
    wal += "-wal";
    if (std::filesystem::exists(wal, error)) {
        results.fileBytes += std::filesystem::file_size(wal, error);
    }
    return results;
}

} // namespace chive::bench
