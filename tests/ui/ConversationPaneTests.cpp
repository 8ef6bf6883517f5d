#include "ui/ConversationModel.h"
#include "ui/ConversationPane.h"
#include "ui/ConversationView.h"
#include "ui/MessageDelegate.h"
#include "ui/MessageInput.h"
#include "ui/MessengerBridge.h"

#include <catch2/catch_test_macros.hpp>

#include <QClipboard>
#include <QGuiApplication>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QTextDocument>
#include <QTimer>

#include <string>
#include <vector>

#include "UiTestSupport.h"

using chive::core::ContactId;
using chive::core::DeliveryState;
using chive::core::MessageRowId;
using chive::ui::ConversationModel;
using chive::ui::ConversationPane;
using chive::ui::MessengerBridge;
using chive::ui::test::LoopbackProfile;
using chive::ui::test::secret;
using chive::ui::test::testApplication;
using chive::ui::test::waitFor;

namespace {

// Two people who added each other over the loopback network, each with the
// bridge a window would have. Alice calls Bob "bobAlias".
struct Friends {
    explicit Friends(const std::string& bobAlias = "Bob") {
        testApplication();
        REQUIRE(alice.create(secret("alice password")));
        REQUIRE(bob.create(secret("bob password")));
        auto invitation = alice.messenger()->createInvitation(bobAlias);
        REQUIRE(invitation);
        auto answer = bob.messenger()->addContactFromLink("Alice", invitation->link);
        REQUIRE(answer);
        REQUIRE(alice.messenger()->enterPeerLink(invitation->id, answer->link));
        REQUIRE(waitFor([&] { return online(alice) && online(bob); }));
        aliceSeesBob = onlyContact(alice);
        bobSeesAlice = onlyContact(bob);
    }

    static bool online(LoopbackProfile& person) {
        auto contacts = person.messenger()->contacts();
        return contacts && contacts->size() == 1 &&
               contacts->front().state == chive::core::ContactState::Connected &&
               contacts->front().presence == chive::core::Presence::Online;
    }
    static ContactId onlyContact(LoopbackProfile& person) {
        auto contacts = person.messenger()->contacts();
        REQUIRE(contacts);
        REQUIRE(contacts->size() == 1);
        return contacts->front().id;
    }

    chive::transport::LoopbackNetwork network;
    MessengerBridge aliceBridge;
    MessengerBridge bobBridge;
    LoopbackProfile alice{network, aliceBridge, "alice"};
    LoopbackProfile bob{network, bobBridge, "bob"};
    ContactId aliceSeesBob;
    ContactId bobSeesAlice;
};

QString body(const ConversationModel& model, int row) {
    return model.data(model.index(row), ConversationModel::CopyTextRole).toString();
}

DeliveryState delivery(const ConversationModel& model, int row) {
    return static_cast<DeliveryState>(
        model.data(model.index(row), ConversationModel::DeliveryRole).toInt());
}

void typeAndSend(ConversationPane& pane, const QString& text) {
    QTest::keyClicks(&pane.input(), text);
    QTest::keyClick(&pane.input(), Qt::Key_Return);
}

// Answers the next confirmation box with `button` once it is shown.
void answerNextQuestion(QMessageBox::StandardButton button) {
    auto* timer = new QTimer;
    timer->setInterval(10);
    QObject::connect(timer, &QTimer::timeout, timer, [timer, button] {
        auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
        if (box != nullptr) {
            timer->stop();
            timer->deleteLater();
            box->button(button)->click();
        }
    });
    timer->start();
}

std::vector<chive::core::StoredMessage> history(LoopbackProfile& person, ContactId contact) {
    auto page = person.messenger()->history(contact, std::nullopt, 1000);
    REQUIRE(page);
    return *page;
}

void showPane(ConversationPane& pane) {
    pane.resize(640, 480);
    pane.show();
    REQUIRE(QTest::qWaitForWindowExposed(&pane));
}

} // namespace

