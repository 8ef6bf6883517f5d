#include "ui/MainView.h"

#include "core/engine/Messenger.h"
#include "ui/MessengerBridge.h"
#include "ui/TorBanner.h"

#include <QLabel>
#include <QSplitter>
#include <QVBoxLayout>

// The panes are built by their own engineers; until a pane's header exists,
// a plain placeholder stands in its place.
#if __has_include("ui/ContactsPane.h")
#include "ui/ContactsPane.h"
#define CHIVE_HAVE_CONTACTS_PANE 1
#endif
#if __has_include("ui/ConversationPane.h")
#include "ui/ConversationPane.h"
#define CHIVE_HAVE_CONVERSATION_PANE 1
#endif

namespace chive::ui {

MainView::MainView(core::Messenger& messenger, MessengerBridge& bridge, TorStatusModel& torStatus,
                   QWidget* parent)
    : QWidget(parent) {
    setAccessibleName(tr("Contacts and conversation"));
    m_banner = new TorBanner(torStatus, this);
    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->setAccessibleName(tr("Contacts and conversation"));

#ifdef CHIVE_HAVE_CONTACTS_PANE
    auto* contacts = new ContactsPane(messenger, bridge, m_splitter);
    connect(contacts, &ContactsPane::contactSelected, this, &MainView::showContact);
    connect(contacts, &ContactsPane::addContactRequested, this, &MainView::addContactRequested);
    connect(contacts, &ContactsPane::detailsRequested, this, &MainView::detailsRequested);
    connect(contacts, &ContactsPane::unreadChanged, this, &MainView::unreadChanged);
    m_contacts = contacts;
#else
    m_contacts = new QLabel(tr("Contacts"), m_splitter);
#endif
#ifdef CHIVE_HAVE_CONVERSATION_PANE
    auto* conversation = new ConversationPane(messenger, bridge, m_splitter);
    connect(conversation, &ConversationPane::detailsRequested, this, &MainView::detailsRequested);
    m_conversation = conversation;
#else
    m_conversation = new QLabel(tr("Choose a contact to start talking."), m_splitter);
#endif
    (void)messenger;
    connect(&bridge, &MessengerBridge::contactRemoved, this, [this](core::ContactId contact) {
        if (m_current == contact) {
            m_current.reset();
        }
    });
    m_splitter->addWidget(m_contacts);
    m_splitter->addWidget(m_conversation);
    m_splitter->setStretchFactor(0, 1);
    m_splitter->setStretchFactor(1, 3);
    m_splitter->setSizes({280, 720});

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_banner);
    layout->addWidget(m_splitter, 1);
}

void MainView::selectContact(core::ContactId contact) {
#ifdef CHIVE_HAVE_CONTACTS_PANE
    static_cast<ContactsPane*>(m_contacts)->selectContact(contact);
#endif
    showContact(contact);
}

void MainView::showContact(core::ContactId contact) {
    if (m_current == contact) {
        return;
    }
    m_current = contact;
#ifdef CHIVE_HAVE_CONVERSATION_PANE
    static_cast<ConversationPane*>(m_conversation)->showContact(contact);
#endif
}

} // namespace chive::ui
