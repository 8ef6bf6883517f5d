#include "ui/MessengerBridge.h"
#include "ui/PlainText.h"

#include <catch2/catch_test_macros.hpp>

#include <QLabel>
#include <QSignalSpy>

#include <thread>

#include "UiTestSupport.h"

using chive::ui::displayText;
using chive::ui::TextShape;

namespace {

const QString kIsolateStart = QString(QChar(0x2068));
const QString kIsolateEnd = QString(QChar(0x2069));

QString inner(const QString& shown) {
    REQUIRE(shown.startsWith(kIsolateStart));
    REQUIRE(shown.endsWith(kIsolateEnd));
    return shown.mid(1, shown.size() - 2);
}

} // namespace

TEST_CASE("peer text loses bidi overrides and control characters", "[ui][plaintext]") {
    // "Alice" followed by a right-to-left override that would show "exe.txt"
    // reversed, and an isolate left open to swallow the rest of the window.
    const std::string spoof = "Alice\u202Etxt.exe\u2066 \x07\x1b[31m";
    const QString shown = inner(displayText(spoof));
    CHECK(shown == QStringLiteral("Alicetxt.exe \uFFFD\uFFFD[31m"));
    for (const QChar c : shown) {
        CHECK_FALSE((c.unicode() >= 0x202A && c.unicode() <= 0x202E));
        CHECK_FALSE((c.unicode() >= 0x2066 && c.unicode() <= 0x2069));
    }
}

TEST_CASE("names lose line breaks, messages keep them", "[ui][plaintext]") {
    CHECK(inner(displayText(std::string("Bob\nSmith\r\tJr"))) == QStringLiteral("Bob Smith  Jr"));
    CHECK(inner(displayText(std::string("line one\r\nline two\tend"), TextShape::MultiLine)) ==
          QStringLiteral("line one\nline two\tend"));
}

TEST_CASE("right-to-left text and emoji survive", "[ui][plaintext]") {
    const std::string hebrew = "\u05E9\u05DC\u05D5\u05DD";
    CHECK(inner(displayText(hebrew)) == QString::fromUtf8(hebrew.c_str()));
    const std::string family = "\U0001F468\u200D\U0001F469\u200D\U0001F467";
    CHECK(inner(displayText(family)) == QString::fromUtf8(family.c_str()));
}

TEST_CASE("invalid UTF-8 becomes the replacement character", "[ui][plaintext]") {
    const std::string broken("ok\xff\xfe!", 5);
    CHECK(inner(displayText(broken)).startsWith(QStringLiteral("ok\uFFFD")));
}

TEST_CASE("peer text in a label is never rich text", "[ui][plaintext]") {
    chive::ui::test::testApplication();
    QLabel label;
    label.setTextFormat(Qt::RichText);
    chive::ui::setPeerText(
        label, displayText(std::string("<img src=\"http://example.invalid/x.png\"><b>hi</b>")));
    CHECK(label.textFormat() == Qt::PlainText);
    CHECK(label.text().contains(QStringLiteral("<img")));
    CHECK_FALSE(label.openExternalLinks());
}

TEST_CASE("the bridge carries engine events to the GUI thread", "[ui][bridge]") {
    chive::ui::test::testApplication();
    chive::ui::MessengerBridge bridge;
    const auto guiThread = std::this_thread::get_id();
    std::thread::id seenOn;
    chive::core::ContactView seen;
    QObject::connect(&bridge, &chive::ui::MessengerBridge::contactChanged,
                     [&](const chive::core::ContactView& contact) {
                         seenOn = std::this_thread::get_id();
                         seen = contact;
                     });
    chive::core::ContactView contact;
    contact.alias = "Carol";
    contact.unread = 3;
    std::thread engine([&] { bridge.onContactChanged(contact); });
    engine.join();
    CHECK(seen.alias.empty()); // nothing is emitted on the engine's thread
    REQUIRE(chive::ui::test::waitFor([&] { return !seen.alias.empty(); }, 5000));
    CHECK(seen == contact);
    CHECK(seenOn == guiThread);
}
