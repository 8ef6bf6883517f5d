#include "transport/DescriptorUploads.h"

#include <string_view>

namespace chive::transport {
namespace {

constexpr std::string_view kUploadRejected = "UPLOAD_REJECTED";

} // namespace

DescriptorUploads::Outcome DescriptorUploads::onEvent(const HsDescEvent& event) {
    switch (event.action()) {
    case HsDescEvent::Action::Upload:
        if (m_pending.size() < kMaxPending) {
            m_pending.insert(event.hsDir());
        }
        m_roundReported = false;
        return Outcome::None;
    case HsDescEvent::Action::Uploaded:
        m_pending.erase(event.hsDir());
        if (m_roundReported) {
            return Outcome::None;
        }
        m_roundReported = true;
        return Outcome::Uploaded;
    case HsDescEvent::Action::Failed: {
        const bool ours = m_pending.erase(event.hsDir()) > 0;
        return ours || event.reason() == kUploadRejected ? Outcome::UploadFailed : Outcome::None;
    }
    default:
        return Outcome::None;
    }
}

} // namespace chive::transport
