#include "core/SecureBuffer.h"
#include "storage/ProfileDatabase.h"

#include <catch2/catch_test_macros.hpp>

#include "tests/storage/StorageTestSupport.h"

using namespace chive;
using namespace std::chrono_literals;
using storage::test::TempDir;

namespace {

std::unique_ptr<storage::ProfileDatabase> openStore(const TempDir& dir,
                                                    const core::SecureBuffer& key) {
    auto db = storage::ProfileDatabase::open(dir.path() / "profile.db", key.span(),
                                             storage::Database::OpenMode::CreateIfMissing);
    REQUIRE(db);
    return std::move(*db);
}

core::Timestamp at(std::int64_t millis) {
    return core::Timestamp(std::chrono::milliseconds(millis));
}

core::ContactId addContact(core::ProfileStore& store, const std::string& alias) {
    core::NewContact contact{alias, core::ContactState::Connected, {1, 2, 3}};
    const std::vector<std::uint8_t> secret = {9, 9, 9};
    auto id = store.contacts().add(contact, secret, at(1000));
    REQUIRE(id);
    return *id;
}

} // namespace

TEST_CASE("Settings round-trip, overwrite and removal", "[storage][repository][settings]") {
    TempDir dir;
    const auto key = core::SecureBuffer::random(32);
    {
        auto store = openStore(dir, key);
        auto& settings = store->settings();
        CHECK(settings.get("missing").value() == std::nullopt);
        REQUIRE(settings.setText("display.theme", "dark"));
        REQUIRE(settings.set("blob", std::vector<std::uint8_t>{0, 1, 255}));
        REQUIRE(settings.setText("display.theme", "light"));
        REQUIRE(settings.set("empty", std::vector<std::uint8_t>{}));
    }
    auto store = openStore(dir, key); // survives closing
    auto& settings = store->settings();
    CHECK(settings.getText("display.theme").value() == "light");
    CHECK(settings.get("blob").value() == std::vector<std::uint8_t>{0, 1, 255});
    CHECK(settings.get("empty").value() == std::vector<std::uint8_t>{});
    REQUIRE(settings.remove("blob"));
    CHECK(settings.get("blob").value() == std::nullopt);
}

TEST_CASE("Contacts round-trip with their keys and state changes",
          "[storage][repository][contacts]") {
    TempDir dir;
    const auto key = core::SecureBuffer::random(32);
    core::ContactId bob;
    {
        auto store = openStore(dir, key);
        auto& contacts = store->contacts();
        const std::vector<std::uint8_t> secret = {0xde, 0xad, 0xbe, 0xef};
        auto added = contacts.add({"Bob", core::ContactState::Pending, {7, 7}}, secret, at(100));
        REQUIRE(added);
        bob = *added;
        REQUIRE(contacts.add({"Alice", core::ContactState::Connected, {}}, secret, at(50)));
        REQUIRE(contacts.rename(bob, "Bobby", at(200)));
        REQUIRE(contacts.setState(bob, core::ContactState::Connected, at(300)));
        REQUIRE(contacts.setVerification(bob, core::VerificationState::Verified, at(400)));
        REQUIRE(contacts.setPeerData(bob, std::vector<std::uint8_t>{1, 2, 3, 4}, at(500)));
        REQUIRE(contacts.setSecretKeys(bob, std::vector<std::uint8_t>{5, 6}, at(600)));
    }
    auto store = openStore(dir, key);
    auto& contacts = store->contacts();
    auto contact = contacts.get(bob);
    REQUIRE(contact);
    CHECK(contact->alias == "Bobby");
    CHECK(contact->state == core::ContactState::Connected);
    CHECK(contact->verification == core::VerificationState::Verified);
    CHECK(contact->peerData == std::vector<std::uint8_t>{1, 2, 3, 4});
    CHECK(contact->createdAt == at(100));
    CHECK(contact->updatedAt == at(600));
    auto secret = contacts.secretKeys(bob);
    REQUIRE(secret);
    CHECK(secret->equals(std::vector<std::uint8_t>{5, 6}));

    auto all = contacts.list();
    REQUIRE(all);
    REQUIRE(all->size() == 2);
    CHECK((*all)[0].alias == "Alice"); // ordered by alias
    CHECK((*all)[1] == *contact);

    REQUIRE(contacts.remove(bob));
    CHECK(contacts.get(bob).error().code == core::ErrorCode::NotFound);
    CHECK(contacts.rename(bob, "x", at(1)).error().code == core::ErrorCode::NotFound);
    CHECK(contacts.remove(bob).error().code == core::ErrorCode::NotFound);
}

