#include "app/CommandHandler.h"

#include "app/HeadlessEvents.h"
#include "app/HeadlessJson.h"

#include <iostream>
#include <set>
#include <utility>

namespace chive::app {

namespace {

using json::failed;

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

} // namespace

CommandHandler::CommandHandler(ProfileSession& session, const HeadlessEvents& events)
    : m_session(session)
    , m_events(events)
    , m_messengerCommands([this] { return requireMessenger(); }) {}

const std::map<std::string, CommandHandler::Handler, std::less<>>& CommandHandler::handlers() {
    static const std::map<std::string, Handler, std::less<>> table{
        {"help", &CommandHandler::help},
        {"create", &CommandHandler::create},
        {"unlock", &CommandHandler::unlock},
        {"lock", &CommandHandler::lock},
        {"change_password", &CommandHandler::changePassword},
        {"status", &CommandHandler::status},
        {"quit", &CommandHandler::quit},
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
    const auto& profileCommands = handlers();
    const auto found = profileCommands.find(*name);
    const auto& messengerCommands = MessengerCommands::table();
    const auto engineFound = messengerCommands.find(*name);
    if (found == profileCommands.end() && engineFound == messengerCommands.end()) {
        // The name is the client's own text: quote it only if it is short.
        const std::string shown = name->size() <= 64 ? " \"" + *name + "\"" : "";
        return {json::errorReply(id, json::error(json::kUnknownCommand,
                                                 "unknown command" + shown + "; try \"help\"")),
                false};
    }
    Reply reply;
    try {
        reply = found != profileCommands.end()
                    ? (this->*(found->second))(*request)
                    : (m_messengerCommands.*(engineFound->second))(*request);
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
    return {std::move(out), *name == "quit"};
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
    std::set<std::string> names;
    for (const auto& entry : handlers()) {
        names.insert(entry.first);
    }
    for (const auto& entry : MessengerCommands::table()) {
        names.insert(entry.first);
    }
    auto out = fields();
    out["commands"] = names;
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

} // namespace chive::app
