// bench_gui_start: cold start of the desktop app on a large profile, and its
// memory while a long conversation is scrolled.
//
// Builds (or reuses, with --dir) a profile with C contacts (real per-contact
// keys, state Connected, one message each) and one conversation of N
// messages, stored directly through the store in batches. Then it starts
// itself again, a fresh process, which composes the real app (GuiHarness:
// the same parts as app/GuiApplication.cpp, embedded Tor with its network
// disabled, like `chive --offline`) on the offscreen platform and drives it
// through its widgets: types the password on the unlock page, clicks
// Unlock, waits until the contact list holds all C contacts, clicks the big
// conversation and waits for its newest page. It prints the time of each
// step from the moment the process was started (measured by the parent on
// the system-wide monotonic clock), the resident memory (VmRSS) at each
// step, and then scrolls up P pages the way a person does (scroll bar to
// the top, the view loads an older page) with the time per page and the
// memory on the way.
//
//   bench_gui_start [--contacts C] [--messages N] [--pages P] [--dir DIR]
//   defaults: 200 contacts, 1,000,000 messages, 200 pages; the profile is
//   made in a temporary directory and removed, unless --dir names one to
//   keep and reuse. The profile uses the real password hashing (Argon2id
//   defaults), so the unlock step includes what a person waits for.

#include "core/SecureBuffer.h"
#include "core/Sodium.h"
#include "core/store/ProfileStore.h"
#include "storage/Profile.h"
#include "storage/StorageWorkerExecutor.h"
#include "ui/ContactListModel.h"
#include "ui/ContactsPane.h"
#include "ui/ConversationModel.h"
#include "ui/ConversationPane.h"
#include "ui/ConversationView.h"
#include "ui/MainWindow.h"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <QApplication>
#include <QScrollBar>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "GuiHarness.h"
#include "WidgetSteps.h"
#include "tests/bench/BulkProfile.h"
#include "tests/bench/SampleStats.h"

// NOLINTNEXTLINE(readability-redundant-declaration,cppcoreguidelines-avoid-non-const-global-variables)
extern char** environ; // for posix_spawn

namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using chive::bench::percentile;
using chive::core::ContactId;
namespace steps = chive::gui::test;

constexpr const char* kPassword = "bench-gui-start-Password-1";
constexpr const char* kBigAlias = "Alice";

struct Options {
    std::size_t contacts = 200;
    std::size_t messages = 1'000'000;
    std::size_t pages = 200;
    std::filesystem::path directory;
    // Set in the measuring child: when the parent started it.
    std::optional<std::int64_t> spawnedAtNs;
};

[[noreturn]] void usage() {
    (void)std::fprintf(stderr, "usage: bench_gui_start [--contacts C] [--messages N] [--pages P] "
                               "[--dir DIR]\n");
    std::exit(2); // NOLINT(concurrency-mt-unsafe): before any thread starts
}

[[noreturn]] void die(const char* what, const std::string& why) {
    (void)std::fprintf(stderr, "bench_gui_start: %s failed: %s\n", what, why.c_str());
    std::exit(1); // NOLINT(concurrency-mt-unsafe): nothing to clean up that matters
}

std::int64_t monotonicNs() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch())
        .count();
}

// Resident memory in MiB, from /proc/self/status ("VmRSS" or "VmHWM").
double memoryMiB(const char* field) {
    std::ifstream status("/proc/self/status");
    std::string line;
    const std::string prefix = std::string(field) + ":";
    while (std::getline(status, line)) {
        if (line.rfind(prefix, 0) == 0) {
            return std::strtod(line.c_str() + prefix.size(), nullptr) / 1024.0;
        }
    }
    return 0;
}

chive::core::SecureBuffer password() {
    return chive::core::SecureBuffer::copyOf(std::span<const std::uint8_t>(
        reinterpret_cast<const std::uint8_t*>(kPassword), std::strlen(kPassword)));
}

ContactId addContact(chive::core::StoreExecutor& store, const std::string& alias) {
    auto contact = chive::bench::addConnectedContact(store, alias);
    if (!contact) {
        die("adding a contact", contact.error().message);
    }
    return *contact;
}

// Stores `count` incoming messages from `contact`, ending at minute `end`.
void addMessages(chive::core::StoreExecutor& store, ContactId contact, std::size_t count,
                 std::size_t end, std::mt19937_64& random) {
    if (auto stored = chive::bench::addIncomingMessages(store, contact, count, end - count, random,
                                                        chive::bench::LineBreaks::Never);
        !stored) {
        die("storing messages", stored.error().message);
    }
}

