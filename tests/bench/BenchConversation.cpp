// bench_conversation: the chat view on a conversation of 1,000,000 messages.
//
// Builds (or reuses, with --dir) an encrypted profile with one contact and N
// incoming messages spread over about two years, starts the real engine on
// the loopback transport, and then, on the offscreen platform:
//   open     ConversationModel::setContact (the newest page of 50), and the
//            first layout and paint of a ConversationView of 800x900
//   view     P pages loaded the way scrolling up loads them
//            (ConversationView::loadOlder: fetch, lay out, keep the position,
//            paint), time per page
//   down     the same way back down to the newest message (the model holds
//            at most ConversationModel::kDefaultWindowLimit rows, so scrolling
//            down reloads the pages it dropped), time per page
//   model    the rest of the conversation, a page at a time, up to the very
//            first message (--all), time per page
// and the resident memory (VmRSS) before and after each step.
//
//   bench_conversation [--messages N] [--pages P] [--all] [--dir DIR]
//                      [--screenshot FILE.png]  (the view after opening)
//   defaults: 1,000,000 messages, 200 pages; the profile is made in a
//   temporary directory and removed, unless --dir names one to keep and reuse.

#include "core/SecureBuffer.h"
#include "core/engine/Engine.h"
#include "core/engine/NetworkEventRelay.h"
#include "core/store/ProfileStore.h"
#include "storage/Profile.h"
#include "storage/StorageWorkerExecutor.h"
#include "transport/LoopbackNetwork.h"
#include "transport/LoopbackTransport.h"
#include "ui/ConversationModel.h"
#include "ui/ConversationView.h"
#include "ui/MessageDelegate.h"
#include "ui/MessengerBridge.h"

#include <QApplication>
#include <QScrollBar>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <string>
#include <system_error>
#include <vector>

#include "tests/bench/BulkProfile.h"
#include "tests/bench/SampleStats.h"

namespace {

using Clock = std::chrono::steady_clock;
using chive::bench::millisSince;
using chive::bench::percentile;
using chive::core::ContactId;

[[noreturn]] void usage() {
    (void)std::fprintf(
        stderr, "usage: bench_conversation [--messages N] [--pages P] [--all] [--dir DIR]\n");
    std::exit(2); // NOLINT(concurrency-mt-unsafe): before any thread starts
}

[[noreturn]] void die(const char* what, const std::string& why) {
    (void)std::fprintf(stderr, "bench_conversation: %s failed: %s\n", what, why.c_str());
    std::exit(1); // NOLINT(concurrency-mt-unsafe): nothing to clean up that matters
}

// Resident memory in MiB, from /proc/self/status.
double rssMiB() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmRSS:", 0) == 0) {
            return std::strtod(line.c_str() + 6, nullptr) / 1024.0;
        }
    }
    return 0;
}

void printPages(const char* name, const std::vector<double>& samples) {
    std::printf("%-44s %8zu pages  median %7.3f ms  p95 %7.3f ms  p99 %7.3f ms  max %7.3f ms\n",
                name, samples.size(), percentile(samples, 0.5), percentile(samples, 0.95),
                percentile(samples, 0.99), samples.empty() ? 0.0 : percentile(samples, 1.0));
}

