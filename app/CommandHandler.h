#pragma once

// CommandHandler: answers one line of the headless mode's input with one
// reply object (doc/headless.md, "Commands"). It parses the line, runs the
// profile commands itself and hands the engine's to MessengerCommands.
// Every failure, from bad JSON to an engine error, becomes {"ok": false,
// "error": {code, message}}; the handler never throws and stays usable
// after any input.
//
// Commands that need the engine answer "locked" before an unlock and
// "unavailable" when the profile is unlocked but no messenger runs.
//
// Threads: one thread (the headless command loop). Does not own the session;
// it must outlive the handler.

#include "app/HeadlessJson.h"
#include "app/MessengerCommands.h"
#include "app/ProfileSession.h"
#include "app/Request.h"
#include "app/WipingAllocator.h"

#include <tl/expected.hpp>

#include <cstddef>
#include <map>
#include <string>

namespace chive::app {

class HeadlessEvents;

class CommandHandler {
public:
    struct Outcome {
        OutputJson reply;
        bool quit = false;
    };

    CommandHandler(ProfileSession& session, const HeadlessEvents& events);
    ~CommandHandler() = default;
    // MessengerCommands holds a callback into this object.
    CommandHandler(const CommandHandler&) = delete;
    CommandHandler& operator=(const CommandHandler&) = delete;
    CommandHandler(CommandHandler&&) = delete;
    CommandHandler& operator=(CommandHandler&&) = delete;

    Outcome handle(const WipedString& line);
    // The reply to a line over the limit (LineReader::TooLong).
    static OutputJson tooLong(std::size_t limit);

private:
    using Reply = json::CommandReply;
    using Handler = Reply (CommandHandler::*)(Request&);

    static const std::map<std::string, Handler, std::less<>>& handlers();
    tl::expected<core::Messenger*, OutputJson> requireMessenger();

    Reply help(Request& request);
    Reply create(Request& request);
    Reply unlock(Request& request);
    Reply lock(Request& request);
    Reply changePassword(Request& request);
    Reply status(Request& request);
    Reply quit(Request& request);

    ProfileSession& m_session;
    const HeadlessEvents& m_events;
    MessengerCommands m_messengerCommands;
};

} // namespace chive::app
