#include "core/protocol/DeliveryChannel.h"

#include "core/protocol/AckRecord.h"
#include "core/protocol/MessageRecord.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace chive::core {

struct DeliveryChannel::Outgoing {
    MessageRowId row;
    MessageId id;
    std::vector<std::uint8_t> body; // the encoded MESSAGE body; empty if unsendable
};

DeliveryChannel::DeliveryChannel(Session& session, ContactId contact, StoreExecutor& store,
                                 std::function<void()> wake, DeliveryListener* listener,
                                 DeliveryFaultHook faultHook)
    : m_session(session)
    , m_contact(contact)
    , m_store(store)
    , m_wake(std::move(wake))
    , m_listener(listener)
    , m_faultHook(std::move(faultHook)) {}

Status DeliveryChannel::step(DeliveryStep step, MessageId id) const {
    if (m_faultHook) {
        return m_faultHook(step, id);
    }
    return {};
}

std::size_t DeliveryChannel::inFlightCount() const {
    const std::lock_guard lock(m_mutex);
    return m_inFlight.size();
}

Status DeliveryChannel::flush() {
    const std::lock_guard lock(m_flushMutex);
    // Each round takes what is in the outbox now; a message queued while a
    // round is being sent is found by the next one, behind it.
    while (true) {
        if (auto status = sendPendingAcks(); !status) {
            return status;
        }
        auto pending = m_store.call<std::vector<OutboxEntry>>(
            [&](ProfileStore& store) -> Result<std::vector<OutboxEntry>> {
                auto entries = store.outbox().forContact(m_contact);
                if (!entries) {
                    return entries;
                }
                std::erase_if(*entries, [&](const OutboxEntry& entry) {
                    return entry.id.value() <= m_lastSent;
                });
                return entries;
            });
        if (!pending) {
            return fail(pending.error());
        }
        if (pending->empty()) {
            return {};
        }
        std::size_t next = 0;
        while (next < pending->size()) {
            auto batch = m_store.call<std::vector<Outgoing>>([&](ProfileStore& store)
                                                                 -> Result<std::vector<Outgoing>> {
                std::vector<Outgoing> out;
                std::size_t bytes = 0;
                while (next < pending->size() && out.size() < kMaxBatchMessages &&
                       bytes < kMaxBatchBytes) {
                    const OutboxEntry& entry = (*pending)[next++];
                    auto message = store.messages().get(entry.message);
                    if (!message) {
                        if (message.error().code == ErrorCode::NotFound) {
                            continue; // deleted since the outbox was read
                        }
                        return fail(message.error());
                    }
                    bytes += message->body.size();
                    auto body = MessageRecord{message->id, message->sentAt, message->body}.encode();
                    out.push_back(Outgoing{entry.message, entry.id,
                                           body ? std::move(*body) : std::vector<std::uint8_t>()});
                }
                return out;
            });
            if (!batch) {
                return fail(batch.error());
            }
            if (auto status = sendPendingAcks(); !status) {
                return status;
            }
            if (auto status = sendBatch(*batch); !status) {
                return status;
            }
        }
    }
}

Status DeliveryChannel::sendPendingAcks() {
    std::vector<MessageId> acks;
    {
        const std::lock_guard lock(m_mutex);
        acks.swap(m_pendingAcks);
    }
    for (std::size_t i = 0; i < acks.size(); ++i) {
        const auto body = AckRecord{acks[i]}.encode();
        auto status = body ? m_session.send(RecordType::Ack, *body) : Status(fail(body.error()));
        if (status) {
            status = step(DeliveryStep::AfterAckSent, acks[i]);
        }
        if (!status) {
            // Unsent ACKs stay owed (a later flush on a broken session fails
            // again; the next session's sender resends the messages anyway).
            const std::lock_guard lock(m_mutex);
            m_pendingAcks.insert(m_pendingAcks.begin(), acks.begin() + static_cast<long>(i + 1),
                                 acks.end());
            return status;
        }
    }
    return {};
}

