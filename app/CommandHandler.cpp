#include "app/CommandHandler.h"

#include "app/HeadlessEvents.h"
#include "app/HeadlessJson.h"
#include "app/QrSvg.h"
#include "core/link/ContactLink.h"
#include "core/qr/QrCode.h"

#include <iostream>
#include <limits>
#include <utility>

namespace chive::app {

namespace {

constexpr std::int64_t kMaxId = std::numeric_limits<std::int64_t>::max();

tl::unexpected<OutputJson> failed(const core::Error& error) {
    return tl::unexpected<OutputJson>(json::error(error));
}

tl::unexpected<OutputJson> failed(std::string_view code, std::string_view message) {
    return tl::unexpected<OutputJson>(json::error(code, message));
}

OutputJson fields() {
    return OutputJson::object();
}

const char* stateName(ProfileSession::State state) {
    switch (state) {
    case ProfileSession::State::Missing:
        return "missing";
    case ProfileSession::State::Locked:
        return "locked";
    case ProfileSession::State::Unlocked:
        return "unlocked";
    }
    return "unknown";
}

OutputJson messages(const std::vector<core::StoredMessage>& list) {
    auto out = OutputJson::array();
    for (const auto& message : list) {
        out.push_back(json::message(message));
    }
    return out;
}

} // namespace

CommandHandler::CommandHandler(ProfileSession& session, const HeadlessEvents& events)
    : m_session(session)
    , m_events(events) {}

const std::map<std::string, CommandHandler::Handler, std::less<>>& CommandHandler::handlers() {
    static const std::map<std::string, Handler, std::less<>> table{
        {"help", &CommandHandler::help},
        {"create", &CommandHandler::create},
        {"unlock", &CommandHandler::unlock},
        {"lock", &CommandHandler::lock},
        {"change_password", &CommandHandler::changePassword},
        {"status", &CommandHandler::status},
        {"quit", &CommandHandler::quit},
        {"new_invitation", &CommandHandler::newInvitation},
        {"add_contact", &CommandHandler::addContact},
        {"cancel_invitation", &CommandHandler::cancelInvitation},
        {"invitations", &CommandHandler::invitations},
        {"contacts", &CommandHandler::contacts},
        {"contact", &CommandHandler::contact},
        {"rename", &CommandHandler::rename},
        {"delete_contact", &CommandHandler::deleteContact},
        {"safety_number", &CommandHandler::safetyNumber},
        {"mark_verified", &CommandHandler::markVerified},
        {"send", &CommandHandler::send},
        {"history", &CommandHandler::history},
        {"search", &CommandHandler::search},
        {"delete_message", &CommandHandler::deleteMessage},
        {"delete_conversation", &CommandHandler::deleteConversation},
        {"mark_read", &CommandHandler::markRead},
    };
    return table;
}

OutputJson CommandHandler::tooLong(std::size_t limit) {
    return json::errorReply(OutputJson(), json::error("too_large", "the line is longer than " +
                                                                       std::to_string(limit) +
                                                                       " bytes; it was skipped"));
}

CommandHandler::Outcome CommandHandler::handle(const WipedString& line) {
    auto request = Request::parse(line);
    if (!request) {
        return {json::errorReply(OutputJson(), json::error(request.error())), false};
    }
    const OutputJson& id = request->id();
    auto name = request->command();
    if (!name) {
        return {json::errorReply(id, json::error(name.error())), false};
    }
    const auto& table = handlers();
    const auto found = table.find(*name);
    if (found == table.end()) {
        // The name is the client's own text: quote it only if it is short.
        const std::string shown = name->size() <= 64 ? " \"" + *name + "\"" : "";
        return {json::errorReply(id, json::error(json::kUnknownCommand,
                                                 "unknown command" + shown + "; try \"help\"")),
                false};
    }
    Reply reply;
    try {
        reply = (this->*(found->second))(*request);
    } catch (const std::exception& error) {
        // Nothing below should throw; if it does, the loop must go on.
        std::cerr << "chive: command " << *name << " failed: " << error.what() << '\n';
        reply = failed("internal", "the command failed unexpectedly");
    }
    if (!reply) {
        return {json::errorReply(id, reply.error()), false};
    }
    auto out = json::okReply(id);
    out.update(*reply);
    return {std::move(out), found->second == &CommandHandler::quit};
}

tl::expected<core::Messenger*, OutputJson> CommandHandler::requireMessenger() {
    if (m_session.state() != ProfileSession::State::Unlocked) {
        return failed(json::kLocked, "the profile is locked: unlock it first");
    }
    auto* messenger = m_session.messenger();
    if (messenger == nullptr) {
        const auto* why = m_session.runtimeError();
        return failed(json::kUnavailable, why != nullptr
                                              ? "the messenger is not running: " + why->message
                                              : std::string("the messenger is not running"));
    }
    return messenger;
}

// A member like the others, for the command table.
// NOLINTNEXTLINE(readability-convert-member-functions-to-static)
CommandHandler::Reply CommandHandler::help(Request& /*request*/) {
    auto names = OutputJson::array();
    for (const auto& entry : handlers()) {
        names.push_back(entry.first);
    }
    auto out = fields();
    out["commands"] = std::move(names);
    return out;
}

CommandHandler::Reply CommandHandler::create(Request& request) {
    auto password = request.password("password");
    if (!password) {
        return failed(password.error());
    }
    if (auto rc = m_session.create(*password); !rc) {
        return failed(rc.error());
    }
    auto out = fields();
    out["profile"] = stateName(m_session.state());
    return out;
}

CommandHandler::Reply CommandHandler::unlock(Request& request) {
    auto password = request.password("password");
    if (!password) {
        return failed(password.error());
    }
    if (auto rc = m_session.unlock(*password); !rc) {
        return failed(rc.error());
    }
    auto out = fields();
    out["profile"] = stateName(m_session.state());
    return out;
}

CommandHandler::Reply CommandHandler::lock(Request& /*request*/) {
    if (auto rc = m_session.lock(); !rc) {
        return failed(json::kLocked, rc.error().message);
    }
    auto out = fields();
    out["profile"] = stateName(m_session.state());
    return out;
}

CommandHandler::Reply CommandHandler::changePassword(Request& request) {
    // Both fields are taken (and so wiped) before anything can fail.
    auto oldPassword = request.password("old_password");
    auto newPassword = request.password("new_password");
    if (!oldPassword) {
        return failed(oldPassword.error());
    }
    if (!newPassword) {
        return failed(newPassword.error());
    }
    if (m_session.state() != ProfileSession::State::Unlocked) {
        return failed(json::kLocked, "the profile is locked: unlock it first");
    }
    if (auto rc = m_session.changePassword(*oldPassword, *newPassword); !rc) {
        return failed(rc.error());
    }
    return fields();
}

CommandHandler::Reply CommandHandler::status(Request& /*request*/) {
    auto out = fields();
    const auto state = m_session.state();
    out["profile"] = stateName(state);
    const auto bootstrap = m_events.bootstrap();
    out["tor"] = bootstrap ? json::bootstrap(*bootstrap) : OutputJson();
    auto* messenger = m_session.messenger();
    out["messenger"] = messenger != nullptr;
    if (messenger == nullptr) {
        return out;
    }
    auto contacts = messenger->contacts();
    if (!contacts) {
        return failed(contacts.error());
    }
    auto invitations = messenger->invitations();
    if (!invitations) {
        return failed(invitations.error());
    }
    std::uint64_t unread = 0;
    std::uint64_t connected = 0;
    std::uint64_t online = 0;
    for (const auto& contact : *contacts) {
        unread += contact.unread;
        connected += contact.state == core::ContactState::Connected ? 1U : 0U;
        online += contact.presence == core::Presence::Online ? 1U : 0U;
    }
    out["contacts"] = contacts->size();
    out["connected"] = connected;
    out["online"] = online;
    out["invitations"] = invitations->size();
    out["unread"] = unread;
    return out;
}

// A member like the others, for the command table.
// NOLINTNEXTLINE(readability-convert-member-functions-to-static)
CommandHandler::Reply CommandHandler::quit(Request& /*request*/) {
    return fields();
}

CommandHandler::Reply CommandHandler::newInvitation(Request& request) {
    auto alias = request.text("alias", kMaxAliasLength);
    if (!alias) {
        return failed(alias.error());
    }
    auto withQr = request.flag("qr", false);
    if (!withQr) {
        return failed(withQr.error());
    }
    auto messenger = requireMessenger();
    if (!messenger) {
        return tl::unexpected(messenger.error());
    }
    auto invitation = (*messenger)->createInvitation(*alias);
    if (!invitation) {
        return failed(invitation.error());
    }
    auto out = fields();
    out["invitation"] = json::invitation(*invitation);
    if (*withQr) {
        auto link = core::ContactLink::parse(invitation->link);
        if (!link) {
            return failed(link.error());
        }
        const auto qrText = link->toQrText();
        auto code = core::QrCode::encode(qrText);
        if (!code) {
            return failed(code.error());
        }
        out["qr_text"] = qrText;
        out["qr_svg"] = qrSvg(*code);
    }
    return out;
}

CommandHandler::Reply CommandHandler::addContact(Request& request) {
    auto link = request.text("link", kMaxLinkLength);
    if (!link) {
        return failed(link.error());
    }
    auto invitationId = request.optionalInteger("invitation", 1, kMaxId);
    if (!invitationId) {
        return failed(invitationId.error());
    }
    std::optional<std::string> alias;
    if (!*invitationId) {
        auto text = request.text("alias", kMaxAliasLength);
        if (!text) {
            return failed(text.error());
        }
        alias = std::move(*text);
    }
    auto messenger = requireMessenger();
    if (!messenger) {
        return tl::unexpected(messenger.error());
    }
    auto out = fields();
    if (*invitationId) {
        const core::InvitationId id(**invitationId);
        if (auto rc = (*messenger)->enterPeerLink(id, *link); !rc) {
            return failed(rc.error());
        }
        out["invitation"] = OutputJson();
        auto all = (*messenger)->invitations();
        if (all) {
            for (const auto& invitation : *all) {
                if (invitation.id == id) {
                    out["invitation"] = json::invitation(invitation);
                }
            }
        }
        return out;
    }
    auto invitation = (*messenger)->addContactFromLink(*alias, *link);
    if (!invitation) {
        return failed(invitation.error());
    }
    out["invitation"] = json::invitation(*invitation);
    return out;
}

CommandHandler::Reply CommandHandler::cancelInvitation(Request& request) {
    auto id = request.integer("invitation", 1, kMaxId);
    if (!id) {
        return failed(id.error());
    }
    auto messenger = requireMessenger();
    if (!messenger) {
        return tl::unexpected(messenger.error());
    }
    if (auto rc = (*messenger)->cancelInvitation(core::InvitationId(*id)); !rc) {
        return failed(rc.error());
    }
    return fields();
}

CommandHandler::Reply CommandHandler::invitations(Request& /*request*/) {
    auto messenger = requireMessenger();
    if (!messenger) {
        return tl::unexpected(messenger.error());
    }
    auto list = (*messenger)->invitations();
    if (!list) {
        return failed(list.error());
    }
    auto out = fields();
    out["invitations"] = OutputJson::array();
    for (const auto& invitation : *list) {
        out["invitations"].push_back(json::invitation(invitation));
    }
    return out;
}

CommandHandler::Reply CommandHandler::contacts(Request& /*request*/) {
    auto messenger = requireMessenger();
    if (!messenger) {
        return tl::unexpected(messenger.error());
    }
    auto list = (*messenger)->contacts();
    if (!list) {
        return failed(list.error());
    }
    auto out = fields();
    out["contacts"] = OutputJson::array();
    for (const auto& contact : *list) {
        out["contacts"].push_back(json::contact(contact));
    }
    return out;
}

CommandHandler::Reply CommandHandler::contact(Request& request) {
    auto id = request.integer("contact", 1, kMaxId);
    if (!id) {
        return failed(id.error());
    }
    auto messenger = requireMessenger();
    if (!messenger) {
        return tl::unexpected(messenger.error());
    }
    auto contact = (*messenger)->contact(core::ContactId(*id));
    if (!contact) {
        return failed(contact.error());
    }
    auto out = fields();
    out["contact"] = json::contact(*contact);
    return out;
}

CommandHandler::Reply CommandHandler::rename(Request& request) {
    auto id = request.integer("contact", 1, kMaxId);
    if (!id) {
        return failed(id.error());
    }
    auto alias = request.text("alias", kMaxAliasLength);
    if (!alias) {
        return failed(alias.error());
    }
    auto messenger = requireMessenger();
    if (!messenger) {
        return tl::unexpected(messenger.error());
    }
    if (auto rc = (*messenger)->renameContact(core::ContactId(*id), *alias); !rc) {
        return failed(rc.error());
    }
    return fields();
}

CommandHandler::Reply CommandHandler::deleteContact(Request& request) {
    auto id = request.integer("contact", 1, kMaxId);
    if (!id) {
        return failed(id.error());
    }
    auto messenger = requireMessenger();
    if (!messenger) {
        return tl::unexpected(messenger.error());
    }
    if (auto rc = (*messenger)->deleteContact(core::ContactId(*id)); !rc) {
        return failed(rc.error());
    }
    return fields();
}

CommandHandler::Reply CommandHandler::safetyNumber(Request& request) {
    auto id = request.integer("contact", 1, kMaxId);
    if (!id) {
        return failed(id.error());
    }
    auto messenger = requireMessenger();
    if (!messenger) {
        return tl::unexpected(messenger.error());
    }
    auto number = (*messenger)->safetyNumber(core::ContactId(*id));
    if (!number) {
        return failed(number.error());
    }
    auto out = fields();
    out["safety_number"] = *number;
    return out;
}

CommandHandler::Reply CommandHandler::markVerified(Request& request) {
    auto id = request.integer("contact", 1, kMaxId);
    if (!id) {
        return failed(id.error());
    }
    auto verified = request.flag("verified", true);
    if (!verified) {
        return failed(verified.error());
    }
    auto messenger = requireMessenger();
    if (!messenger) {
        return tl::unexpected(messenger.error());
    }
    if (auto rc = (*messenger)->setVerified(core::ContactId(*id), *verified); !rc) {
        return failed(rc.error());
    }
    return fields();
}

CommandHandler::Reply CommandHandler::send(Request& request) {
    auto id = request.integer("contact", 1, kMaxId);
    if (!id) {
        return failed(id.error());
    }
    auto text = request.text("text", kMaxMessageLength);
    if (!text) {
        return failed(text.error());
    }
    auto messenger = requireMessenger();
    if (!messenger) {
        return tl::unexpected(messenger.error());
    }
    auto message = (*messenger)->sendMessage(core::ContactId(*id), *text);
    if (!message) {
        return failed(message.error());
    }
    auto out = fields();
    out["message"] = json::message(*message);
    return out;
}

CommandHandler::Reply CommandHandler::history(Request& request) {
    auto id = request.integer("contact", 1, kMaxId);
    if (!id) {
        return failed(id.error());
    }
    auto before = request.optionalInteger("before", 1, kMaxId);
    if (!before) {
        return failed(before.error());
    }
    auto limit = request.optionalInteger("limit", 1, kMaxPageSize);
    if (!limit) {
        return failed(limit.error());
    }
    auto messenger = requireMessenger();
    if (!messenger) {
        return tl::unexpected(messenger.error());
    }
    const auto pageSize = static_cast<std::size_t>(limit->value_or(kDefaultPageSize));
    std::optional<core::MessageRowId> from;
    if (*before) {
        from = core::MessageRowId(**before);
    }
    auto page = (*messenger)->history(core::ContactId(*id), from, pageSize);
    if (!page) {
        return failed(page.error());
    }
    auto out = fields();
    out["messages"] = messages(*page);
    // A full page may have older messages before it: page on from its
    // first row.
    out["next_before"] = page->size() == pageSize && !page->empty()
                             ? OutputJson(page->front().rowId.value())
                             : OutputJson();
    return out;
}

CommandHandler::Reply CommandHandler::search(Request& request) {
    auto query = request.text("query", kMaxQueryLength);
    if (!query) {
        return failed(query.error());
    }
    auto id = request.optionalInteger("contact", 1, kMaxId);
    if (!id) {
        return failed(id.error());
    }
    auto limit = request.optionalInteger("limit", 1, kMaxPageSize);
    if (!limit) {
        return failed(limit.error());
    }
    auto messenger = requireMessenger();
    if (!messenger) {
        return tl::unexpected(messenger.error());
    }
    std::optional<core::ContactId> contact;
    if (*id) {
        contact = core::ContactId(**id);
    }
    auto found =
        (*messenger)
            ->search(*query, contact, static_cast<std::size_t>(limit->value_or(kDefaultPageSize)));
    if (!found) {
        return failed(found.error());
    }
    auto out = fields();
    out["messages"] = messages(*found);
    return out;
}

CommandHandler::Reply CommandHandler::deleteMessage(Request& request) {
    auto row = request.integer("message", 1, kMaxId);
    if (!row) {
        return failed(row.error());
    }
    auto messenger = requireMessenger();
    if (!messenger) {
        return tl::unexpected(messenger.error());
    }
    if (auto rc = (*messenger)->deleteMessage(core::MessageRowId(*row)); !rc) {
        return failed(rc.error());
    }
    return fields();
}

CommandHandler::Reply CommandHandler::deleteConversation(Request& request) {
    auto id = request.integer("contact", 1, kMaxId);
    if (!id) {
        return failed(id.error());
    }
    auto messenger = requireMessenger();
    if (!messenger) {
        return tl::unexpected(messenger.error());
    }
    if (auto rc = (*messenger)->deleteConversation(core::ContactId(*id)); !rc) {
        return failed(rc.error());
    }
    return fields();
}

CommandHandler::Reply CommandHandler::markRead(Request& request) {
    auto id = request.integer("contact", 1, kMaxId);
    if (!id) {
        return failed(id.error());
    }
    auto messenger = requireMessenger();
    if (!messenger) {
        return tl::unexpected(messenger.error());
    }
    if (auto rc = (*messenger)->markRead(core::ContactId(*id)); !rc) {
        return failed(rc.error());
    }
    return fields();
}

} // namespace chive::app