TEST_CASE("a message typed and sent with Enter arrives in the other side's pane",
          "[ui][conversation]") {
    Friends friends;
    ConversationPane alicePane(*friends.alice.messenger(), friends.aliceBridge);
    ConversationPane bobPane(*friends.bob.messenger(), friends.bobBridge);
    alicePane.showContact(friends.aliceSeesBob);
    bobPane.showContact(friends.bobSeesAlice);
    showPane(alicePane);
    CHECK(alicePane.aliasText().contains(QStringLiteral("Bob")));
    CHECK(alicePane.presenceText() == QStringLiteral("Online"));

    typeAndSend(alicePane, QStringLiteral("Hello Bob, how are you?"));
    CHECK(alicePane.input().toPlainText().isEmpty());
    REQUIRE(alicePane.model().rowCount() == 1);
    CHECK(body(alicePane.model(), 0) == QStringLiteral("Hello Bob, how are you?"));

    REQUIRE(waitFor([&] { return bobPane.model().rowCount() == 1; }));
    CHECK(body(bobPane.model(), 0) == QStringLiteral("Hello Bob, how are you?"));
    CHECK(bobPane.model().data(bobPane.model().index(0), ConversationModel::DirectionRole) ==
          static_cast<int>(chive::core::MessageDirection::Incoming));
    REQUIRE(waitFor([&] { return delivery(alicePane.model(), 0) == DeliveryState::Delivered; }));

    // Bob answers with the Send button.
    QTest::keyClicks(&bobPane.input(), QStringLiteral("Fine, thanks"));
    QTest::mouseClick(&bobPane.sendButton(), Qt::LeftButton);
    REQUIRE(waitFor([&] { return alicePane.model().rowCount() == 2; }));
    CHECK(body(alicePane.model(), 1) == QStringLiteral("Fine, thanks"));
}

TEST_CASE("delivery state goes from queued to sent to delivered", "[ui][conversation]") {
    Friends friends;
    ConversationPane pane(*friends.alice.messenger(), friends.aliceBridge);
    pane.showContact(friends.aliceSeesBob);
    showPane(pane);

    REQUIRE(friends.bob.lock());
    std::vector<DeliveryState> seen;
    QObject::connect(&pane.model(), &QAbstractItemModel::dataChanged, &pane.model(),
                     [&](const QModelIndex& first, const QModelIndex&, const QList<int>& roles) {
                         if (roles.contains(ConversationModel::DeliveryRole)) {
                             seen.push_back(delivery(pane.model(), first.row()));
                         }
                     });
    typeAndSend(pane, QStringLiteral("are you there?"));
    REQUIRE(pane.model().rowCount() == 1);
    CHECK(delivery(pane.model(), 0) == DeliveryState::Queued);
    CHECK(pane.model()
              .data(pane.model().index(0), Qt::AccessibleTextRole)
              .toString()
              .contains(QStringLiteral("Queued")));
    QTest::qWait(500); // Bob is away: it stays queued
    CHECK(delivery(pane.model(), 0) == DeliveryState::Queued);
    CHECK(seen.empty());

    REQUIRE(friends.bob.unlock(secret("bob password")));
    REQUIRE(waitFor([&] { return delivery(pane.model(), 0) == DeliveryState::Delivered; }));
    CHECK(seen == std::vector<DeliveryState>{DeliveryState::Sent, DeliveryState::Delivered});
    CHECK(pane.model()
              .data(pane.model().index(0), Qt::AccessibleTextRole)
              .toString()
              .contains(QStringLiteral("Delivered")));
    CHECK(chive::ui::ConversationModel::deliveryName(DeliveryState::Sent) == "Sent");
}

