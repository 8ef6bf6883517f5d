#include "tests/bench/BulkProfile.h"

#include "core/protocol/ContactKeys.h"
#include "core/store/ProfileStore.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <iterator>
#include <vector>

namespace chive::bench {

std::string chatText(std::mt19937_64& random, LineBreaks breaks) {
    static const char* const kWords[] = {
        "hello", "yes",   "no",      "tomorrow", "lunch", "at",     "the",   "station",
        "I",     "think", "so",      "maybe",    "call",  "me",     "when",  "you",
        "are",   "home",  "thanks!", "see",      "later", "coffee", "train", "late",
        "sorry", "great", "idea",    "what",     "about", "friday", "ok",    "🙂"};
    std::uniform_int_distribution<std::size_t> count(1, 30);
    std::uniform_int_distribution<std::size_t> pick(0, std::size(kWords) - 1);
    std::uniform_int_distribution<int> breakLine(0, 40);
    std::string text;
    const std::size_t words = count(random);
    for (std::size_t i = 0; i < words; ++i) {
        if (!text.empty()) {
            const bool lineBreak = breaks == LineBreaks::Sometimes && breakLine(random) == 0;
            text += lineBreak ? '\n' : ' ';
        }
        text += kWords[pick(random)];
    }
    return text;
}

core::Timestamp benchMinute(std::size_t minute) {
    return core::Timestamp(
        std::chrono::milliseconds(1'700'000'000'000 + static_cast<std::int64_t>(minute) * 60'000));
}

core::Result<core::ContactId> addConnectedContact(core::StoreExecutor& store,
                                                  const std::string& alias) {
    auto ours = core::ContactKeys::generate();
    auto theirs = core::ContactKeys::generate();
    const auto secret = ours.serialize();
    const auto peerData = theirs.bundle().encode();
    return store.call<core::ContactId>([&](core::ProfileStore& profile) {
        return profile.contacts().add(
            core::NewContact{alias, core::ContactState::Connected, peerData}, secret.span(),
            benchMinute(0));
    });
}

core::Status addIncomingMessages(core::StoreExecutor& store, core::ContactId contact,
                                 std::size_t count, std::size_t firstMinute,
                                 std::mt19937_64& random, LineBreaks breaks) {
    for (std::size_t done = 0; done < count;) {
        const std::size_t end = std::min(done + kBatch, count);
        std::vector<std::string> batch;
        batch.reserve(end - done);
        for (std::size_t i = done; i < end; ++i) {
            batch.push_back(chatText(random, breaks));
        }
        auto stored = store.run([&](core::ProfileStore& profile) {
            return profile.transaction([&]() -> core::Status {
                for (std::size_t i = done; i < end; ++i) {
                    const auto when = benchMinute(firstMinute + i);
                    auto added = profile.messages().addIncoming(contact, core::MessageId(i + 1),
                                                                batch[i - done], when, when);
                    if (!added) {
                        return core::fail(added.error());
                    }
                }
                return {};
            });
        });
        if (!stored) {
            return stored;
        }
        done = end;
    }
    return {};
}

} // namespace chive::bench
