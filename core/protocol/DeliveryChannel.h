#pragma once

// DeliveryChannel: exactly-once delivery of one contact's messages over one
// established Session (doc/protocol.md, "Delivery").
//
// Sender: flush() reads the contact's outbox (OutboxRepository::forContact,
// in id order) and sends every message not yet sent on this session as a
// MESSAGE record, then marks those Sent. The first flush() of a new session
// therefore resends everything not yet acknowledged; later calls send what
// was queued since. An ACK marks its message Delivered, which takes it out
// of the outbox.
//
// Receiver: a MESSAGE is stored (MessageRepository::addIncoming, committed)
// and only then acknowledged with an ACK on the same session; a duplicate
// (addIncoming returns nullopt) is acknowledged again and not shown twice.
//
// Because a session delivers records in order, each session starts from the
// oldest unacknowledged message, and the receiver commits before it
// acknowledges, a crash or a broken stream at any point loses nothing and
// shows nothing twice, and messages are stored in the sender's order, also
// when two sessions with the contact overlap until DuplicateSessionRule
// ends one.
//
// Threads: none of its own; two roles, each on its own thread:
//   - the reader (the session's reader thread) runs receiveLoop() or
//     handle(). It never writes to the session: an ACK it owes is queued,
//     and `wake` is called (on the reader thread; it must only signal).
//   - a writer (any other thread) calls flush() after `wake`, when the
//     session is established, and after each message queued for this
//     contact. flush() writes the queued ACKs first, then the outbox. It
//     blocks on the store and on the network. Calls are serialised.
// Keeping all writes off the reader matters: if readers wrote, two sides
// sending to each other at full speed could each block writing while the
// other's reader, blocked the same way, no longer reads.
//
// Ownership: refers to the session, the store and the listener, which must
// outlive it. It does not close the session, except in receiveLoop() when a
// record is refused.
//
// Limits: a flush fetches at most kMaxBatchMessages messages or
// kMaxBatchBytes of text from the store at a time. At most kMaxPendingAcks
// acknowledgements wait for a writer; a contact that sends more without
// reading ours is cut off (TooLarge). The set of messages sent and not yet
// acknowledged on this session is bounded by the outbox.

#include "core/Result.h"
#include "core/StrongId.h"
#include "core/protocol/DeliveryListener.h"
#include "core/protocol/DeliveryStep.h"
#include "core/session/Record.h"
#include "core/session/Session.h"
#include "core/store/StoreExecutor.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <unordered_set>
#include <vector>

namespace chive::core {

class DeliveryChannel {
public:
    static constexpr std::size_t kMaxBatchMessages = 64;
    static constexpr std::size_t kMaxBatchBytes = std::size_t{1024} * 1024;
    static constexpr std::size_t kMaxPendingAcks = 65536;

    // `wake` asks the owner to call flush() from a writer thread (it may be
    // empty if the owner calls flush() often enough by itself). `listener`
    // may be null. `faultHook` is for tests (see DeliveryStep).
    DeliveryChannel(Session& session, ContactId contact, StoreExecutor& store,
                    std::function<void()> wake, DeliveryListener* listener = nullptr,
                    DeliveryFaultHook faultHook = {});
    ~DeliveryChannel() = default;
    DeliveryChannel(const DeliveryChannel&) = delete;
    DeliveryChannel& operator=(const DeliveryChannel&) = delete;
    DeliveryChannel(DeliveryChannel&&) = delete;
    DeliveryChannel& operator=(DeliveryChannel&&) = delete;

    // Writes the queued ACKs, then every outbox message of the contact not
    // yet sent on this session, in id order, marking them Sent (ACKs that
    // come due meanwhile go out between batches). Messages whose stored text
    // cannot be encoded (MessageRecord::checkText fails) are skipped and stay
    // queued. Errors: the store's, or the session's when a write fails (the
    // session can then no longer send). Never on the reader thread.
    Status flush();

    // Handles one application record from Session::receive(). Errors:
    // Malformed (a bad MESSAGE or ACK, an ACK for a message not sent on this
    // session, a record type that does not belong in a contact session),
    // TooLarge (too many ACKs waiting for a writer), the store's errors
    // (nothing is acknowledged then). Reader thread only.
    Status handle(const Record& record);

    // Receives and handles records until the session ends or a record is
    // refused; in the latter case closes the session (CLOSE with
    // ProtocolError for a bad record, Normal otherwise). Returns what ended
    // it.
    Error receiveLoop();

    // Messages sent on this session and not yet acknowledged.
    [[nodiscard]] std::size_t inFlightCount() const;

private:
    struct Outgoing;

    Status sendBatch(std::span<const Outgoing> batch);
    Status sendPendingAcks();
    Status onMessage(std::span<const std::uint8_t> body);
    Status onAck(std::span<const std::uint8_t> body);
    Status step(DeliveryStep step, MessageId id) const;

    Session& m_session;
    const ContactId m_contact;
    StoreExecutor& m_store;
    std::function<void()> m_wake;
    DeliveryListener* m_listener;
    DeliveryFaultHook m_faultHook;

    std::mutex m_flushMutex;
    std::uint64_t m_lastSent = 0; // under m_flushMutex: highest id sent on this session

    mutable std::mutex m_mutex; // guards the two below
    std::unordered_set<std::uint64_t> m_inFlight;
    std::vector<MessageId> m_pendingAcks;
};

} // namespace chive::core