TEST_CASE("Shift+Enter makes a new line and Enter sends both lines", "[ui][conversation]") {
    Friends friends;
    ConversationPane pane(*friends.alice.messenger(), friends.aliceBridge);
    pane.showContact(friends.aliceSeesBob);
    showPane(pane);
    QTest::keyClicks(&pane.input(), QStringLiteral("line one"));
    QTest::keyClick(&pane.input(), Qt::Key_Return, Qt::ShiftModifier);
    QTest::keyClicks(&pane.input(), QStringLiteral("line two"));
    CHECK(pane.model().rowCount() == 0);
    CHECK(pane.input().toPlainText() == QStringLiteral("line one\nline two"));
    QTest::keyClick(&pane.input(), Qt::Key_Enter); // the keypad's Enter sends too
    REQUIRE(pane.model().rowCount() == 1);
    CHECK(body(pane.model(), 0) == QStringLiteral("line one\nline two"));
    const auto stored = history(friends.alice, friends.aliceSeesBob);
    REQUIRE(stored.size() == 1);
    CHECK(stored[0].body == "line one\nline two");
}

TEST_CASE("empty or blank or oversized messages are refused", "[ui][conversation]") {
    Friends friends;
    ConversationPane pane(*friends.alice.messenger(), friends.aliceBridge);
    pane.showContact(friends.aliceSeesBob);
    showPane(pane);

    QTest::keyClick(&pane.input(), Qt::Key_Return);
    CHECK_FALSE(pane.sendButton().isEnabled());
    typeAndSend(pane, QStringLiteral("   "));
    QTest::keyClick(&pane.input(), Qt::Key_Return, Qt::ShiftModifier);
    QTest::keyClick(&pane.input(), Qt::Key_Space);
    QTest::keyClick(&pane.input(), Qt::Key_Return);
    CHECK(pane.model().rowCount() == 0);
    CHECK(history(friends.alice, friends.aliceSeesBob).empty());
    CHECK_FALSE(pane.notice().isEmpty());
    CHECK_FALSE(pane.sendButton().isEnabled());

    pane.input().setPlainText(QString(65501, QLatin1Char('a')));
    CHECK_FALSE(pane.sendButton().isEnabled());
    CHECK(pane.notice().contains(QStringLiteral("too long")));
    CHECK_FALSE(pane.sendInput());
    CHECK(history(friends.alice, friends.aliceSeesBob).empty());

    pane.input().setPlainText(QString(65500, QLatin1Char('a'))); // exactly the limit
    CHECK(pane.sendButton().isEnabled());
    CHECK(pane.notice().isEmpty());
    CHECK(pane.sendInput());
    CHECK(history(friends.alice, friends.aliceSeesBob).size() == 1);
}

TEST_CASE("older messages load a page at a time as the view scrolls up", "[ui][conversation]") {
    Friends friends;
    REQUIRE(friends.bob.lock()); // keep the network quiet while 500 messages queue
    auto& messenger = *friends.alice.messenger();
    for (int i = 0; i < 500; ++i) {
        REQUIRE(messenger.sendMessage(friends.aliceSeesBob, "message " + std::to_string(i)));
    }
    ConversationPane pane(messenger, friends.aliceBridge);
    pane.showContact(friends.aliceSeesBob);
    showPane(pane);
    ConversationModel& model = pane.model();
    chive::ui::ConversationView& view = pane.view();

    // Only the newest page at first, and the view at the bottom of it.
    CHECK(model.rowCount() == 50);
    CHECK(body(model, 0) == QStringLiteral("message 450"));
    CHECK(body(model, 49) == QStringLiteral("message 499"));
    REQUIRE(waitFor([&] { return view.atBottom(); }, 2000));
    QTest::qWait(100);
    CHECK(model.rowCount() == 50); // sitting at the bottom fetches nothing

    // Loading older rows keeps what is on screen where it was.
    view.verticalScrollBar()->setValue(view.verticalScrollBar()->maximum() -
                                       view.viewport()->height());
    const int anchorRow = view.indexAt(QPoint(10, 10)).row();
    REQUIRE(anchorRow >= 0);
    const QString anchor = body(model, anchorRow);
    const int anchorTop = view.visualRect(view.model()->index(anchorRow, 0)).top();
    CHECK(view.loadOlder() == 50);
    CHECK(model.rowCount() == 100);
    CHECK(body(model, anchorRow + 50) == anchor);
    CHECK(view.visualRect(view.model()->index(anchorRow + 50, 0)).top() == anchorTop);

    // Scrolling to the top loads more on its own.
    view.verticalScrollBar()->setValue(0);
    REQUIRE(waitFor([&] { return model.rowCount() > 100; }, 5000));

    while (model.canFetchMore(QModelIndex())) {
        model.fetchMore(QModelIndex());
    }
    REQUIRE(model.rowCount() == 500);
    for (int i = 0; i < 500; ++i) {
        REQUIRE(body(model, i) == QStringLiteral("message %1").arg(i));
    }
    CHECK(model.data(model.index(0), ConversationModel::FirstOfDayRole).toBool());
    CHECK_FALSE(model.data(model.index(1), ConversationModel::FirstOfDayRole).toBool());
    // A state change finds its row among all of them.
    const MessageRowId row42 = model.rowId(42);
    CHECK(model.rowOf(row42) == 42);
}

