#pragma once

// MessengerCommands: the headless commands that drive the engine
// (doc/headless.md, "Invitations and contacts", "Messages"): each checks its
// fields, then asks for the messenger (which fails with "locked" or
// "unavailable" when there is none) and turns the engine's answer into the
// fields of a reply or an error object. Field errors come first, so a
// malformed command gets the same answer whether or not a profile is open.
//
// Threads: the headless command loop only. The messenger returned by
// `Access` is used within one command and not kept.

#include "app/HeadlessJson.h"
#include "app/Request.h"
#include "core/engine/Messenger.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <utility>

namespace chive::app {

class MessengerCommands {
public:
    static constexpr std::size_t kMaxAliasLength = 256;
    static constexpr std::size_t kMaxLinkLength = 4096;
    static constexpr std::size_t kMaxMessageLength = 65536;
    static constexpr std::size_t kMaxQueryLength = 1024;
    static constexpr std::int64_t kDefaultPageSize = 50;
    static constexpr std::int64_t kMaxPageSize = 1000;

    using Reply = json::CommandReply;
    using Access = std::function<tl::expected<core::Messenger*, OutputJson>()>;
    using Handler = Reply (MessengerCommands::*)(Request&);

    explicit MessengerCommands(Access messenger);

    // Command name to handler.
    static const std::map<std::string, Handler, std::less<>>& table();

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

private:
    // Asks for the messenger (a "locked"/"unavailable" reply when there is
    // none) and runs `command` on it.
    template <class Command>
    Reply withMessenger(Command&& command) {
        auto messenger = m_messenger();
        if (!messenger) {
            return tl::unexpected(messenger.error());
        }
        return std::forward<Command>(command)(**messenger);
    }

    // Reads the "contact" field, then runs `command` on the messenger and
    // that contact: for the commands that need nothing else.
    template <class Command>
    Reply withContact(Request& request, Command&& command);

    Access m_messenger;
};

} // namespace chive::app
