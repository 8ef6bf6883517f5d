#include "ui/MainView.h"

#include "core/engine/Messenger.h"
#include "ui/ContactsPane.h"
#include "ui/ConversationPane.h"
#include "ui/MessengerBridge.h"
#include "ui/TorBanner.h"

#include <QSplitter>
#include <QVBoxLayout>

namespace chive::ui {

MainView::MainView(core::Messenger& messenger, MessengerBridge& bridge, TorStatusModel& torStatus,
                   QWidget* parent)
    : QWidget(parent) {
    setAccessibleName(tr("Contacts and conversation"));
    m_banner = new TorBanner(torStatus, this);
    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->setAccessibleName(tr("Contacts and conversation"));

    m_contacts = new ContactsPane(messenger, bridge, m_splitter);
    connect(m_contacts, &ContactsPane::contactSelected, this, &MainView::showContact);
    connect(m_contacts, &ContactsPane::addContactRequested, this, &MainView::addContactRequested);
    connect(m_contacts, &ContactsPane::detailsRequested, this, &MainView::detailsRequested);
    connect(m_contacts, &ContactsPane::unreadChanged, this, &MainView::unreadChanged);
    m_conversation = new ConversationPane(messenger, bridge, m_splitter);
    connect(m_conversation, &ConversationPane::detailsRequested, this, &MainView::detailsRequested);
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
    m_contacts->selectContact(contact);
    showContact(contact);
}

void MainView::showContact(core::ContactId contact) {
    if (m_current == contact) {
        return;
    }
    m_current = contact;
    m_conversation->showContact(contact);
}

} // namespace chive::ui