// The profile, unless `directory` already holds one made with these counts.
void prepare(const Options& options) {
    const auto marker = options.directory / "prepared";
    const std::string expected =
        std::to_string(options.contacts) + " " + std::to_string(options.messages) + "\n";
    const auto profileDirectory = options.directory / "profile";
    if (std::filesystem::exists(profileDirectory)) {
        std::ifstream in(marker);
        std::string text;
        std::getline(in, text);
        if (text + "\n" != expected) {
            die("reusing the profile", "it was made with other counts (or not finished)");
        }
        std::printf("reusing the profile in %s\n", profileDirectory.c_str());
        return;
    }
    const auto started = Clock::now();
    auto profile = chive::storage::Profile::create(profileDirectory, password());
    if (!profile) {
        die("creating the profile", profile.error().message);
    }
    chive::storage::StorageWorkerExecutor store((*profile)->storage());
    std::mt19937_64 random(20261121); // NOLINT(cert-msc32-c,cert-msc51-cpp): same text each run
    // The big conversation is the newest activity, so it is the first row.
    const ContactId big = addContact(store, kBigAlias);
    for (std::size_t i = 1; i < options.contacts; ++i) {
        std::string number = std::to_string(i);
        number.insert(0, number.size() < 3 ? 3 - number.size() : 0, '0');
        const ContactId contact = addContact(store, "Contact " + number);
        addMessages(store, contact, 1, i, random);
    }
    addMessages(store, big, options.messages, options.contacts + options.messages, random);
    profile->reset();
    std::ofstream(marker) << expected;
    std::printf("made the profile: %zu contacts, %zu messages in one conversation, in %.1f s\n",
                options.contacts, options.messages,
                std::chrono::duration<double>(Clock::now() - started).count());
}

