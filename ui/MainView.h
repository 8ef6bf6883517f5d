#pragma once

// MainView: what an unlocked profile shows: the Tor banner while Tor starts,
// and a splitter with the contact list (left) and the conversation (right).
//
// Ownership: owns its panes and their models, which hold contact names and
// message text: locking deletes the whole view. The messenger, the bridge
// and the Tor status model must outlive it. Threads: GUI thread only.

#include "core/engine/MessengerEvents.h"

#include <QWidget>

#include <optional>

class QSplitter;

namespace chive::core {
class Messenger;
}

namespace chive::ui {

class ContactsPane;
class ConversationPane;
class MessengerBridge;
class TorBanner;
class TorStatusModel;

class MainView : public QWidget {
    Q_OBJECT

public:
    MainView(core::Messenger& messenger, MessengerBridge& bridge, TorStatusModel& torStatus,
             QWidget* parent = nullptr);

    [[nodiscard]] QSplitter* splitter() const { return m_splitter; }
    [[nodiscard]] TorBanner* banner() const { return m_banner; }
    [[nodiscard]] ContactsPane* contactsPane() const { return m_contacts; }
    [[nodiscard]] ConversationPane* conversationPane() const { return m_conversation; }
    // The contact whose conversation is shown.
    [[nodiscard]] std::optional<core::ContactId> currentContact() const { return m_current; }
    void selectContact(core::ContactId contact);

signals:
    void addContactRequested();
    void detailsRequested(chive::core::ContactId contact);
    void unreadChanged(int total);

private:
    void showContact(core::ContactId contact);

    TorBanner* m_banner = nullptr;
    QSplitter* m_splitter = nullptr;
    ContactsPane* m_contacts = nullptr;
    ConversationPane* m_conversation = nullptr;
    std::optional<core::ContactId> m_current;
};

} // namespace chive::ui
