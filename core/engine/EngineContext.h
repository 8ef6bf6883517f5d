#pragma once

// EngineContext: what the parts of the engine (ContactBook,
// ConnectionManager, InvitationManager) share: the collaborators the Engine
// was given or owns, the options, and the few flags of the engine as a
// whole.
//
// Ownership: refers to everything; owned by the Engine, which outlives the
// parts. Threads: engine thread only (the flags are plain bools for that
// reason).

#include "core/Result.h"
#include "core/engine/EngineLoop.h"
#include "core/engine/EngineOptions.h"
#include "core/engine/MessengerEvents.h"
#include "core/engine/ServicePublisher.h"
#include "core/engine/WorkerPool.h"
#include "core/net/Transport.h"
#include "core/store/StoreExecutor.h"
#include "core/store/Timestamp.h"

#include <cstdint>

namespace chive::core {

struct EngineContext {
    EngineLoop& loop;
    StoreExecutor& store;
    Transport& transport;
    MessengerListener& listener;
    ServicePublisher& publisher;
    WorkerPool& connects;   // outgoing connects and their handshakes
    WorkerPool& handshakes; // inbound handshakes and contact exchanges
    const EngineOptions& options;

    bool networkReady = false; // Tor has bootstrapped (and not stopped)
    bool stopping = false;     // shutdown has begun: start nothing new
    std::uint64_t nextSerial = 1;

    [[nodiscard]] Timestamp now() const { return options.clock(); }
    std::uint64_t serial() { return nextSerial++; }
};

} // namespace chive::core
