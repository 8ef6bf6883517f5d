// The contact list, the add-contact dialog and the contact details dialog,
// driven through their widgets over two or three real profiles (SQLCipher,
// core::Engine) on one loopback network.

#include "core/link/ContactLink.h"
#include "core/qr/QrCode.h"
#include "ui/AddContactDialog.h"
#include "ui/ContactDelegate.h"
#include "ui/ContactDetailsDialog.h"
#include "ui/ContactFilterModel.h"
#include "ui/ContactListModel.h"
#include "ui/ContactTimeText.h"
#include "ui/ContactsPane.h"
#include "ui/InvitationListModel.h"
#include "ui/MessengerBridge.h"
#include "ui/QrImage.h"
#include "ui/QrScanButtons.h"

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMessageBox>
#include <QPainter>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTimer>

#include <chrono>
#include <memory>
#include <string>

#include "UiTestSupport.h"

using Catch::Matchers::ContainsSubstring;
using chive::core::ContactId;
using chive::core::ContactState;
using chive::ui::AddContactDialog;
using chive::ui::ContactDetailsDialog;
using chive::ui::ContactListModel;
using chive::ui::ContactsPane;
using chive::ui::InvitationListModel;
using chive::ui::test::testApplication;
using chive::ui::test::waitFor;

namespace {

using namespace std::chrono_literals;

// One person with the window's pieces: bridge, profile, contacts pane.
struct Person {
    Person(chive::transport::LoopbackNetwork& network, const std::string& name)
        : profile(network, bridge, name) {
        REQUIRE(profile.create(chive::ui::test::secret("correct horse battery")));
        REQUIRE(profile.messenger() != nullptr);
        pane = std::make_unique<ContactsPane>(messenger(), bridge);
        pane->resize(320, 600);
        pane->show();
    }
    chive::core::Messenger& messenger() { return *profile.messenger(); }

    // The row of the sorted list showing `alias`, or -1.
    int rowOf(const QString& alias) const {
        const auto& model = pane->sorted();
        for (int row = 0; row < model.rowCount(); ++row) {
            if (model.index(row, 0).data(ContactListModel::FilterTextRole).toString() == alias) {
                return row;
            }
        }
        return -1;
    }
    QVariant data(const QString& alias, int role) const {
        const int row = rowOf(alias);
        return row < 0 ? QVariant() : pane->sorted().index(row, 0).data(role);
    }
    bool connected(const QString& alias) const {
        return data(alias, ContactListModel::StateRole).toInt() ==
               static_cast<int>(ContactState::Connected);
    }
    ContactId idOf(const QString& alias) const {
        return ContactId(data(alias, ContactListModel::IdRole).toLongLong());
    }
    QStringList order() const {
        QStringList names;
        const auto& model = pane->sorted();
        for (int row = 0; row < model.rowCount(); ++row) {
            names << model.index(row, 0).data(ContactListModel::FilterTextRole).toString();
        }
        return names;
    }