// The profile's only contact, made with real per-contact keys (the engine
// loads it like any other), and the N messages, unless they are there.
ContactId prepare(chive::core::StoreExecutor& store, std::size_t messages) {
    auto existing = store.call<std::vector<chive::core::Contact>>(
        [](chive::core::ProfileStore& profile) { return profile.contacts().list(); });
    if (!existing) {
        die("listing contacts", existing.error().message);
    }
    if (!existing->empty()) {
        const ContactId contact = existing->front().id;
        auto count = store.call<std::size_t>(
            [&](chive::core::ProfileStore& profile) { return profile.messages().count(contact); });
        if (count && *count == messages) {
            std::printf("reusing the profile: %zu messages\n", *count);
            return contact;
        }
        die("reusing the profile", "it holds a different number of messages");
    }
    auto contact = chive::bench::addConnectedContact(store, "Bob");
    if (!contact) {
        die("adding the contact", contact.error().message);
    }
    const auto started = Clock::now();
    std::mt19937_64 random(20261121); // NOLINT(cert-msc32-c,cert-msc51-cpp): same text each run
    if (auto stored = chive::bench::addIncomingMessages(store, *contact, messages, 0, random,
                                                        chive::bench::LineBreaks::Sometimes);
        !stored) {
        die("storing messages", stored.error().message);
    }
    std::printf("stored %zu messages in %.1f s\n", messages, millisSince(started) / 1000.0);
    return *contact;
}

} // namespace

