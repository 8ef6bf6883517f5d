#pragma once

// HandOffRequest: the one line a second start of Chive sends to the Chive
// that already runs on the same profile (doc/protocol.md, "Local
// single-instance hand-off"):
//
//   chive-handoff 1 raise\n          bring the window to the front
//   chive-handoff 1 link <link>\n    ... and open the add-contact dialog
//
// answered by `ok\n` or `error <word>\n`. The link is checked only for size
// and characters (printable ASCII); the add-contact dialog validates it as a
// contact link. Value type; parse() treats its input as hostile.

#include "core/Result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <cstddef>
#include <optional>

namespace chive::ui {

class HandOffRequest {
public:
    // As long as the command line accepts (app/CommandLine.h).
    static constexpr qsizetype kMaxLinkBytes = 4096;
    // A whole request line, newline included; the receiver reads no more.
    static constexpr qsizetype kMaxLineBytes = kMaxLinkBytes + 64;
    static constexpr int kVersion = 1;

    static HandOffRequest raise() { return HandOffRequest(std::nullopt); }
    // TooLarge over kMaxLinkBytes; Malformed if empty or with a byte outside
    // printable ASCII (0x20..0x7e).
    static core::Result<HandOffRequest> withLink(const QString& link);
    // `line` is one request without its newline. UnsupportedVersion for
    // another version, Malformed for anything else that is not a request.
    static core::Result<HandOffRequest> parse(QByteArrayView line);

    // Empty for a request that only raises the window.
    [[nodiscard]] const std::optional<QString>& link() const { return m_link; }
    // The request line, newline included.
    [[nodiscard]] QByteArray encode() const;

private:
    explicit HandOffRequest(std::optional<QString> link)
        : m_link(std::move(link)) {}

    std::optional<QString> m_link;
};

} // namespace chive::ui
