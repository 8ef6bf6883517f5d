#include "app/MessengerCommands.h"

#include "app/HeadlessJson.h"
#include "app/QrSvg.h"
#include "core/link/ContactLink.h"
#include "core/qr/QrCode.h"

#include <limits>
#include <utility>
#include <vector>

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

// The reply to a command that returns a value: the engine's error, or the
// fields `shape` writes into a fresh object from the value.
template <class T, class Shape>
MessengerCommands::Reply answer(const core::Result<T>& result, Shape&& shape) {
    if (!result) {
        return json::failed(result.error());
    }
    auto out = fields();
    std::forward<Shape>(shape)(out, *result);
    return out;
}

// A JSON array of `shape` applied to each value.
template <class T, class Shape>
OutputJson each(const std::vector<T>& list, Shape shape) {
    auto out = OutputJson::array();
    for (const auto& value : list) {
        out.push_back(shape(value));
    }
    return out;
}

} // namespace

template <class Command>
MessengerCommands::Reply MessengerCommands::withContact(Request& request, Command&& command) {
    auto id = request.integer("contact", 1, kMaxId);
    if (!id) {
        return json::failed(id.error());
    }
    return withMessenger([&](core::Messenger& messenger) {
        return std::forward<Command>(command)(messenger, core::ContactId(*id));
    });
}

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
    return withMessenger([&](core::Messenger& messenger) -> Reply {
        auto invitation = messenger.createInvitation(*alias);
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
    });
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
    return withMessenger([&](core::Messenger& messenger) -> Reply {
        if (!*invitationId) {
            return answer(messenger.addContactFromLink(*alias, *link),
                          [](OutputJson& out, const core::InvitationView& invitation) {
                              out["invitation"] = json::invitation(invitation);
                          });
        }
        const core::InvitationId id(**invitationId);
        if (auto rc = messenger.enterPeerLink(id, *link); !rc) {
            return json::failed(rc.error());
        }
        // The peer's link is already entered: a failed listing only leaves
        // "invitation" null rather than failing the command.
        auto out = fields();
        out["invitation"] = OutputJson();
        if (auto all = messenger.invitations()) {
            for (const auto& invitation : *all) {
                if (invitation.id == id) {
                    out["invitation"] = json::invitation(invitation);
                }
            }
        }
        return out;
    });
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
    return withMessenger([](core::Messenger& messenger) {
        return answer(messenger.invitations(), [](OutputJson& out, const auto& list) {
            out["invitations"] = each(list, json::invitation);
        });
    });
}

MessengerCommands::Reply MessengerCommands::contacts(Request& /*request*/) {
    return withMessenger([](core::Messenger& messenger) {
        return answer(messenger.contacts(), [](OutputJson& out, const auto& list) {
            out["contacts"] = each(list, json::contact);
        });
    });
}

MessengerCommands::Reply MessengerCommands::contact(Request& request) {
    return withContact(request, [](core::Messenger& messenger, core::ContactId id) {
        return answer(messenger.contact(id), [](OutputJson& out, const core::ContactView& contact) {
            out["contact"] = json::contact(contact);
        });
    });
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
    return withContact(request, [](core::Messenger& messenger, core::ContactId id) {
        return done(messenger.deleteContact(id));
    });
}

MessengerCommands::Reply MessengerCommands::safetyNumber(Request& request) {
    return withContact(request, [](core::Messenger& messenger, core::ContactId id) {
        return answer(messenger.safetyNumber(id), [](OutputJson& out, const std::string& number) {
            out["safety_number"] = number;
        });
    });
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
    return withMessenger([&](core::Messenger& messenger) {
        return answer(messenger.sendMessage(core::ContactId(*id), *text),
                      [](OutputJson& out, const core::StoredMessage& message) {
                          out["message"] = json::message(message);
                      });
    });
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
    const auto pageSize = static_cast<std::size_t>(limit->value_or(kDefaultPageSize));
    std::optional<core::MessageRowId> from;
    if (*before) {
        from = core::MessageRowId(**before);
    }
    return withMessenger([&](core::Messenger& messenger) {
        return answer(messenger.history(core::ContactId(*id), from, pageSize),
                      [&](OutputJson& out, const std::vector<core::StoredMessage>& page) {
                          out["messages"] = each(page, json::message);
                          // A full page may have older messages before it:
                          // page on from its first row.
                          out["next_before"] = page.size() == pageSize && !page.empty()
                                                   ? OutputJson(page.front().rowId.value())
                                                   : OutputJson();
                      });
    });
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
    std::optional<core::ContactId> contact;
    if (*id) {
        contact = core::ContactId(**id);
    }
    const auto pageSize = static_cast<std::size_t>(limit->value_or(kDefaultPageSize));
    return withMessenger([&](core::Messenger& messenger) {
        return answer(messenger.search(*query, contact, pageSize),
                      [](OutputJson& out, const std::vector<core::StoredMessage>& found) {
                          out["messages"] = each(found, json::message);
                      });
    });
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
    return withContact(request, [](core::Messenger& messenger, core::ContactId id) {
        return done(messenger.deleteConversation(id));
    });
}

MessengerCommands::Reply MessengerCommands::markRead(Request& request) {
    return withContact(request, [](core::Messenger& messenger, core::ContactId id) {
        return done(messenger.markRead(id));
    });
}

} // namespace chive::app
