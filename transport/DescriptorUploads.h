#pragma once

// DescriptorUploads: what HS_DESC events say about one of our own onion
// services' descriptor uploads. Tor reports an upload with UPLOAD (one per
// HSDir), then UPLOADED or FAILED from that HSDir; but FAILED also reports a
// failed *fetch* (when this Tor looks the service up as a client), with
// reasons such as NOT_FOUND. A FAILED counts as an upload failure only if
// this HSDir had an upload under way, or Tor gives its upload reason
// (UPLOAD_REJECTED).
//
// Tor uploads each descriptor to several HSDirs at once (UPLOAD events come
// in a burst), so the first UPLOADED after a burst is reported and the rest
// of that round are not: the service became findable once per round.
//
// One per service. Not thread-safe: TorTransport calls it under its mutex,
// from the control reader thread. Remembers at most kMaxPending HSDirs
// (Tor uploads each of a service's two descriptors to 8), so hostile or
// unexpected events cannot make it grow.

#include "transport/HsDescEvent.h"

#include <cstddef>
#include <set>
#include <string>

namespace chive::transport {

class DescriptorUploads {
public:
    enum class Outcome { None, Uploaded, UploadFailed };

    static constexpr std::size_t kMaxPending = 64;

    // `event` must be about this service (the caller matched its address).
    Outcome onEvent(const HsDescEvent& event);

    [[nodiscard]] std::size_t pending() const noexcept { return m_pending.size(); }

private:
    std::set<std::string> m_pending; // HSDirs with an upload under way
    bool m_roundReported = false;    // an UPLOADED since the last UPLOAD was reported
};

} // namespace chive::transport
