#pragma once

// CommandHandler: answers one line of the headless mode's input with one
// reply object (doc/headless.md, "Commands"). Every failure, from bad JSON
// to an engine error, becomes {"ok": false, "error": {code, message}}; the
// handler never throws and stays usable after any input.
//
// Commands that need the engine answer "locked" before an unlock and
// "unavailable" when the profile is unlocked but no messenger runs.
//
// Threads: one thread (the headless command loop). Does not own the session;
// it must outlive the handler.

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
    static constexpr std::size_t kMaxAliasLength = 256;
    static constexpr std::size_t kMaxLinkLength = 4096;
    static constexpr std::size_t kMaxMessageLength = 65536;
    static constexpr std::size_t kMaxQueryLength = 1024;
    static constexpr std::int64_t kDefaultPageSize = 50;
    static constexpr std::int64_t kMaxPageSize = 1000;

    struct Outcome {
        OutputJson reply;
        bool quit = false;
    };

    CommandHandler(ProfileSession& session, const HeadlessEvents& events);

    Outcome handle(const WipedString& line);
    // The reply to a line over the limit (LineReader::TooLong).
    static OutputJson tooLong(std::size_t limit);

private:
    // The fields of a successful reply, or the "error" object of a failed one.
    using Reply = tl::expected<OutputJson, OutputJson>;
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
    Reply newInvitation(Request& request);
    Reply addContact(Request& request);
    Reply cancelInvitation(Request& request);
    Reply invitations(Request& request);
    Reply contacts(Request& request);
    Reply contact(Request& request);
    Reply rename(Request& request);
    Reply deleteContact(Request& request);
    Reply safetyNumber(Request& request);
    Reply markVerified(Request& request);
    Reply send(Request& request);
    Reply history(Request& request);
    Reply search(Request& request);
    Reply deleteMessage(Request& request);
    Reply deleteConversation(Request& request);
    Reply markRead(Request& request);

    ProfileSession& m_session;
    const HeadlessEvents& m_events;
};

} // namespace chive::app