    QApplication& app = testApplication(); // before any QObject
    chive::ui::MessengerBridge bridge;
    chive::ui::test::LoopbackProfile profile;
    std::unique_ptr<ContactsPane> pane;
};

std::unique_ptr<AddContactDialog> openDialog(Person& person, const QString& alias) {
    auto dialog = std::make_unique<AddContactDialog>(person.messenger(), person.bridge);
    dialog->show();
    dialog->aliasField().clear();
    QTest::keyClicks(&dialog->aliasField(), alias);
    QTest::mouseClick(&dialog->createButton(), Qt::LeftButton);
    REQUIRE(dialog->invitation());
    REQUIRE(dialog->ownLinkField().text().startsWith(QStringLiteral("chive:")));
    return dialog;
}

void pasteAndAccept(AddContactDialog& dialog, const QString& link) {
    dialog.peerLinkField().setFocus();
    QTest::keyClicks(&dialog.peerLinkField(), link);
    REQUIRE(dialog.validationText() == QStringLiteral("This link is valid."));
    REQUIRE(dialog.okButton().isEnabled());
    QTest::mouseClick(&dialog.okButton(), Qt::LeftButton);
    REQUIRE(dialog.result() == QDialog::Accepted);
}

// Both people add each other through the dialog by pasting links.
void befriend(Person& a, const QString& aliasOfB, Person& b, const QString& aliasOfA) {
    auto fromA = openDialog(a, aliasOfB);
    auto fromB = openDialog(b, aliasOfA);
    pasteAndAccept(*fromB, fromA->ownLinkField().text());
    pasteAndAccept(*fromA, fromB->ownLinkField().text());
    REQUIRE(waitFor([&] { return a.connected(aliasOfB) && b.connected(aliasOfA); }));
}

QString savedQr(const QTemporaryDir& dir, const QString& name, const std::string& text) {
    auto code = chive::core::QrCode::encode(text);
    REQUIRE(code);
    const QString path = dir.filePath(name);
    REQUIRE(chive::ui::QrImage::savePng(*code, path));
    return path;
}

// Clicks `button` of the next message box, and records its text.
void answerNextMessageBox(QMessageBox::StandardButton button, QString& text) {
    auto* timer = new QTimer;
    timer->setInterval(20);
    QObject::connect(timer, &QTimer::timeout, [timer, button, &text] {
        auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
        if (box == nullptr) {
            return;
        }
        text = box->text();
        timer->stop();
        timer->deleteLater();
        QTest::mouseClick(box->button(button), Qt::LeftButton);
    });
    timer->start();
}

void sendAs(Person& from, ContactId to, const std::string& text) {
    auto sent = from.messenger().sendMessage(to, text);
    REQUIRE(sent);
    emit from.bridge.messageSent(*sent);
}

} // namespace

TEST_CASE("two people add each other by pasting links into the dialog", "[ui][contacts]") {
    chive::transport::LoopbackNetwork network;
    Person alice(network, "alice");
    Person bob(network, "bob");

    auto fromAlice = openDialog(alice, QStringLiteral("Bob"));
    auto fromBob = openDialog(bob, QStringLiteral("Alice"));
    // Until a link is entered, each invitation waits in its pending list.
    REQUIRE(waitFor([&] { return alice.pane->invitations().rowCount() == 1; }));
    CHECK_THAT(alice.pane->invitations()
                   .index(0)
                   .data(InvitationListModel::StatusRole)
                   .toString()
                   .toStdString(),
               ContainsSubstring("waiting for their link") && ContainsSubstring("6 days left"));
    CHECK(alice.pane->invitationView().isVisible());

    pasteAndAccept(*fromBob, fromAlice->ownLinkField().text());
    pasteAndAccept(*fromAlice, fromBob->ownLinkField().text());
    REQUIRE(waitFor([&] { return alice.connected("Bob") && bob.connected("Alice"); }));
    CHECK(alice.pane->contacts().rowCount() == 1);
    REQUIRE(waitFor([&] { return alice.pane->invitations().rowCount() == 0; }));
    CHECK_FALSE(alice.pane->invitationView().isVisible());
}

TEST_CASE("two people add each other by loading the other's QR code from a PNG", "[ui][contacts]") {
    chive::transport::LoopbackNetwork network;
    Person alice(network, "alice");
    Person bob(network, "bob");
    QTemporaryDir dir;
    REQUIRE(dir.isValid());

    auto fromAlice = openDialog(alice, QStringLiteral("Bob"));
    auto fromBob = openDialog(bob, QStringLiteral("Alice"));
    // Each saves the QR code of their link as the dialog's button does; the
    // other loads the picture.
    const QString alicePng = dir.filePath(QStringLiteral("alice.png"));
    const QString bobPng = dir.filePath(QStringLiteral("bob.png"));
    REQUIRE(fromAlice->saveQrTo(alicePng));
    REQUIRE(fromBob->saveQrTo(bobPng));
    CHECK_FALSE(fromAlice->ownQrImage().isNull());

    fromBob->loadPeerQrFile(alicePng);
    REQUIRE(waitFor([&] { return fromBob->peerLinkValid(); }, 10000));
    CHECK(fromBob->peerLinkField().text() == fromAlice->ownLinkField().text());
    QTest::mouseClick(&fromBob->okButton(), Qt::LeftButton);
    REQUIRE(fromBob->result() == QDialog::Accepted);

    fromAlice->loadPeerQrFile(bobPng);
    REQUIRE(waitFor([&] { return fromAlice->peerLinkValid(); }, 10000));
    QTest::mouseClick(&fromAlice->okButton(), Qt::LeftButton);
    REQUIRE(fromAlice->result() == QDialog::Accepted);

    REQUIRE(waitFor([&] { return alice.connected("Bob") && bob.connected("Alice"); }));
}

