#include "ui/HandOffRequest.h"

#include <algorithm>

namespace chive::ui {
namespace {

using core::ErrorCode;

constexpr QByteArrayView kMagic = "chive-handoff";
constexpr QByteArrayView kRaise = "raise";
constexpr QByteArrayView kLink = "link";

core::Status checkLink(QByteArrayView link) {
    if (link.size() > HandOffRequest::kMaxLinkBytes) {
        return core::fail(ErrorCode::TooLarge, "the link is too long");
    }
    if (link.isEmpty()) {
        return core::fail(ErrorCode::Malformed, "the link is empty");
    }
    const bool printable = std::all_of(link.begin(), link.end(), [](char byte) {
        const auto value = static_cast<unsigned char>(byte);
        return value >= 0x20 && value <= 0x7e;
    });
    if (!printable) {
        return core::fail(ErrorCode::Malformed,
                          "the link has characters that a chive: link never has");
    }
    return {};
}

} // namespace

core::Result<HandOffRequest> HandOffRequest::withLink(const QString& link) {
    const QByteArray bytes = link.toUtf8();
    if (auto checked = checkLink(bytes); !checked) {
        return core::fail(checked.error());
    }
    return HandOffRequest(link);
}

core::Result<HandOffRequest> HandOffRequest::parse(QByteArrayView line) {
    if (line.size() >= kMaxLineBytes) {
        return core::fail(ErrorCode::TooLarge, "the request is too long");
    }
    // "<magic> <version> <verb>[ <link>]": split at the first two spaces
    // only, so that nothing in the link is interpreted.
    const auto first = line.indexOf(' ');
    if (first < 0 || line.first(first) != kMagic) {
        return core::fail(ErrorCode::Malformed, "not a hand-off request");
    }
    const QByteArrayView rest = line.sliced(first + 1);
    const auto second = rest.indexOf(' ');
    if (second < 0) {
        return core::fail(ErrorCode::Malformed, "the request has no verb");
    }
    const QByteArrayView version = rest.first(second);
    if (version != QByteArrayView("1")) {
        const bool digits = !version.isEmpty() && version.size() <= 9 &&
                            std::all_of(version.begin(), version.end(),
                                        [](char c) { return c >= '0' && c <= '9'; });
        if (digits) {
            return core::fail(ErrorCode::UnsupportedVersion,
                              "the request is of a newer hand-off version");
        }
        return core::fail(ErrorCode::Malformed, "the request's version is not a number");
    }
    const QByteArrayView command = rest.sliced(second + 1);
    if (command == kRaise) {
        return raise();
    }
    if (command.startsWith(kLink) && command.size() > kLink.size() &&
        command[kLink.size()] == ' ') {
        const QByteArrayView link = command.sliced(kLink.size() + 1);
        if (auto checked = checkLink(link); !checked) {
            return core::fail(ErrorCode::Malformed, checked.error().message);
        }
        return HandOffRequest(QString::fromLatin1(link));
    }
    return core::fail(ErrorCode::Malformed, "unknown hand-off verb");
}

QByteArray HandOffRequest::encode() const {
    QByteArray line = kMagic.toByteArray() + ' ' + QByteArray::number(kVersion) + ' ';
    if (m_link) {
        line += kLink.toByteArray() + ' ' + m_link->toLatin1();
    } else {
        line += kRaise.toByteArray();
    }
    line += '\n';
    return line;
}

} // namespace chive::ui
