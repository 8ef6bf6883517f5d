#include "app/MessengerCommands.h"

#include "app/HeadlessJson.h"
#include "app/QrSvg.h"
#include "core/link/ContactLink.h"
#include "core/qr/QrCode.h"

#include <limits>
#include <utility>

namespace chive::app {

namespace {

constexpr std::int64_t kMaxId = std::numeric_limits<std::int64_t>::max();

OutputJson fields() {
    return OutputJson::object();
}

// The reply to a command whose answer is only success or an error.
MessengerCommands::Reply done(const core::Status& status) {
    if (!status) {
        return json::failed(status.error());
    }
    return fields();
}

OutputJson messages(const std::vector<core::StoredMessage>& list) {
    auto out = OutputJson::array();
    for (const auto& message : list) {
        out.push_back(json::message(message));
    }
    return out;
}

} // namespace

MessengerCommands::MessengerCommands(Access messenger)
    : m_messenger(std::move(messenger)) {}

const std::map<std::string, MessengerCommands::Handler, std::less<>>& MessengerCommands::table() {
    static const std::map<std::string, Handler, std::less<>> commands{
        {"new_invitation", &MessengerCommands::newInvitation},
        {"add_contact", &MessengerCommands::addContact},
        {"cancel_invitation", &MessengerCommands::cancelInvitation},
        {"invitations", &MessengerCommands::invitations},
        {"contacts", &MessengerCommands::contacts},
        {"contact", &MessengerCommands::contact},
        {"rename", &MessengerCommands::rename},
        {"delete_contact", &MessengerCommands::deleteContact},
        {"safety_number", &MessengerCommands::safetyNumber},
        {"mark_verified", &MessengerCommands::markVerified},
        {"send", &MessengerCommands::send},
        {"history", &MessengerCommands::history},
        {"search", &MessengerCommands::search},
        {"delete_message", &MessengerCommands::deleteMessage},
        {"delete_conversation", &MessengerCommands::deleteConversation},
        {"mark_read", &MessengerCommands::markRead},
    };
    return commands;
}

MessengerCommands::Reply MessengerCommands::newInvitation(Request& request) {
    auto alias = request.text("alias", kMaxAliasLength);
    if (!alias) {
        return json::failed(alias.error());
    }
    auto withQr = request.flag("qr", false);
    if (!withQr) {
        return json::failed(withQr.error());
    }
    auto messenger = m_messenger();
    if (!messenger) {
        return tl::unexpected(messenger.error());
    }
    auto invitation = (*messenger)->createInvitation(*alias);
    if (!invitation) {
        return json::failed(invitation.error());
    }
    auto out = fields();
    out["invitation"] = json::invitation(*invitation);
    if (*withQr) {
        auto link = core::ContactLink::parse(invitation->link);
        if (!link) {
            return json::failed(link.error());
        }
        const auto qrText = link->toQrText();
        auto code = core::QrCode::encode(qrText);
        if (!code) {
            return json::failed(code.error());
        }
        out["qr_text"] = qrText;
        out["qr_svg"] = qrSvg(*code);
    }
    return out;
}

MessengerCommands::Reply MessengerCommands::addContact(Request& request) {
    auto link = request.text("link", kMaxLinkLength);
    if (!link) {
        return json::failed(link.error());
    }
    auto invitationId = request.optionalInteger("invitation", 1, kMaxId);
    if (!invitationId) {
        return json::failed(invitationId.error());
    }
    std::optional<std::string> alias;
    if (!*invitationId) {
        auto text = request.text("alias", kMaxAliasLength);
        if (!text) {
            return json::failed(text.error());
        }
        alias = std::move(*text);
    }
    auto messenger = m_messenger();
    if (!messenger) {
        return tl::unexpected(messenger.error());
    }
    auto out = fields();
    if (*invitationId) {
        const core::InvitationId id(**invitationId);
        if (auto rc = (*messenger)->enterPeerLink(id, *link); !rc) {
            return json::failed(rc.error());
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
        return json::failed(invitation.error());
    }
    out["invitation"] = json::invitation(*invitation);
    return out;
}

MessengerCommands::Reply MessengerCommands::cancelInvitation(Request& request) {
    auto id = request.integer("invitation", 1, kMaxId);
    if (!id) {
        return json::failed(id.error());
    }
    return withMessenger([&](core::Messenger& messenger) {
        return done(messenger.cancelInvitation(core::InvitationId(*id)));
    });
}

MessengerCommands::Reply MessengerCommands::invitations(Request& /*request*/) {
    auto messenger = m_messenger();
    if (!messenger) {
        return tl::unexpected(messenger.error());
    }
    auto list = (*messenger)->invitations();
    if (!list) {
        return json::failed(list.error());
    }
    auto out = fields();
    out["invitations"] = OutputJson::array();
    for (const auto& invitation : *list) {
        out["invitations"].push_back(json::invitation(invitation));
    }
    return out;
}

MessengerCommands::Reply MessengerCommands::contacts(Request& /*request*/) {
    auto messenger = m_messenger();
    if (!messenger) {
        return tl::unexpected(messenger.error());
    }
    auto list = (*messenger)->contacts();
    if (!list) {
        return json::failed(list.error());
    }
    auto out = fields();
    out["contacts"] = OutputJson::array();
    for (const auto& contact : *list) {
        out["contacts"].push_back(json::contact(contact));
    }
    return out;
}

MessengerCommands::Reply MessengerCommands::contact(Request& request) {
    auto id = request.integer("contact", 1, kMaxId);
    if (!id) {
        return json::failed(id.error());
    }
    auto messenger = m_messenger();
    if (!messenger) {
        return tl::unexpected(messenger.error());
    }
    auto contact = (*messenger)->contact(core::ContactId(*id));
    if (!contact) {
        return json::failed(contact.error());
    }
    auto out = fields();
    out["contact"] = json::contact(*contact);
    return out;
}

MessengerCommands::Reply MessengerCommands::rename(Request& request) {
    auto id = request.integer("contact", 1, kMaxId);
    if (!id) {
        return json::failed(id.error());
    }
    auto alias = request.text("alias", kMaxAliasLength);
    if (!alias) {
        return json::failed(alias.error());
    }
    return withMessenger([&](core::Messenger& messenger) {
        return done(messenger.renameContact(core::ContactId(*id), *alias));
    });
}

MessengerCommands::Reply MessengerCommands::deleteContact(Request& request) {
    auto id = request.integer("contact", 1, kMaxId);
    if (!id) {
        return json::failed(id.error());
    }
    return withMessenger([&](core::Messenger& messenger) {
        return done(messenger.deleteContact(core::ContactId(*id)));
    });
}

MessengerCommands::Reply MessengerCommands::safetyNumber(Request& request) {
    auto id = request.integer("contact", 1, kMaxId);
    if (!id) {
        return json::failed(id.error());
    }
    auto messenger = m_messenger();
    if (!messenger) {
        return tl::unexpected(messenger.error());
    }
    auto number = (*messenger)->safetyNumber(core::ContactId(*id));
    if (!number) {
        return json::failed(number.error());
    }
    auto out = fields();
    out["safety_number"] = *number;
    return out;
}

MessengerCommands::Reply MessengerCommands::markVerified(Request& request) {
    auto id = request.integer("contact", 1, kMaxId);
    if (!id) {
        return json::failed(id.error());
    }
    auto verified = request.flag("verified", true);
    if (!verified) {
        return json::failed(verified.error());
    }
    return withMessenger([&](core::Messenger& messenger) {
        return done(messenger.setVerified(core::ContactId(*id), *verified));
    });
}

MessengerCommands::Reply MessengerCommands::send(Request& request) {
    auto id = request.integer("contact", 1, kMaxId);
    if (!id) {
        return json::failed(id.error());
    }
    auto text = request.text("text", kMaxMessageLength);
    if (!text) {
        return json::failed(text.error());
    }
    auto messenger = m_messenger();
    if (!messenger) {
        return tl::unexpected(messenger.error());
    }
    auto message = (*messenger)->sendMessage(core::ContactId(*id), *text);
    if (!message) {
        return json::failed(message.error());
    }
    auto out = fields();
    out["message"] = json::message(*message);
    return out;
}

MessengerCommands::Reply MessengerCommands::history(Request& request) {
    auto id = request.integer("contact", 1, kMaxId);
    if (!id) {
        return json::failed(id.error());
    }
    auto before = request.optionalInteger("before", 1, kMaxId);
    if (!before) {
        return json::failed(before.error());
    }
    auto limit = request.optionalInteger("limit", 1, kMaxPageSize);
    if (!limit) {
        return json::failed(limit.error());
    }
    auto messenger = m_messenger();
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
        return json::failed(page.error());
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

MessengerCommands::Reply MessengerCommands::search(Request& request) {
    auto query = request.text("query", kMaxQueryLength);
    if (!query) {
        return json::failed(query.error());
    }
    auto id = request.optionalInteger("contact", 1, kMaxId);
    if (!id) {
        return json::failed(id.error());
    }
    auto limit = request.optionalInteger("limit", 1, kMaxPageSize);
    if (!limit) {
        return json::failed(limit.error());
    }
    auto messenger = m_messenger();
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
        return json::failed(found.error());
    }
    auto out = fields();
    out["messages"] = messages(*found);
    return out;
}

MessengerCommands::Reply MessengerCommands::deleteMessage(Request& request) {
    auto row = request.integer("message", 1, kMaxId);
    if (!row) {
        return json::failed(row.error());
    }
    return withMessenger([&](core::Messenger& messenger) {
        return done(messenger.deleteMessage(core::MessageRowId(*row)));
    });
}

MessengerCommands::Reply MessengerCommands::deleteConversation(Request& request) {
    auto id = request.integer("contact", 1, kMaxId);
    if (!id) {
        return json::failed(id.error());
    }
    return withMessenger([&](core::Messenger& messenger) {
        return done(messenger.deleteConversation(core::ContactId(*id)));
    });
}

MessengerCommands::Reply MessengerCommands::markRead(Request& request) {
    auto id = request.integer("contact", 1, kMaxId);
    if (!id) {
        return json::failed(id.error());
    }
    return withMessenger(
        [&](core::Messenger& messenger) { return done(messenger.markRead(core::ContactId(*id))); });
}

} // namespace chive::app
