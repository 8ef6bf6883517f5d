#pragma once

// DeliveryStep: the points of DeliveryChannel's state machine at which a
// fault hook may stop it, as a crash would (tests inject faults there; the
// app installs no hook). Only what was committed to the store before the
// step survives such a stop.

#include "core/Result.h"
#include "core/StrongId.h"

#include <cstdint>
#include <functional>

namespace chive::core {

enum class DeliveryStep : std::uint8_t {
    BeforeSend,         // sender: a MESSAGE is about to be written
    AfterSend,          // sender: written, not yet marked Sent
    AfterMarkSent,      // sender: its batch is marked Sent (id: the batch's last)
    AfterAckReceived,   // sender: an ACK arrived, not yet marked Delivered
    AfterMarkDelivered, // sender: marked Delivered
    AfterReceive,       // receiver: a MESSAGE arrived, not yet stored
    AfterStore,         // receiver: stored (committed), not yet acknowledged
    AfterAckSent,       // receiver: its ACK is written
};

// Called at every step with the message's id; an error stops the channel
// there and is returned to its caller.
using DeliveryFaultHook = std::function<Status(DeliveryStep, MessageId)>;

} // namespace chive::core
