#include "tests/bench/StorageBenchmark.h"

#include "storage/Database.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <random>

#include "tests/bench/SampleStats.h"

namespace chive::bench {
namespace {

using Clock = std::chrono::steady_clock;
using storage::Database;
using storage::ProfileDatabase;

constexpr std::size_t kBatch = 10'000;
constexpr std::size_t kPage = 50;
constexpr std::size_t kDurableInserts = 200;
constexpr int kReopens = 20;
constexpr int kRepeats = 200;
constexpr int kSearchRepeats = 20;

// A benchmark that cannot do its work has nothing to report: stop at once.
[[noreturn]] void die(const char* what, const std::string& why) {
    (void)std::fprintf(stderr, "bench_storage: %s failed: %s\n", what, why.c_str());
    std::exit(1); // NOLINT(concurrency-mt-unsafe): single-threaded program
}

template <class T>
T orDie(core::Result<T> result, const char* what) {
    if (!result) {
        die(what, result.error().message);
    }
    return std::move(*result);
}

void orDie(const core::Status& status, const char* what) {
    if (!status) {
        die(what, status.error().message);
    }
}

double timed(const std::function<void()>& work) {
    const auto start = Clock::now();
    work();
    return millisSince(start);
}

// Deterministic text from a fixed vocabulary, so both databases get the same
// messages. Word and message lengths are roughly those of chat.
class TextGenerator {
public:
    // A fixed seed on purpose: both databases, and every run, get the same text.
    TextGenerator()
        : m_random(20240601) { // NOLINT(cert-msc32-c,cert-msc51-cpp)
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
    , m_messages(messages) {
    m_subjects.push_back({"encrypted",
                          core::SecureBuffer::random(Database::kKeySize),
                          m_directory / "encrypted.db",
                          nullptr,
                          {},
                          {}});
    m_subjects.push_back(
        {"plain", core::SecureBuffer(), m_directory / "plain.db", nullptr, {}, {}});
}

void StorageBenchmark::run() {
    create();
    bulkInsert();
    durableInserts();
    reopenAndShowLatest();
    latestWarm();
    pageBack();
    search();
    measureFiles();
}

void StorageBenchmark::reopen(Subject& subject) {
    subject.store.reset();
    subject.store = orDie(
        ProfileDatabase::open(subject.path, subject.key.span(), Database::OpenMode::MustExist),
        "opening the database");
}

void StorageBenchmark::create() {
    for (auto& subject : m_subjects) {
        subject.store = orDie(ProfileDatabase::open(subject.path, subject.key.span(),
                                                    Database::OpenMode::CreateIfMissing),
                              "creating the database");
        subject.contact = orDie(
            subject.store->contacts().add({"Bob", core::ContactState::Connected, {}}, {}, at(0)),
            "adding a contact");
    }
}

// What receiving a long backlog or importing history costs: batches of
// 10,000 messages per transaction, search index included.
void StorageBenchmark::bulkInsert() {
    TextGenerator text;
    std::vector<std::string> batch;
    std::vector<double> totalMs(m_subjects.size(), 0);
    for (std::size_t done = 0; done < m_messages;) {
        const std::size_t end = std::min(done + kBatch, m_messages);
        batch.clear();
        for (std::size_t i = done; i < end; ++i) {
            batch.push_back(text.message(i));
        }
        for (std::size_t s = 0; s < m_subjects.size(); ++s) {
            auto& subject = m_subjects[s];
            totalMs[s] += timed([&] {
                orDie(subject.store->transaction([&]() -> core::Status {
                    for (std::size_t i = done; i < end; ++i) {
                        auto stored = subject.store->messages().addIncoming(
                            subject.contact, core::MessageId(i + 1), batch[i - done], at(i), at(i));
                        if (!stored) {
                            return core::fail(stored.error());
                        }
                    }
                    return {};
                }),
                      "bulk insert");
            });
        }
        done = end;
    }
    for (std::size_t s = 0; s < m_subjects.size(); ++s) {
        m_subjects[s].results.insertPerSecond =
            static_cast<double>(m_messages) / (totalMs[s] / 1000.0);
    }
}

// One message sent: committed and synced (synchronous=FULL) with its outbox
// entry, as it must be before anything is acknowledged.
void StorageBenchmark::durableInserts() {
    std::vector<std::vector<double>> samples(m_subjects.size());
    for (std::size_t i = 0; i < kDurableInserts; ++i) {
        for (std::size_t s = 0; s < m_subjects.size(); ++s) {
            auto& subject = m_subjects[s];
            samples[s].push_back(timed([&] {
                orDie(subject.store->messages().addOutgoing(
                          subject.contact, "a message typed just now", at(m_messages + i)),
                      "durable insert");
            }));
        }
    }
    for (std::size_t s = 0; s < m_subjects.size(); ++s) {
        m_subjects[s].results.durableInsertMedianMs = percentile(samples[s], 0.5);
        m_subjects[s].results.durableInsertP99Ms = percentile(samples[s], 0.99);
        orDie(m_subjects[s].store->database().checkpointTruncate(), "checkpoint");
    }
}

// Starting the app and showing the conversation: open the database (schema
// check included), then the newest page from a cold page cache.
void StorageBenchmark::reopenAndShowLatest() {
    std::vector<std::vector<double>> opens(m_subjects.size());
    std::vector<std::vector<double>> firsts(m_subjects.size());
    for (int r = 0; r < kReopens; ++r) {
        for (std::size_t s = 0; s < m_subjects.size(); ++s) {
            auto& subject = m_subjects[s];
            subject.store.reset();
            opens[s].push_back(timed([&] { reopen(subject); }));
            firsts[s].push_back(timed([&] {
                auto page =
                    orDie(subject.store->messages().latest(subject.contact, kPage), "latest page");
                if (page.size() != std::min(kPage, m_messages + kDurableInserts)) {
                    die("latest page", "it came back short");
                }
            }));
        }
    }
    for (std::size_t s = 0; s < m_subjects.size(); ++s) {
        m_subjects[s].results.openMedianMs = percentile(opens[s], 0.5);
        m_subjects[s].results.latestFirstMedianMs = percentile(firsts[s], 0.5);
    }
}

void StorageBenchmark::latestWarm() {
    std::vector<std::vector<double>> samples(m_subjects.size());
    for (int r = 0; r < kRepeats; ++r) {
        for (std::size_t s = 0; s < m_subjects.size(); ++s) {
            auto& subject = m_subjects[s];
            samples[s].push_back(timed([&] {
                orDie(subject.store->messages().latest(subject.contact, kPage), "latest page");
            }));
        }
    }
    for (std::size_t s = 0; s < m_subjects.size(); ++s) {
        m_subjects[s].results.latestMedianMs = percentile(samples[s], 0.5);
    }
}

// Scrolling back from the middle of the history, 50 at a time, each page
// read for the first time since the database was opened.
void StorageBenchmark::pageBack() {
    std::vector<std::vector<double>> samples(m_subjects.size());
    std::vector<core::MessageRowId> cursors(
        m_subjects.size(), core::MessageRowId(static_cast<std::int64_t>(m_messages / 2) + 2));
    for (int r = 0; r < kRepeats; ++r) {
        for (std::size_t s = 0; s < m_subjects.size(); ++s) {
            auto& subject = m_subjects[s];
            std::vector<core::StoredMessage> page;
            samples[s].push_back(timed([&] {
                page = orDie(subject.store->messages().before(subject.contact, cursors[s], kPage),
                             "page back");
            }));
            if (!page.empty()) {
                cursors[s] = page.front().rowId;
            }
        }
    }
    for (std::size_t s = 0; s < m_subjects.size(); ++s) {
        m_subjects[s].results.pageBackMedianMs = percentile(samples[s], 0.5);
        m_subjects[s].results.pageBackP99Ms = percentile(samples[s], 0.99);
    }
}

void StorageBenchmark::search() {
    struct Query {
        const char* text;
        double StorageResults::*field;
    };
    const Query queries[] = {{"zebra", &StorageResults::searchRareMedianMs},
                             {"lunch", &StorageResults::searchCommonMedianMs},
                             {"lunch tomorrow", &StorageResults::searchTwoWordsMedianMs}};
    for (const auto& query : queries) {
        std::vector<std::vector<double>> samples(m_subjects.size());
        for (int r = 0; r < kSearchRepeats; ++r) {
            for (std::size_t s = 0; s < m_subjects.size(); ++s) {
                auto& subject = m_subjects[s];
                samples[s].push_back(timed([&] {
                    orDie(subject.store->messages().search(query.text, subject.contact, kPage),
                          "search");
                }));
            }
        }
        for (std::size_t s = 0; s < m_subjects.size(); ++s) {
            m_subjects[s].results.*query.field = percentile(samples[s], 0.5);
        }
    }
}

void StorageBenchmark::measureFiles() {
    for (auto& subject : m_subjects) {
        subject.store.reset(); // checkpoints and truncates the WAL
        std::error_code error;
        subject.results.fileBytes = std::filesystem::file_size(subject.path, error);
        auto wal = subject.path;
        wal += "-wal";
        if (std::filesystem::exists(wal, error)) {
            subject.results.fileBytes += std::filesystem::file_size(wal, error);
        }
    }
}

} // namespace chive::bench