TEST_CASE("the add-contact dialog names what is wrong with a link as it is typed",
          "[ui][contacts]") {
    chive::transport::LoopbackNetwork network;
    Person alice(network, "alice");
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    auto dialog = openDialog(alice, QStringLiteral("Someone"));
    const QString own = dialog->ownLinkField().text();

    // A link from someone else, with one character changed: the checksum
    // catches it.
    auto other = openDialog(alice, QStringLiteral("Other"));
    REQUIRE(waitFor([&] { return alice.pane->invitations().rowCount() == 2; }));
    QString damaged = other->ownLinkField().text();
    const qsizetype at = damaged.size() - 10;
    damaged[at] = damaged[at] == QLatin1Char('a') ? QLatin1Char('b') : QLatin1Char('a');
    dialog->setPeerLink(damaged);
    CHECK_THAT(dialog->validationText().toStdString(), ContainsSubstring("checksum"));
    CHECK_FALSE(dialog->okButton().isEnabled());

    dialog->setPeerLink(own);
    CHECK_THAT(dialog->validationText().toStdString(), ContainsSubstring("your own link"));
    CHECK_FALSE(dialog->okButton().isEnabled());
    // Another of our own pending links is our own link too.
    dialog->setPeerLink(other->ownLinkField().text());
    CHECK_THAT(dialog->validationText().toStdString(), ContainsSubstring("your own link"));

    // Links start with their version, checked first: a newer Chive may make
    // other links.
    dialog->setPeerLink(QStringLiteral("chive:hello"));
    CHECK_THAT(dialog->validationText().toStdString(), ContainsSubstring("newer version"));
    dialog->setPeerLink(other->ownLinkField().text().chopped(5));
    CHECK_THAT(dialog->validationText().toStdString(),
               ContainsSubstring("not a valid Chive link") && ContainsSubstring("too short"));
    dialog->setPeerLink(QStringLiteral("https://example.invalid/"));
    CHECK_THAT(dialog->validationText().toStdString(), ContainsSubstring("not a valid Chive link"));
    CHECK_FALSE(dialog->okButton().isEnabled());

    // A QR code that holds something else is named as such.
    dialog->loadPeerQrFile(savedQr(dir, QStringLiteral("text.png"), "just some text"));
    REQUIRE(waitFor([&] { return !dialog->scanButtons().busy(); }, 10000));
    CHECK_THAT(dialog->validationText().toStdString(),
               ContainsSubstring("does not hold a Chive link"));
    // A file that is no image.
    dialog->loadPeerQrFile(dir.filePath(QStringLiteral("missing.png")));
    CHECK_THAT(dialog->validationText().toStdString(), ContainsSubstring("no file"));
}

TEST_CASE("a link from the command line fills in their link", "[ui][contacts]") {
    chive::transport::LoopbackNetwork network;
    Person alice(network, "alice");
    Person bob(network, "bob");
    auto fromAlice = openDialog(alice, QStringLiteral("Bob"));

    AddContactDialog dialog(bob.messenger(), bob.bridge);
    dialog.show();
    dialog.setPeerLink(QStringLiteral("  ") + fromAlice->ownLinkField().text().toUpper());
    CHECK(dialog.peerLinkValid());
    // OK waits for our own link to exist: the other side needs it.
    CHECK_FALSE(dialog.okButton().isEnabled());
    QTest::mouseClick(&dialog.createButton(), Qt::LeftButton);
    CHECK(dialog.okButton().isEnabled());
}

