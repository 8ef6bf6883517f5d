#pragma once

// How the headless mode writes the engine's values as JSON (doc/headless.md
// is the reference for every field). Pure functions; any thread.

#include "app/Request.h"
#include "core/Result.h"
#include "core/engine/MessengerEvents.h"
#include "core/net/BootstrapStatus.h"
#include "core/store/StoredMessage.h"

#include <tl/expected.hpp>

#include <string_view>

namespace chive::app::json {

// Error codes of the headless mode beyond core::errorCodeName's.
inline constexpr std::string_view kUnknownCommand = "unknown_command";
inline constexpr std::string_view kLocked = "locked";
inline constexpr std::string_view kUnavailable = "unavailable";

const char* contactStateName(core::ContactState state) noexcept;
const char* deliveryStateName(core::DeliveryState state) noexcept;
const char* directionName(core::MessageDirection direction) noexcept;

OutputJson timestamp(const core::Timestamp& time);
OutputJson contact(const core::ContactView& contact);
OutputJson invitation(const core::InvitationView& invitation);
// Carries the message text: never logged.
OutputJson message(const core::StoredMessage& message);
OutputJson bootstrap(const core::BootstrapStatus& status);
OutputJson error(std::string_view code, std::string_view message);
OutputJson error(const core::Error& error);

// What a command handler returns: the fields of a successful reply, or the
// "error" object of a failed one.
using CommandReply = tl::expected<OutputJson, OutputJson>;
tl::unexpected<OutputJson> failed(const core::Error& error);
tl::unexpected<OutputJson> failed(std::string_view code, std::string_view message);

// {"id": id, "ok": true} and {"id": id, "ok": false, "error": {...}}.
OutputJson okReply(const OutputJson& id);
OutputJson errorReply(const OutputJson& id, const OutputJson& error);

} // namespace chive::app::json
