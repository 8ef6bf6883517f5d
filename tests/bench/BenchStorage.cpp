// bench_storage: encrypted versus plain SQLCipher on the same 1,000,000-message
// conversation, same run. Prints a table and the encrypted/plain cost ratio
// of each measurement against the product's 1.5x bar.
//
//   bench_storage [--messages N] [--dir DIR] [--keep]

#include "storage/Database.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <system_error>

#include "tests/bench/StorageBenchmark.h"

namespace {

using chive::bench::StorageResults;

constexpr double kRatioBar = 1.5;

std::string withSeparators(double value) {
    const auto digits = std::to_string(std::llround(value));
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) {
            out += ',';
        }
        out += digits[i];
    }
    return out;
}

[[noreturn]] void usage() {
    (void)std::fprintf(stderr, "usage: bench_storage [--messages N] [--dir DIR] [--keep]\n");
    std::exit(2); // NOLINT(concurrency-mt-unsafe): no other threads yet
}

// A cost ratio: encrypted over plain, where more is worse. For rates that is
// plain/encrypted.
void row(const char* name, const char* unit, double encrypted, double plain, bool higherIsBetter,
         int precision = 3) {
    const double ratio = higherIsBetter ? plain / encrypted : encrypted / plain;
    std::printf("%-38s %-6s %14.*f %14.*f %8.2fx %s\n", name, unit, precision, encrypted, precision,
                plain, ratio, ratio <= kRatioBar ? "ok" : "OVER");
}

} // namespace

int main(int argc, char** argv) {
    std::size_t messages = 1'000'000;
    std::filesystem::path directory;
    bool keep = false;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--messages") == 0 && i + 1 < argc) {
            char* end = nullptr;
            const auto value = std::strtoull(argv[++i], &end, 10);
            if (end == nullptr || *end != '\0' || value == 0) {
                usage();
            }
            messages = static_cast<std::size_t>(value);
        } else if (std::strcmp(argv[i], "--dir") == 0 && i + 1 < argc) {
            directory = argv[++i];
        } else if (std::strcmp(argv[i], "--keep") == 0) {
            keep = true;
        } else {
            usage();
        }
    }
    std::error_code error;
    if (directory.empty()) {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "chive-bench-XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr) {
            std::perror("bench_storage: mkdtemp");
            return 1;
        }
        directory = pattern;
    } else {
        std::filesystem::create_directories(directory, error);
        for (const char* name : {"encrypted.db", "plain.db"}) {
            std::filesystem::remove(directory / name, error);
        }
    }

    std::printf("Chive storage benchmark: one conversation of %s messages (+200 durable inserts)\n"
                "SQLCipher %s (HMAC-SHA256), WAL, synchronous=FULL, secure_delete=ON, FTS5\n"
                "Samples alternate between the two databases; files in %s\n\n",
                withSeparators(static_cast<double>(messages)).c_str(),
                chive::storage::Database::cipherVersion().c_str(), directory.c_str());
    (void)std::fflush(stdout);

    chive::bench::StorageBenchmark benchmark(directory, messages);
    benchmark.run();
    const StorageResults& encrypted = benchmark.encrypted();
    const StorageResults& plain = benchmark.plain();

    std::printf("%-38s %-6s %14s %14s %9s\n", "measurement", "unit", "encrypted", "plain",
                "enc/plain");
    std::printf("%s\n", std::string(88, '-').c_str());
    row("bulk insert (10k per transaction)", "msg/s", encrypted.insertPerSecond,
        plain.insertPerSecond, true, 0);
    row("durable single insert, median", "ms", encrypted.durableInsertMedianMs,
        plain.durableInsertMedianMs, false);
    row("durable single insert, p99", "ms", encrypted.durableInsertP99Ms, plain.durableInsertP99Ms,
        false);
    row("open database, median", "ms", encrypted.openMedianMs, plain.openMedianMs, false);
    row("latest 50, first after open, median", "ms", encrypted.latestFirstMedianMs,
        plain.latestFirstMedianMs, false);
    row("latest 50 again (warm), median", "ms", encrypted.latestMedianMs, plain.latestMedianMs,
        false);
    row("page back 50 from the middle, median", "ms", encrypted.pageBackMedianMs,
        plain.pageBackMedianMs, false);
    row("page back 50 from the middle, p99", "ms", encrypted.pageBackP99Ms, plain.pageBackP99Ms,
        false);
    row("search rare word (1 in 10k), median", "ms", encrypted.searchRareMedianMs,
        plain.searchRareMedianMs, false);
    row("search common word (1 in 20), top 50", "ms", encrypted.searchCommonMedianMs,
        plain.searchCommonMedianMs, false);
    row("search two words, top 50", "ms", encrypted.searchTwoWordsMedianMs,
        plain.searchTwoWordsMedianMs, false);
    row("file size", "MiB", static_cast<double>(encrypted.fileBytes) / (1024.0 * 1024.0),
        static_cast<double>(plain.fileBytes) / (1024.0 * 1024.0), false, 1);
    std::printf("\nenc/plain is encrypted cost over plain cost (for rates, plain/encrypted); the "
                "bar is %.1fx.\n",
                kRatioBar);

    if (!keep) {
        std::filesystem::remove_all(directory, error);
    }
    return 0;
}