TEST_CASE("scrolling far up holds a bounded window and scrolling down brings the newest back",
          "[ui][conversation]") {
    Friends friends;
    REQUIRE(friends.bob.lock());
    auto& messenger = *friends.alice.messenger();
    for (int i = 0; i < 400; ++i) {
        REQUIRE(messenger.sendMessage(friends.aliceSeesBob, "message " + std::to_string(i)));
    }
    ConversationPane pane(messenger, friends.aliceBridge);
    ConversationModel& model = pane.model();
    model.setWindowLimit(150);
    pane.showContact(friends.aliceSeesBob);
    showPane(pane);
    chive::ui::ConversationView& view = pane.view();

    while (view.loadOlder() > 0) {
        CHECK(model.rowCount() <= 150);
    }
    CHECK(body(model, 0) == QStringLiteral("message 0"));
    CHECK(model.rowCount() == 150);
    CHECK_FALSE(model.atLatest());
    CHECK(model.canFetchNewer());

    // A message sent now is remembered, not shown, until the view gets there.
    QTest::keyClicks(&pane.input(), QStringLiteral("latest words"));
    // (sending returns to the newest page, so send through the messenger)
    auto sent = messenger.sendMessage(friends.aliceSeesBob, "sent while far up");
    REQUIRE(sent);
    emit friends.aliceBridge.messageSent(*sent);
    CHECK(model.rowOf(sent->rowId) < 0);

    // Scrolling to the bottom loads the newer pages back, in order.
    view.verticalScrollBar()->setValue(view.verticalScrollBar()->maximum());
    REQUIRE(waitFor(
        [&] {
            view.verticalScrollBar()->setValue(view.verticalScrollBar()->maximum());
            return model.atLatest();
        },
        10000));
    CHECK(model.rowCount() <= 150);
    CHECK(body(model, model.rowCount() - 1) == QStringLiteral("sent while far up"));
    for (int row = 0; row + 1 < model.rowCount() - 1; ++row) {
        REQUIRE(body(model, row + 1) ==
                QStringLiteral("message %1").arg(body(model, row).mid(8).toInt() + 1));
    }
    CHECK(pane.input().toPlainText() == QStringLiteral("latest words"));
}