int main(int argc, char** argv) {
    std::size_t messages = 1'000'000;
    std::size_t pages = 200;
    bool all = false;
    std::filesystem::path directory;
    QString screenshot;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--messages") == 0 && i + 1 < argc) {
            messages = std::strtoull(argv[++i], nullptr, 10);
        } else if (std::strcmp(argv[i], "--pages") == 0 && i + 1 < argc) {
            pages = std::strtoull(argv[++i], nullptr, 10);
        } else if (std::strcmp(argv[i], "--all") == 0) {
            all = true;
        } else if (std::strcmp(argv[i], "--dir") == 0 && i + 1 < argc) {
            directory = argv[++i];
        } else if (std::strcmp(argv[i], "--screenshot") == 0 && i + 1 < argc) {
            screenshot = QString::fromLocal8Bit(argv[++i]);
        } else {
            usage();
        }
    }
    if (messages == 0) {
        usage();
    }
    const bool keep = !directory.empty();
    if (!keep) {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "chive-bench-XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr) {
            die("mkdtemp", std::strerror(errno));
        }
        directory = pattern;
    }

    static int qtArgc = 3;
    static char arg0[] = "bench_conversation";
    static char arg1[] = "-platform";
    static char arg2[] = "offscreen";
    static char* qtArgv[] = {arg0, arg1, arg2, nullptr};
    QApplication application(qtArgc, qtArgv);

    chive::storage::ProfileOptions options;
    options.kdf = chive::storage::KdfParams::fastForTests();
    // A fixed password for a kept profile, so that a later run can open it.
    const std::string keptPassword = "bench_conversation";
    const auto kept = chive::core::SecureBuffer::copyOf(std::span<const std::uint8_t>(
        reinterpret_cast<const std::uint8_t*>(keptPassword.data()), keptPassword.size()));
    const auto profileDirectory = directory / "profile";
    auto profile = std::filesystem::exists(profileDirectory)
                       ? chive::storage::Profile::open(profileDirectory, kept, options)
                       : chive::storage::Profile::create(profileDirectory, kept, options);
    if (!profile) {
        die("opening the profile", profile.error().message);
    }
    std::printf("Chive conversation view benchmark: %zu messages, profile in %s\n", messages,
                profileDirectory.c_str());
    auto executor = std::make_unique<chive::storage::StorageWorkerExecutor>((*profile)->storage());
    const ContactId contact = prepare(*executor, messages);

    chive::ui::MessengerBridge bridge;
    chive::transport::LoopbackNetwork network;
    chive::core::NetworkEventRelay relay;
    chive::transport::LoopbackTransport transport(network, relay);
    auto engine = chive::core::Engine::create(*executor, transport, bridge, {});
    if (!engine) {
        die("starting the engine", engine.error().message);
    }
    relay.attach(**engine, **engine);
    QCoreApplication::processEvents();

    const double rssStart = rssMiB();
    std::printf("\n%-44s %10.1f MiB\n", "RSS with the engine running, nothing shown", rssStart);

    chive::ui::ConversationModel model(**engine, bridge);
    auto started = Clock::now();
    if (!model.setContact(contact)) {
        die("opening the conversation", model.lastError().toStdString());
    }
    const double openModelMs = millisSince(started);

    chive::ui::ConversationView view;
    view.resize(800, 900);
    started = Clock::now();
    view.setConversationModel(&model);
    view.show();
    view.doItemsLayout();
    view.scrollToNewest();
    view.viewport()->repaint();
    const double firstPaintMs = millisSince(started);
    QCoreApplication::processEvents();
    std::printf("%-44s %10.3f ms (%d rows)\n", "open: newest page into the model", openModelMs,
                model.rowCount());
    std::printf("%-44s %10.3f ms\n", "open: first layout and paint of the view", firstPaintMs);
    if (!screenshot.isEmpty() && !view.grab().save(screenshot)) {
        die("saving the screenshot", screenshot.toStdString());
    }
    const double rssOpen = rssMiB();
    std::printf("%-44s %10.1f MiB\n", "RSS with the newest page shown", rssOpen);

    std::vector<double> viewPages;
    for (std::size_t i = 0; i < pages && model.canFetchMore(QModelIndex()); ++i) {
        // Scrolling to the top: the view loads a page on its own (from a
        // zero timer), lays it out, keeps the position and paints.
        const auto oldest = model.rowId(0);
        started = Clock::now();
        view.verticalScrollBar()->setValue(0);
        while (model.rowId(0) == oldest && millisSince(started) < 5000) {
            QCoreApplication::processEvents();
        }
        view.viewport()->repaint();
        viewPages.push_back(millisSince(started));
        if (model.rowId(0) == oldest) {
            die("scrolling up", "the view loaded nothing within 5 s");
        }
    }
    std::printf("\n");
    printPages("view: scroll up a page (fetch+layout+paint)", viewPages);
    const double rssView = rssMiB();
    std::printf("%-44s %10.1f MiB (%d rows held, %d heights cached)\n", "RSS after scrolling up",
                rssView, model.rowCount(), view.messageDelegate()->cachedHeights());

    // Back down again: the view brings the dropped newer rows back a page at
    // a time from their ids.
    std::vector<double> newerPages;
    while (model.canFetchNewer()) {
        const auto newest = model.rowId(model.rowCount() - 1);
        started = Clock::now();
        view.verticalScrollBar()->setValue(view.verticalScrollBar()->maximum());
        while (model.rowId(model.rowCount() - 1) == newest && millisSince(started) < 5000) {
            QCoreApplication::processEvents();
        }
        view.viewport()->repaint();
        newerPages.push_back(millisSince(started));
        if (model.rowId(model.rowCount() - 1) == newest) {
            die("scrolling down", "the view loaded nothing within 5 s");
        }
    }
    printPages("view: scroll down a page (fetch+layout+paint)", newerPages);
    std::printf("%-44s %10s (%d rows held)\n", "back at the newest message",
                model.atLatest() ? "yes" : "NO", model.rowCount());
    std::printf("%-44s %10.1f MiB\n", "RSS after scrolling down", rssMiB());

    if (all) {
        view.setConversationModel(nullptr);
        std::vector<double> modelPages;
        const auto allStarted = Clock::now();
        while (model.canFetchMore(QModelIndex())) {
            started = Clock::now();
            model.fetchMore(QModelIndex());
            modelPages.push_back(millisSince(started));
        }
        std::printf("\n");
        printPages("model: page back to the first message", modelPages);
        std::printf("%-44s %10.1f s (%d rows held, window %d)\n",
                    "model: paged back to the first message", millisSince(allStarted) / 1000.0,
                    model.rowCount(), model.windowLimit());
        std::printf("%-44s %10.1f MiB\n", "RSS at the first message", rssMiB());
    }

    relay.detach();
    (*engine)->shutdown();
    engine->reset();
    executor.reset();
    profile->reset();
    if (!keep) {
        std::error_code error;
        std::filesystem::remove_all(directory, error);
    }
    return 0;
}