// Runs this program again with --measure; returns its exit status.
int measureInFreshProcess(const char* self, const Options& options) {
    std::vector<std::string> arguments = {self,
                                          "--measure",
                                          options.directory.string(),
                                          "--contacts",
                                          std::to_string(options.contacts),
                                          "--pages",
                                          std::to_string(options.pages),
                                          "--spawned-at",
                                          ""};
    std::vector<char*> argv;
    argv.reserve(arguments.size() + 1);
    (void)std::fflush(stdout);
    arguments.back() = std::to_string(monotonicNs());
    for (auto& argument : arguments) {
        argv.push_back(argument.data());
    }
    argv.push_back(nullptr);
    pid_t child = 0;
    const int spawned =
        ::posix_spawn(&child, "/proc/self/exe", nullptr, nullptr, argv.data(), environ);
    if (spawned != 0) {
        die("starting the measuring process",
            std::strerror(spawned)); // NOLINT(concurrency-mt-unsafe): one thread here
    }
    int status = 0;
    while (::waitpid(child, &status, 0) < 0) {
        if (errno != EINTR) {
            die("waiting for the measuring process",
                std::strerror(errno)); // NOLINT(concurrency-mt-unsafe): one thread here
        }
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

class Measurement {
public:
    explicit Measurement(std::int64_t spawnedAtNs)
        : m_spawnedAtNs(spawnedAtNs) {}

    void step(const char* what) const {
        const double ms = static_cast<double>(monotonicNs() - m_spawnedAtNs) / 1e6;
        std::printf("%-52s %9.1f ms  RSS %7.1f MiB\n", what, ms, memoryMiB("VmRSS"));
        (void)std::fflush(stdout);
    }

private:
    std::int64_t m_spawnedAtNs;
};

void scroll(const Options& options, chive::ui::ConversationPane& pane, Measurement& measurement);

int measure(const Options& options) {
    Measurement measurement(*options.spawnedAtNs);
    measurement.step("process started (main)");
    // NOLINTBEGIN(cppcoreguidelines-pro-bounds-array-to-pointer-decay): Qt's argv
    static int qtArgc = 3;
    static char arg0[] = "bench_gui_start";
    static char arg1[] = "-platform";
    static char arg2[] = "offscreen";
    static char* qtArgv[] = {arg0, arg1, arg2, nullptr};
    QApplication application(qtArgc, qtArgv);
    // NOLINTEND(cppcoreguidelines-pro-bounds-array-to-pointer-decay)
    measurement.step("QApplication made");

    const steps::HarnessOptions harnessOptions{
        options.directory / "profile", options.directory / "settings.ini", {}, true};
    auto tor = steps::GuiHarness::torOptions(harnessOptions);
    if (!tor) {
        die("Tor options", tor.error().message);
    }
    int code = 0;
    {
        steps::GuiHarness harness(harnessOptions, std::move(*tor));
        auto& window = harness.window();
        window.resize(1000, 700);
        try {
            steps::waitUntil([&] { return window.page() == chive::ui::MainWindow::Page::Unlock; },
                             10s, "the unlock page");
            QCoreApplication::processEvents();
            measurement.step("unlock page shown");
            steps::unlockProfile(window, QString::fromLatin1(kPassword), 120s);
            measurement.step("unlocked: main view shown (Argon2id, Tor)");
            auto& contacts = steps::contactsPane(window).contacts();
            steps::waitUntil(
                [&] { return contacts.rowCount() == static_cast<int>(options.contacts); }, 60s,
                "the contact list to fill",
                [&] { return std::to_string(contacts.rowCount()) + " rows"; });
            measurement.step("contact list filled");
            const ContactId big =
                steps::waitForContact(window, QString::fromLatin1(kBigAlias), 10s);
            steps::selectContact(window, big, 30s);
            auto& pane = steps::conversationPane(window);
            auto& view = pane.view();
            steps::waitUntil(
                [&] { return pane.model().rowCount() > 0 && view.isVisible() && view.atBottom(); },
                30s, "the newest page of the big conversation");
            view.viewport()->repaint();
            measurement.step("big conversation open, newest page painted");
            std::printf("%-52s %9d rows\n", "rows shown", pane.model().rowCount());

            scroll(options, pane, measurement);
        } catch (const steps::StepFailed& failure) {
            (void)std::fprintf(stderr, "bench_gui_start: %s\n", failure.what());
            code = 1;
        }
        measurement.step("closing");
    }
    measurement.step("closed (engine stopped, profile locked, Tor stopped)");
    return code;
}

void scroll(const Options& options, chive::ui::ConversationPane& pane, Measurement& measurement) {
    auto& view = pane.view();
    auto& model = pane.model();
    std::vector<double> pageMs;
    std::printf("\nscrolling up %zu pages of %zu (scroll bar to the top, the view loads one)\n",
                options.pages, chive::ui::ConversationModel::kPageSize);
    for (std::size_t page = 1; page <= options.pages; ++page) {
        if (!model.canFetchMore(QModelIndex())) {
            std::printf("reached the first message after %zu pages\n", page - 1);
            break;
        }
        // The model may hold a bounded window (dropping the newest rows as
        // it loads older ones): progress is an older first row.
        const auto oldest = model.rowId(0);
        const auto started = Clock::now();
        view.verticalScrollBar()->setValue(0);
        steps::waitUntil([&] { return model.rowCount() > 0 && model.rowId(0) < oldest; }, 10s,
                         "page " + std::to_string(page) + " to load",
                         [&] {
                             return std::to_string(model.rowCount()) +
                                    " rows held, scroll bar at " +
                                    std::to_string(view.verticalScrollBar()->value());
                         });
        view.viewport()->repaint();
        pageMs.push_back(std::chrono::duration<double, std::milli>(Clock::now() - started).count());
        if (page % 50 == 0 || page == options.pages) {
            const std::string what = "after " + std::to_string(page) + " pages (" +
                                     std::to_string(model.rowCount()) + " rows held)";
            std::printf("%-52s %9s     RSS %7.1f MiB\n", what.c_str(), "", memoryMiB("VmRSS"));
        }
    }
    std::printf("%-52s median %.2f ms  p95 %.2f ms  max %.2f ms\n", "time per page",
                percentile(pageMs, 0.5), percentile(pageMs, 0.95), percentile(pageMs, 1.0));
    std::printf("%-52s %9s     %7.1f MiB\n", "peak RSS (VmHWM)", "", memoryMiB("VmHWM"));
    (void)measurement;
}

} // namespace

int main(int argc, char** argv) {
    chive::core::ensureSodium();
    Options options;
    bool measuring = false;
    for (int i = 1; i < argc; ++i) {
        const std::string name = argv[i];
        if (i + 1 >= argc) {
            usage();
        }
        const char* value = argv[++i];
        if (name == "--contacts") {
            options.contacts = std::strtoull(value, nullptr, 10);
        } else if (name == "--messages") {
            options.messages = std::strtoull(value, nullptr, 10);
        } else if (name == "--pages") {
            options.pages = std::strtoull(value, nullptr, 10);
        } else if (name == "--dir") {
            options.directory = value;
        } else if (name == "--measure") {
            options.directory = value;
            measuring = true;
        } else if (name == "--spawned-at") {
            options.spawnedAtNs = std::strtoll(value, nullptr, 10);
        } else {
            usage();
        }
    }
    if (measuring) {
        if (!options.spawnedAtNs) {
            usage();
        }
        return measure(options);
    }
    if (options.contacts == 0 || options.messages == 0) {
        usage();
    }
    const bool keep = !options.directory.empty();
    if (!keep) {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "chive-gui-start-XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr) {
            die("mkdtemp", std::strerror(errno)); // NOLINT(concurrency-mt-unsafe): one thread
        }
        options.directory = pattern;
    }
    std::printf("Chive GUI cold start: %zu contacts, one conversation of %zu messages\n",
                options.contacts, options.messages);
    prepare(options);
    std::printf("\nfresh process, offline (Tor's network disabled), offscreen:\n");
    const int code = measureInFreshProcess(argv[0], options);
    if (!keep) {
        std::error_code error;
        std::filesystem::remove_all(options.directory, error);
    }
    return code;
}
