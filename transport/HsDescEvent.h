#pragma once

// HsDescEvent: one HS_DESC event from Tor's control port (control-spec
// 4.1.25), which reports the life of onion-service descriptors: a service's
// own uploads (UPLOAD, UPLOADED, FAILED) and a client's fetches (REQUESTED,
// RECEIVED, FAILED). Tor 0.4.9 writes, for v3 services:
//
//   HS_DESC CREATED <service id> UNKNOWN UNKNOWN <descriptor id>
//   HS_DESC UPLOAD <service id> UNKNOWN <hsdir> <descriptor id> HSDIR_INDEX=<hex>
//   HS_DESC UPLOADED <service id> UNKNOWN <hsdir>
//   HS_DESC FAILED <service id> UNKNOWN <hsdir> REASON=UPLOAD_REJECTED   (upload)
//   HS_DESC FAILED <service id> NO_AUTH <hsdir> <descriptor id> REASON=<r> (fetch)
//
// where <hsdir> is "$<40 hex>~<nickname>" or UNKNOWN. The text comes from
// Tor and is parsed as hostile: every field has a length bound, and a
// malformed event is an error (the caller drops it). Immutable value type.

#include "core/Result.h"
#include "transport/OnionAddress.h"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace chive::transport {

class HsDescEvent {
public:
    enum class Action { Requested, Upload, Received, Uploaded, Ignore, Failed, Created, Other };

    // Bounds on the fields kept; Tor's are far shorter (an HSDir long name
    // is at most 61 characters, a reason under 20).
    static constexpr std::size_t kMaxHsDirLength = 128;
    static constexpr std::size_t kMaxReasonLength = 64;

    // `text` is the event line without the status code: "HS_DESC …".
    // Malformed unless it names HS_DESC, an action, an address (v3 service
    // id or UNKNOWN), an auth type and an HSDir, within the bounds above. An
    // action this build does not know is Action::Other, not an error.
    static core::Result<HsDescEvent> parse(std::string_view text);

    [[nodiscard]] Action action() const noexcept { return m_action; }
    // The service the event is about; empty when Tor wrote UNKNOWN.
    [[nodiscard]] const std::optional<OnionAddress>& address() const noexcept { return m_address; }
    // The directory involved, as Tor names it; "UNKNOWN" when Tor did not say.
    [[nodiscard]] const std::string& hsDir() const noexcept { return m_hsDir; }
    // REASON= of a FAILED event (e.g. UPLOAD_REJECTED, NOT_FOUND); empty if
    // absent. Only A-Z, 0-9 and '_'.
    [[nodiscard]] const std::string& reason() const noexcept { return m_reason; }

private:
    HsDescEvent() = default;

    Action m_action = Action::Other;
    std::optional<OnionAddress> m_address;
    std::string m_hsDir;
    std::string m_reason;
};

} // namespace chive::transport