TEST_CASE("search finds a message and shows it even far back in history", "[ui][conversation]") {
    Friends friends;
    REQUIRE(friends.bob.lock());
    auto& messenger = *friends.alice.messenger();
    for (int i = 0; i < 300; ++i) {
        const std::string text =
            i == 7 ? "where is the hidden needle" : "ordinary message " + std::to_string(i);
        REQUIRE(messenger.sendMessage(friends.aliceSeesBob, text));
    }
    ConversationPane pane(messenger, friends.aliceBridge);
    pane.showContact(friends.aliceSeesBob);
    showPane(pane);
    REQUIRE(pane.model().rowCount() == 50);

    QTest::keyClick(&pane.view(), Qt::Key_F, Qt::ControlModifier);
    REQUIRE(pane.searchField().isVisible());
    CHECK(pane.searchField().hasFocus());
    QTest::keyClicks(&pane.searchField(), QStringLiteral("needle"));
    QTest::keyClick(&pane.searchField(), Qt::Key_Return);
    REQUIRE(pane.searchResults().count() == 1);
    CHECK(pane.searchResults().item(0)->text().contains(QStringLiteral("hidden needle")));

    pane.showSearchResult(0);
    const QModelIndex current = pane.view().currentIndex();
    REQUIRE(current.isValid());
    CHECK(current.data(ConversationModel::CopyTextRole).toString() ==
          QStringLiteral("where is the hidden needle"));
    CHECK(pane.view().viewport()->rect().intersects(pane.view().visualRect(current)));

    QTest::keyClick(&pane.searchField(), Qt::Key_Escape);
    CHECK_FALSE(pane.searchField().isVisible());
}

TEST_CASE("a search result beyond the jump limit opens a window at it", "[ui][conversation]") {
    Friends friends;
    REQUIRE(friends.bob.lock());
    auto& messenger = *friends.alice.messenger();
    const std::size_t count = ConversationModel::kJumpRowLimit + 120;
    MessageRowId target;
    for (std::size_t i = 0; i < count; ++i) {
        auto sent = messenger.sendMessage(friends.aliceSeesBob, "m" + std::to_string(i));
        REQUIRE(sent);
        if (i == 10) {
            target = sent->rowId;
        }
    }
    ConversationModel model(messenger, friends.aliceBridge);
    REQUIRE(model.setContact(friends.aliceSeesBob));
    const int row = model.showAround(target);
    REQUIRE(row >= 0);
    CHECK(body(model, row) == QStringLiteral("m10"));
    CHECK_FALSE(model.atLatest());
    CHECK(model.rowCount() <= 50);
    CHECK(model.showLatest());
    CHECK(model.atLatest());
    CHECK(body(model, model.rowCount() - 1) == QStringLiteral("m%1").arg(count - 1));
}

TEST_CASE("a message and the whole conversation can be deleted after confirming",
          "[ui][conversation]") {
    Friends friends;
    ConversationPane pane(*friends.alice.messenger(), friends.aliceBridge);
    pane.showContact(friends.aliceSeesBob);
    showPane(pane);
    for (const char* text : {"first", "second", "third"}) {
        typeAndSend(pane, QString::fromLatin1(text));
    }
    REQUIRE(pane.model().rowCount() == 3);

    pane.view().selectionModel()->select(pane.view().model()->index(1, 0),
                                         QItemSelectionModel::ClearAndSelect);
    answerNextQuestion(QMessageBox::No);
    pane.deleteSelectedMessages();
    CHECK(pane.model().rowCount() == 3);

    answerNextQuestion(QMessageBox::Yes);
    pane.deleteSelectedMessages();
    REQUIRE(pane.model().rowCount() == 2);
    CHECK(body(pane.model(), 0) == QStringLiteral("first"));
    CHECK(body(pane.model(), 1) == QStringLiteral("third"));
    auto stored = history(friends.alice, friends.aliceSeesBob);
    REQUIRE(stored.size() == 2);
    CHECK(stored[1].body == "third");

    answerNextQuestion(QMessageBox::Yes);
    pane.deleteConversation();
    CHECK(pane.model().rowCount() == 0);
    CHECK(history(friends.alice, friends.aliceSeesBob).empty());
}