TEST_CASE("the contact list sorts by activity and filters and counts unread messages",
          "[ui][contacts]") {
    chive::transport::LoopbackNetwork network;
    Person alice(network, "alice");
    Person bob(network, "bob");
    Person carol(network, "carol");
    befriend(alice, QStringLiteral("Bob"), bob, QStringLiteral("Alice"));
    befriend(alice, QStringLiteral("Carol"), carol, QStringLiteral("Alice"));
    CHECK(alice.order() == QStringList({QStringLiteral("Bob"), QStringLiteral("Carol")}));

    sendAs(alice, alice.idOf("Carol"), "hello Carol");
    REQUIRE(waitFor([&] { return alice.order().front() == QStringLiteral("Carol"); }));
    CHECK_THAT(alice.data("Carol", ContactListModel::PreviewRole).toString().toStdString(),
               ContainsSubstring("You: ") && ContainsSubstring("hello Carol"));

    // Bob writes to Alice: his row moves to the top with one unread.
    QSignalSpy unread(alice.pane.get(), &ContactsPane::unreadChanged);
    sendAs(bob, bob.idOf("Alice"), "hi Alice, it's Bob\nsecond line");
    REQUIRE(waitFor([&] { return alice.data("Bob", ContactListModel::UnreadRole).toInt() == 1; }));
    REQUIRE(waitFor([&] { return alice.order().front() == QStringLiteral("Bob"); }));
    CHECK(alice.pane->contacts().unreadTotal() == 1);
    REQUIRE_FALSE(unread.isEmpty());
    CHECK(unread.last().at(0).toInt() == 1);
    const QString preview = alice.data("Bob", ContactListModel::PreviewRole).toString();
    CHECK(preview.contains(QStringLiteral("hi Alice, it's Bob second line")));
    CHECK_FALSE(preview.contains(QLatin1Char('\n')));
    CHECK_THAT(alice.data("Bob", Qt::AccessibleTextRole).toString().toStdString(),
               ContainsSubstring("1 unread message"));

    // Reading the conversation clears the count.
    REQUIRE(alice.messenger().markRead(alice.idOf("Bob")));
    REQUIRE(waitFor([&] { return alice.pane->contacts().unreadTotal() == 0; }));
    CHECK(unread.last().at(0).toInt() == 0);

    // The filter is a case-insensitive part of the name.
    const ContactId carolId = alice.idOf("Carol");
    alice.pane->activateWindow();
    REQUIRE(QTest::qWaitForWindowActive(alice.pane.get()));
    alice.pane->filterField().setFocus();
    QTest::keyClicks(&alice.pane->filterField(), QStringLiteral("CAR"));
    CHECK(alice.order() == QStringList({QStringLiteral("Carol")}));
    // Down moves from the filter to the list, so the keyboard reaches it.
    QSignalSpy selected(alice.pane.get(), &ContactsPane::contactSelected);
    QTest::keyClick(&alice.pane->filterField(), Qt::Key_Down);
    CHECK(alice.pane->contactView().hasFocus());
    REQUIRE(selected.size() == 1);
    CHECK(selected.first().at(0).value<ContactId>() == carolId);
    alice.pane->filterField().clear();
    CHECK(alice.order().size() == 2);

    // Selecting a contact that a filter hides clears the filter.
    QTest::keyClicks(&alice.pane->filterField(), QStringLiteral("zzz"));
    CHECK(alice.order().isEmpty());
    alice.pane->selectContact(carolId);
    CHECK(alice.pane->filterField().text().isEmpty());
    CHECK(alice.pane->currentContact() == carolId);
}

TEST_CASE("the contact list says when a contact was last seen", "[ui][contacts]") {
    using chive::core::Presence;
    using chive::ui::ContactTimeText;
    const auto now = chive::core::nowTimestamp();
    CHECK(ContactTimeText::presence(Presence::Online, now - 1h, now) == QStringLiteral("online"));
    CHECK(ContactTimeText::presence(Presence::Offline, now - 5min - 10s, now) ==
          QStringLiteral("last seen 5 min ago"));
    CHECK(ContactTimeText::presence(Presence::Offline, now - 3h, now) ==
          QStringLiteral("last seen 3 h ago"));
    CHECK(ContactTimeText::presence(Presence::Offline, now - 72h, now) ==
          QStringLiteral("last seen 3 days ago"));
    CHECK(ContactTimeText::presence(Presence::Offline, std::nullopt, now) ==
          QStringLiteral("not seen yet"));
    CHECK(ContactTimeText::timeLeft(now + 24h * 7 - 1s, now) == QStringLiteral("6 days left"));
    CHECK(ContactTimeText::timeLeft(now + 90min, now) == QStringLiteral("1 hour left"));
    CHECK(ContactTimeText::timeLeft(now - 1s, now) == QStringLiteral("expired"));
}