TEST_CASE("Invitations round-trip and expire", "[storage][repository][invitations]") {
    TempDir dir;
    const auto key = core::SecureBuffer::random(32);
    auto store = openStore(dir, key);
    auto& invitations = store->invitations();
    const std::vector<std::uint8_t> secret = {1, 2, 3};
    auto soon = invitations.add({"Carol", "chive:one", at(2000)}, secret, at(1000));
    auto later = invitations.add({"Dave", "chive:two", at(9000)}, secret, at(1100));
    REQUIRE(soon);
    REQUIRE(later);
    REQUIRE(invitations.setPeerLink(*later, "chive:peer"));

    auto got = invitations.get(*later);
    REQUIRE(got);
    CHECK(got->alias == "Dave");
    CHECK(got->ownLink == "chive:two");
    CHECK(got->peerLink == std::optional<std::string>("chive:peer"));
    CHECK(got->createdAt == at(1100));
    CHECK(got->expiresAt == at(9000));
    CHECK(invitations.get(*soon)->peerLink == std::nullopt);
    CHECK(invitations.secret(*soon)->equals(secret));

    CHECK(invitations.listActive(at(1500))->size() == 2);
    auto active = invitations.listActive(at(2000));
    REQUIRE(active);
    REQUIRE(active->size() == 1);
    CHECK(active->front().id == *later);

    CHECK(invitations.removeExpired(at(2000)).value() == 1);
    CHECK(invitations.get(*soon).error().code == core::ErrorCode::NotFound);
    REQUIRE(invitations.remove(*later));
    CHECK(invitations.listActive(at(0))->empty());
}

TEST_CASE("Messages round-trip, page, deduplicate and move through delivery states",
          "[storage][repository][messages]") {
    TempDir dir;
    const auto key = core::SecureBuffer::random(32);
    auto store = openStore(dir, key);
    auto& messages = store->messages();
    const auto bob = addContact(*store, "Bob");
    const auto carol = addContact(*store, "Carol");

    auto first = messages.addOutgoing(bob, "hello bob", at(10));
    auto second = messages.addOutgoing(bob, "are you there", at(20));
    REQUIRE(first);
    REQUIRE(second);
    CHECK(first->id == core::MessageId(1));
    CHECK(second->id == core::MessageId(2)); // per-contact numbering
    CHECK(messages.addOutgoing(carol, "hi carol", at(30))->id == core::MessageId(1));
    CHECK(first->delivery == core::DeliveryState::Queued);

    auto incoming = messages.addIncoming(bob, core::MessageId(1), "yes, here", at(25), at(40));
    REQUIRE(incoming);
    REQUIRE(incoming->has_value());
    CHECK((*incoming)->direction == core::MessageDirection::Incoming);
    // The same message again (its acknowledgement was lost): not stored twice.
    auto duplicate = messages.addIncoming(bob, core::MessageId(1), "yes, here", at(25), at(50));
    REQUIRE(duplicate);
    CHECK(!duplicate->has_value());
    CHECK(messages.count(bob).value() == 3);

    auto got = messages.get(first->rowId);
    REQUIRE(got);
    CHECK(*got == *first);

    auto page = messages.latest(bob, 2);
    REQUIRE(page);
    REQUIRE(page->size() == 2);
    CHECK((*page)[0].body == "are you there"); // oldest first
    CHECK((*page)[1].body == "yes, here");
    auto older = messages.before(bob, (*page)[0].rowId, 50);
    REQUIRE(older);
    REQUIRE(older->size() == 1);
    CHECK(older->front() == *first);

    REQUIRE(messages.markSent(first->rowId));
    CHECK(messages.get(first->rowId)->delivery == core::DeliveryState::Sent);
    REQUIRE(messages.markDelivered(bob, first->id));
    REQUIRE(messages.markDelivered(bob, first->id)); // harmless twice
    REQUIRE(messages.markSent(first->rowId));        // never backwards
    CHECK(messages.get(first->rowId)->delivery == core::DeliveryState::Delivered);
    CHECK(messages.markDelivered(bob, core::MessageId(99)).error().code ==
          core::ErrorCode::NotFound);
    CHECK(messages.markSent((*incoming)->rowId).error().code == core::ErrorCode::InvalidArgument);
    CHECK(messages.addOutgoing(core::ContactId(999), "x", at(1)).error().code ==
          core::ErrorCode::NotFound);
    CHECK(messages.addIncoming(core::ContactId(999), core::MessageId(1), "x", at(1), at(1))
              .error()
              .code == core::ErrorCode::NotFound);
}