TEST_CASE("hostile message text and aliases are shown as plain text only", "[ui][conversation]") {
    Friends friends("<i>Bob</i>\u202E");
    ConversationPane pane(*friends.alice.messenger(), friends.aliceBridge);
    pane.showContact(friends.aliceSeesBob);
    showPane(pane);
    CHECK(pane.aliasText().contains(QStringLiteral("<i>Bob</i>")));
    CHECK_FALSE(pane.aliasText().contains(QChar(0x202E)));

    const std::string hostile = "<b>bold</b><img src=\"http://example.invalid/x.png\">"
                                "\u202Egnp.exe\u2066 tail\u202A\x07\x1b[31m";
    REQUIRE(friends.bob.messenger()->sendMessage(friends.bobSeesAlice, hostile));
    REQUIRE(waitFor([&] { return pane.model().rowCount() == 1; }));

    const QString shown = pane.model().data(pane.model().index(0), Qt::DisplayRole).toString();
    const QString inner = shown.mid(1, shown.size() - 2);
    CHECK(shown.front() == QChar(0x2068));
    CHECK(shown.back() == QChar(0x2069));
    for (const QChar c : inner) {
        CHECK_FALSE((c.unicode() >= 0x202A && c.unicode() <= 0x202E));
        CHECK_FALSE((c.unicode() >= 0x2066 && c.unicode() <= 0x2069));
        CHECK_FALSE((c.unicode() < 0x20 && c != QLatin1Char('\n')));
    }
    CHECK(inner.startsWith(QStringLiteral("<b>bold</b><img src=")));

    // Painted by the delegate (nothing to fetch, nothing interpreted) ...
    const QImage picture = pane.view().viewport()->grab().toImage();
    CHECK_FALSE(picture.isNull());
    // ... and in the read-only editor, the markup stays literal text.
    pane.view().edit(pane.view().model()->index(0, 0));
    auto* editor = pane.view().viewport()->findChild<QPlainTextEdit*>();
    REQUIRE(editor != nullptr);
    CHECK(editor->isReadOnly());
    CHECK(editor->toPlainText() == inner);
    CHECK(editor->document()->toPlainText().contains(QStringLiteral("<b>bold</b>")));
}

TEST_CASE("Ctrl+C copies the selected messages' text", "[ui][conversation]") {
    Friends friends;
    ConversationPane pane(*friends.alice.messenger(), friends.aliceBridge);
    pane.showContact(friends.aliceSeesBob);
    showPane(pane);
    typeAndSend(pane, QStringLiteral("alpha"));
    typeAndSend(pane, QStringLiteral("beta"));
    REQUIRE(pane.model().rowCount() == 2);
    auto* selection = pane.view().selectionModel();
    selection->select(pane.view().model()->index(1, 0), QItemSelectionModel::Select);
    selection->select(pane.view().model()->index(0, 0), QItemSelectionModel::Select);
    pane.view().setFocus();
    QTest::keyClick(&pane.view(), Qt::Key_C, Qt::ControlModifier);
    CHECK(QGuiApplication::clipboard()->text() == QStringLiteral("alpha\n\nbeta"));
}

TEST_CASE("the conversation is marked read while it is shown in the active window",
          "[ui][conversation]") {
    Friends friends;
    ConversationPane pane(*friends.alice.messenger(), friends.aliceBridge);
    pane.showContact(friends.aliceSeesBob);
    showPane(pane);
    pane.activateWindow();
    REQUIRE(QTest::qWaitForWindowActive(&pane));
    REQUIRE(friends.bob.messenger()->sendMessage(friends.bobSeesAlice, "read me"));
    REQUIRE(waitFor([&] { return pane.model().rowCount() == 1; }));
    REQUIRE(waitFor([&] {
        auto contact = friends.alice.messenger()->contact(friends.aliceSeesBob);
        return contact && contact->unread == 0;
    }));
}

TEST_CASE("day separators say today and yesterday", "[ui][conversation]") {
    testApplication();
    const QDate today(2026, 11, 21);
    CHECK(chive::ui::MessageDelegate::dayLabel(today, today) == QStringLiteral("Today"));
    CHECK(chive::ui::MessageDelegate::dayLabel(today.addDays(-1), today) ==
          QStringLiteral("Yesterday"));
    const QString older = chive::ui::MessageDelegate::dayLabel(QDate(2026, 3, 2), today);
    CHECK(older.contains(QStringLiteral("2026")));
}