TEST_CASE("the details dialog renames a contact and verifies it by scanning and deletes it",
          "[ui][contacts]") {
    chive::transport::LoopbackNetwork network;
    Person alice(network, "alice");
    Person bob(network, "bob");
    befriend(alice, QStringLiteral("Bob"), bob, QStringLiteral("Alice"));
    QTemporaryDir dir;
    REQUIRE(dir.isValid());

    ContactDetailsDialog details(alice.messenger(), alice.bridge, alice.idOf("Bob"));
    details.show();
    CHECK(details.safetyNumberText().count(QLatin1Char('\n')) == 2);

    details.aliasField().selectAll();
    QTest::keyClicks(&details.aliasField(), QStringLiteral("Robert"));
    QTest::keyClick(&details.aliasField(), Qt::Key_Return);
    REQUIRE(waitFor([&] { return alice.rowOf(QStringLiteral("Robert")) >= 0; }));
    CHECK(alice.rowOf(QStringLiteral("Bob")) < 0);

    // Scanning something that is not a safety number, and a different
    // number, leave the contact unverified and say why.
    details.loadVerificationQrFile(savedQr(dir, QStringLiteral("link.png"), "hello"));
    REQUIRE(waitFor([&] { return !details.scanResultText().isEmpty(); }, 10000));
    CHECK_THAT(details.scanResultText().toStdString(),
               ContainsSubstring("not a Chive safety number"));
    details.loadVerificationQrFile(
        savedQr(dir, QStringLiteral("other.png"), "CHIVE-SAFETY:" + std::string(60, '7')));
    REQUIRE(
        waitFor([&] { return details.scanResultText().contains(QStringLiteral("NOT")); }, 10000));
    CHECK_THAT(details.scanResultText().toStdString(), ContainsSubstring("Robert"));
    CHECK_FALSE(alice.data("Robert", ContactListModel::VerifiedRole).toBool());

    // Bob shows his verification code; Alice scans a picture of it.
    ContactDetailsDialog bobsDetails(bob.messenger(), bob.bridge, bob.idOf("Alice"));
    CHECK(bobsDetails.safetyNumberText() == details.safetyNumberText());
    const QString bobsCode = dir.filePath(QStringLiteral("bob-verify.png"));
    REQUIRE(bobsDetails.verificationQr().save(bobsCode, "PNG"));
    details.loadVerificationQrFile(bobsCode);
    REQUIRE(waitFor([&] { return details.scanResultText().contains(QStringLiteral("match.")); },
                    10000));
    REQUIRE(waitFor([&] { return alice.data("Robert", ContactListModel::VerifiedRole).toBool(); }));
    CHECK(details.verifyButton().text().contains(QStringLiteral("Unverify")));
    QTest::mouseClick(&details.verifyButton(), Qt::LeftButton);
    REQUIRE(
        waitFor([&] { return !alice.data("Robert", ContactListModel::VerifiedRole).toBool(); }));

    // Deleting asks first, naming the contact.
    QString question;
    answerNextMessageBox(QMessageBox::No, question);
    CHECK_FALSE(details.deleteContact());
    CHECK(question.contains(QStringLiteral("Robert")));
    CHECK(alice.rowOf(QStringLiteral("Robert")) >= 0);
    answerNextMessageBox(QMessageBox::Yes, question);
    CHECK(details.deleteContact());
    REQUIRE(waitFor([&] { return alice.pane->contacts().rowCount() == 0; }));
    CHECK(details.result() == QDialog::Accepted);
}

TEST_CASE("deleting the conversation clears the preview", "[ui][contacts]") {
    chive::transport::LoopbackNetwork network;
    Person alice(network, "alice");
    Person bob(network, "bob");
    befriend(alice, QStringLiteral("Bob"), bob, QStringLiteral("Alice"));
    sendAs(alice, alice.idOf("Bob"), "soon gone");
    REQUIRE(waitFor([&] {
        return alice.data("Bob", ContactListModel::PreviewRole).toString().contains("soon gone");
    }));
    ContactDetailsDialog details(alice.messenger(), alice.bridge, alice.idOf("Bob"));
    QString question;
    answerNextMessageBox(QMessageBox::Yes, question);
    CHECK(details.deleteConversation());
    CHECK(question.contains(QStringLiteral("Bob")));
    REQUIRE(waitFor(
        [&] { return alice.data("Bob", ContactListModel::PreviewRole).toString().isEmpty(); }));
    CHECK(alice.data("Bob", ContactListModel::LastActivityRole).toLongLong() == -1);
}

