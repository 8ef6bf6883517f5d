#pragma once

// BulkProfile: what the GUI benchmarks write straight into a profile's
// store, without the engine, to get a profile of 1,000,000 messages in
// seconds: contacts with real per-contact keys in state Connected (the
// engine loads them like any other) and incoming messages of chat-like text,
// one a minute, stored in transactions of kBatch. The same random seed gives
// the same text.
//
// Threads: any but the store's own; the executor runs the work there.

#include "core/Result.h"
#include "core/StrongId.h"
#include "core/store/StoreExecutor.h"
#include "core/store/Timestamp.h"

#include <cstddef>
#include <random>
#include <string>

namespace chive::bench {

inline constexpr std::size_t kBatch = 10'000;

enum class LineBreaks { Never, Sometimes };

// Chat-like text of 1 to 30 words; with LineBreaks::Sometimes about one gap
// between words in 41 is a line break instead of a space.
std::string chatText(std::mt19937_64& random, LineBreaks breaks);

// The benchmarks' clock: minute `minute` after a fixed moment of November
// 2023, so a million messages cover about two years.
core::Timestamp benchMinute(std::size_t minute);

// A contact named `alias`, added at benchMinute(0).
core::Result<core::ContactId> addConnectedContact(core::StoreExecutor& store,
                                                  const std::string& alias);

// `count` incoming messages from `contact` with message ids 1..count, the
// i-th (from 0) sent and received at benchMinute(firstMinute + i).
core::Status addIncomingMessages(core::StoreExecutor& store, core::ContactId contact,
                                 std::size_t count, std::size_t firstMinute,
                                 std::mt19937_64& random, LineBreaks breaks);

} // namespace chive::bench