Status DeliveryChannel::sendBatch(std::span<const Outgoing> batch) {
    std::vector<MessageRowId> rows;
    std::vector<MessageId> ids;
    for (const Outgoing& message : batch) {
        m_lastSent = message.id.value();
        if (message.body.empty()) {
            continue; // cannot be encoded: skipped, stays queued
        }
        if (auto status = step(DeliveryStep::BeforeSend, message.id); !status) {
            return status;
        }
        {
            // Before the write: the ACK may come back before send() returns.
            const std::lock_guard lock(m_mutex);
            m_inFlight.insert(message.id.value());
        }
        if (auto status = m_session.send(RecordType::Message, message.body); !status) {
            return status;
        }
        if (auto status = step(DeliveryStep::AfterSend, message.id); !status) {
            return status;
        }
        rows.push_back(message.row);
        ids.push_back(message.id);
    }
    if (rows.empty()) {
        return {};
    }
    auto marked = m_store.run([&](ProfileStore& store) {
        return store.transaction([&]() -> Status {
            for (const MessageRowId row : rows) {
                if (auto status = store.messages().markSent(row); !status) {
                    return status;
                }
            }
            return {};
        });
    });
    if (!marked) {
        return marked;
    }
    if (auto status = step(DeliveryStep::AfterMarkSent, ids.back()); !status) {
        return status;
    }
    if (m_listener != nullptr) {
        m_listener->onMessagesSent(m_contact, ids);
    }
    return {};
}

Status DeliveryChannel::handle(const Record& record) {
    switch (record.type) {
    case RecordType::Message:
        return onMessage(record.body);
    case RecordType::Ack:
        return onAck(record.body);
    default:
        break;
    }
    if (isOptionalRecordType(record.type)) {
        return {};
    }
    return fail(ErrorCode::Malformed, "the contact sent record type " +
                                          std::to_string(recordTypeByte(record.type)) +
                                          ", which does not belong in a contact session");
}

Status DeliveryChannel::onMessage(std::span<const std::uint8_t> body) {
    auto message = MessageRecord::parse(body);
    if (!message) {
        return fail(message.error());
    }
    if (auto status = step(DeliveryStep::AfterReceive, message->id); !status) {
        return status;
    }
    auto stored = m_store.call<std::optional<StoredMessage>>(
        [&](ProfileStore& store) -> Result<std::optional<StoredMessage>> {
            return store.messages().addIncoming(m_contact, message->id, message->text,
                                                message->sentAt, nowTimestamp());
        });
    if (!stored) {
        return fail(stored.error());
    }
    if (stored->has_value() && m_listener != nullptr) {
        m_listener->onMessageReceived(**stored);
    }
    if (auto status = step(DeliveryStep::AfterStore, message->id); !status) {
        return status;
    }
    {
        const std::lock_guard lock(m_mutex);
        if (m_pendingAcks.size() >= kMaxPendingAcks) {
            return fail(ErrorCode::TooLarge,
                        "the contact keeps sending without reading our acknowledgements");
        }
        m_pendingAcks.push_back(message->id);
    }
    if (m_wake) {
        m_wake();
    }
    return {};
}

Status DeliveryChannel::onAck(std::span<const std::uint8_t> body) {
    auto ack = AckRecord::parse(body);
    if (!ack) {
        return fail(ack.error());
    }
    {
        const std::lock_guard lock(m_mutex);
        if (m_inFlight.erase(ack->id.value()) == 0) {
            return fail(ErrorCode::Malformed,
                        "the contact acknowledged a message not sent on this session");
        }
    }
    if (auto status = step(DeliveryStep::AfterAckReceived, ack->id); !status) {
        return status;
    }
    auto marked = m_store.run([&](ProfileStore& store) -> Status {
        auto status = store.messages().markDelivered(m_contact, ack->id);
        if (!status && status.error().code == ErrorCode::NotFound) {
            return {}; // deleted here before the ACK came back
        }
        return status;
    });
    if (!marked) {
        return marked;
    }
    if (m_listener != nullptr) {
        m_listener->onMessageDelivered(m_contact, ack->id);
    }
    return step(DeliveryStep::AfterMarkDelivered, ack->id);
}

Error DeliveryChannel::receiveLoop() {
    while (true) {
        auto record = m_session.receive();
        if (!record) {
            return record.error();
        }
        if (auto status = handle(*record); !status) {
            const ErrorCode code = status.error().code;
            m_session.close(code == ErrorCode::Malformed || code == ErrorCode::TooLarge
                                ? CloseReason::ProtocolError
                                : CloseReason::Normal);
            return status.error();
        }
    }
}

} // namespace chive::core