TEST_CASE("aliases and previews with HTML and bidi overrides are shown as plain text",
          "[ui][contacts]") {
    chive::transport::LoopbackNetwork network;
    Person alice(network, "alice");
    Person bob(network, "bob");
    befriend(alice, QStringLiteral("Bob"), bob, QStringLiteral("Alice"));

    const std::string spoof = "<img src=\"http://example.invalid/x.png\"><b>Eve</b>\u202Egnp.exe";
    REQUIRE(alice.messenger().renameContact(alice.idOf("Bob"), spoof));
    sendAs(bob, bob.idOf("Alice"), "<a href=\"http://example.invalid\">click</a>\u202Eevil");
    REQUIRE(waitFor([&] {
        return alice.pane->contacts().rowCount() == 1 && alice.pane->contacts()
                                                             .index(0)
                                                             .data(ContactListModel::PreviewRole)
                                                             .toString()
                                                             .contains(QStringLiteral("click"));
    }));

    const QModelIndex row = alice.pane->sorted().index(0, 0);
    const QString alias = row.data(ContactListModel::AliasRole).toString();
    const QString preview = row.data(ContactListModel::PreviewRole).toString();
    for (const QString& shown : {alias, preview}) {
        CHECK_FALSE(shown.contains(QChar(0x202E)));
        CHECK(shown.contains(QChar(0x2068))); // wrapped in an isolate
    }
    CHECK(alias.contains(QStringLiteral("<b>Eve</b>")));
    CHECK(preview.contains(QStringLiteral("<a href=")));
    // No tool tip: a tool tip would be rendered as rich text.
    CHECK_FALSE(row.data(Qt::ToolTipRole).isValid());

    ContactDetailsDialog details(alice.messenger(), alice.bridge,
                                 ContactId(row.data(ContactListModel::IdRole).toLongLong()));
    for (auto* label : details.findChildren<QLabel*>()) {
        if (label->text().contains(QStringLiteral("Eve"))) {
            CHECK(label->textFormat() == Qt::PlainText);
        }
    }
    CHECK(details.titleText().contains(QStringLiteral("<img")));
    CHECK_FALSE(details.windowTitle().contains(QChar(0x202E)));
    CHECK_FALSE(details.aliasField().text().contains(QChar(0x202E)));

    // The delegate paints it without crashing, and reports its time text.
    QImage canvas(320, 80, QImage::Format_ARGB32);
    QPainter painter(&canvas);
    QStyleOptionViewItem option;
    option.rect = QRect(0, 0, 320, 80);
    option.font = alice.pane->font();
    option.palette = alice.pane->palette();
    alice.pane->delegate().paint(&painter, option, row);
    CHECK_FALSE(alice.pane->delegate().timeText(row).isEmpty());
}

TEST_CASE("a pending invitation can be cancelled from the list", "[ui][contacts]") {
    chive::transport::LoopbackNetwork network;
    Person alice(network, "alice");
    {
        auto dialog = openDialog(alice, QStringLiteral("Dave"));
        dialog->reject(); // closed without their link: stays pending
    }
    REQUIRE(waitFor([&] { return alice.pane->invitations().rowCount() == 1; }));
    auto& view = alice.pane->invitationView();
    alice.pane->activateWindow();
    REQUIRE(QTest::qWaitForWindowActive(alice.pane.get()));
    view.setCurrentIndex(alice.pane->invitations().index(0));
    QString question;
    answerNextMessageBox(QMessageBox::Yes, question);
    view.setFocus();
    QTest::keyClick(&view, Qt::Key_Delete);
    CHECK(question.contains(QStringLiteral("Dave")));
    REQUIRE(waitFor([&] { return alice.pane->invitations().rowCount() == 0; }));
}