TEST_CASE("Search finds words, ignores FTS syntax and forgets deleted text",
          "[storage][repository][search]") {
    TempDir dir;
    const auto key = core::SecureBuffer::random(32);
    auto store = openStore(dir, key);
    auto& messages = store->messages();
    const auto bob = addContact(*store, "Bob");
    const auto carol = addContact(*store, "Carol");
    auto picnic = messages.addOutgoing(bob, "Let's have a picnic on Sunday", at(1));
    REQUIRE(picnic);
    REQUIRE(messages.addIncoming(bob, core::MessageId(1), "picnic sounds great", at(2), at(2)));
    REQUIRE(messages.addIncoming(carol, core::MessageId(1), "no picnic for me, café instead", at(3),
                                 at(3)));

    auto all = messages.search("PICNIC", std::nullopt, 10);
    REQUIRE(all);
    REQUIRE(all->size() == 3);
    CHECK(all->front().contact == carol); // newest first
    CHECK(messages.search("picnic", bob, 10)->size() == 2);
    CHECK(messages.search("picnic sunday", std::nullopt, 10)->size() == 1);
    CHECK(messages.search("cafe", std::nullopt, 10)->size() == 1); // diacritics folded
    CHECK(messages.search("\"unbalanced AND OR NEAR(", std::nullopt, 10)->empty());
    CHECK(messages.search("   ", std::nullopt, 10)->empty());

    REQUIRE(messages.remove(picnic->rowId));
    CHECK(messages.search("sunday", std::nullopt, 10)->empty());
    REQUIRE(messages.removeConversation(carol));
    CHECK(messages.search("cafe", std::nullopt, 10)->empty());
    CHECK(messages.count(carol).value() == 0);
    REQUIRE(store->contacts().remove(bob));
    CHECK(messages.search("picnic", std::nullopt, 10)->empty());
    CHECK(messages.remove(picnic->rowId).error().code == core::ErrorCode::NotFound);
}

TEST_CASE("Outbox holds unacknowledged messages across restarts", "[storage][repository][outbox]") {
    TempDir dir;
    const auto key = core::SecureBuffer::random(32);
    core::ContactId bob;
    core::StoredMessage first;
    core::StoredMessage second;
    {
        auto store = openStore(dir, key);
        bob = addContact(*store, "Bob");
        first = store->messages().addOutgoing(bob, "one", at(100)).value();
        second = store->messages().addOutgoing(bob, "two", at(200)).value();
    }
    auto store = openStore(dir, key);
    auto& outbox = store->outbox();
    auto due = outbox.due(at(150), 10);
    REQUIRE(due);
    REQUIRE(due->size() == 1);
    CHECK(due->front() == core::OutboxEntry{first.rowId, bob, first.id, 0, at(100)});
    REQUIRE(outbox.recordAttempt(first.rowId, at(1000)));
    due = outbox.due(at(500), 10);
    REQUIRE(due->size() == 1);
    CHECK(due->front().message == second.rowId);
    auto pending = outbox.forContact(bob);
    REQUIRE(pending->size() == 2);
    CHECK((*pending)[0].attempts == 1);
    CHECK((*pending)[0].nextAttemptAt == at(1000));

    REQUIRE(store->messages().markDelivered(bob, first.id));
    CHECK(outbox.forContact(bob)->size() == 1);
    REQUIRE(store->messages().remove(second.rowId));
    CHECK(outbox.forContact(bob)->empty());
    CHECK(outbox.recordAttempt(second.rowId, at(1)).error().code == core::ErrorCode::NotFound);
}

TEST_CASE("A transaction keeps all or nothing", "[storage][repository][transaction]") {
    TempDir dir;
    const auto key = core::SecureBuffer::random(32);
    auto store = openStore(dir, key);
    const auto bob = addContact(*store, "Bob");
    auto failed = store->transaction([&]() -> core::Status {
        REQUIRE(store->messages().addOutgoing(bob, "first", at(1)));
        REQUIRE(store->messages().removeConversation(bob)); // nested transaction inside
        REQUIRE(store->messages().addOutgoing(bob, "second", at(2)));
        return core::fail(core::ErrorCode::Internal, "changed my mind");
    });
    CHECK(!failed);
    CHECK(store->messages().count(bob).value() == 0);
    CHECK(store->outbox().forContact(bob)->empty());

    REQUIRE(store->transaction([&]() -> core::Status {
        auto sent = store->messages().addOutgoing(bob, "kept", at(3));
        return sent ? core::Status{} : core::fail(sent.error());
    }));
    CHECK(store->messages().count(bob).value() == 1);
    // The counter was rolled back with the failed transaction: ids stay dense.
    CHECK(store->messages().latest(bob, 1)->front().id == core::MessageId(1));
}
