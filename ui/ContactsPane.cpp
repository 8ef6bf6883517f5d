#include "ui/ContactsPane.h"

#include "ui/AddContactDialog.h"
#include "ui/ContactDelegate.h"
#include "ui/ContactFilterModel.h"
#include "ui/ContactListModel.h"
#include "ui/InvitationListModel.h"
#include "ui/MessengerBridge.h"

#include <QAction>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

#include <chrono>

namespace chive::ui {

namespace {

// Down or Enter in the filter field moves to the first match, so the list
// is reachable without the mouse.
class FilterKeys : public QObject {
public:
    FilterKeys(QListView& view, QObject* parent)
        : QObject(parent)
        , m_view(view) {}

protected:
    bool eventFilter(QObject* watched, QEvent* event) override {
        if (event->type() == QEvent::KeyPress) {
            const auto* press = dynamic_cast<QKeyEvent*>(event);
            const int key = press != nullptr ? press->key() : 0;
            if ((key == Qt::Key_Down || key == Qt::Key_Return || key == Qt::Key_Enter) &&
                m_view.model()->rowCount() > 0) {
                m_view.setFocus(Qt::TabFocusReason);
                if (!m_view.currentIndex().isValid()) {
                    m_view.setCurrentIndex(m_view.model()->index(0, 0));
                }
                return true;
            }
        }
        return QObject::eventFilter(watched, event);
    }

private:
    QListView& m_view;
};

} // namespace

ContactsPane::ContactsPane(core::Messenger& messenger, MessengerBridge& bridge, QWidget* parent)
    : QWidget(parent)
    , m_messenger(messenger)
    , m_bridge(bridge)
    , m_contacts(new ContactListModel(messenger, bridge, this))
    , m_sorted(new ContactFilterModel(this))
    , m_invitations(new InvitationListModel(messenger, bridge, this))
    , m_delegate(new ContactDelegate(this))
    , m_filter(new QLineEdit(this))
    , m_contactView(new QListView(this))
    , m_error(new QLabel(this))
    , m_invitationView(new QListView(this)) {
    setAccessibleName(tr("Contacts"));
    m_sorted->setSourceModel(m_contacts);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);

    m_filter->setPlaceholderText(tr("Search contacts"));
    m_filter->setAccessibleName(tr("Filter contacts by name"));
    m_filter->setClearButtonEnabled(true);
    layout->addWidget(m_filter);

    m_contactView->setAccessibleName(tr("Contact list"));
    m_contactView->setModel(m_sorted);
    m_contactView->setItemDelegate(m_delegate);
    m_contactView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_contactView->setUniformItemSizes(true);
    m_contactView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_contactView->setContextMenuPolicy(Qt::CustomContextMenu);
    layout->addWidget(m_contactView, 1);
    m_filter->installEventFilter(new FilterKeys(*m_contactView, this));

    m_empty =
        new QLabel(tr("No contacts yet. Use \"Add contact\" to make a link for someone."), this);
    m_empty->setWordWrap(true);
    m_empty->setTextFormat(Qt::PlainText);
    layout->addWidget(m_empty);

    m_error->setWordWrap(true);
    m_error->setTextFormat(Qt::PlainText);
    m_error->setVisible(false);
    layout->addWidget(m_error);

    m_pendingHeader = new QLabel(tr("Pending"), this);
    QFont bold = m_pendingHeader->font();
    bold.setBold(true);
    m_pendingHeader->setFont(bold);
    layout->addWidget(m_pendingHeader);

    m_invitationView->setAccessibleName(tr("Pending invitations"));
    m_invitationView->setModel(m_invitations);
    m_invitationView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_invitationView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_invitationView->setMaximumHeight(110);
    m_pendingHeader->setBuddy(m_invitationView);
    layout->addWidget(m_invitationView);

    m_cancelInvitation = new QPushButton(tr("&Cancel invitation"), this);
    m_cancelInvitation->setAccessibleName(tr("Cancel the selected invitation"));
    m_cancelInvitation->setEnabled(false);
    auto* pendingButtons = new QHBoxLayout;
    pendingButtons->addStretch(1);
    pendingButtons->addWidget(m_cancelInvitation);
    layout->addLayout(pendingButtons);

    m_add = new QPushButton(tr("&Add contact"), this);
    m_add->setAccessibleName(tr("Add a contact"));
    layout->addWidget(m_add);

    setTabOrder(m_filter, m_contactView);
    setTabOrder(m_contactView, m_invitationView);
    setTabOrder(m_invitationView, m_cancelInvitation);
    setTabOrder(m_cancelInvitation, m_add);

    auto* details = new QAction(tr("Contact &details…"), m_contactView);
    details->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    details->setShortcutContext(Qt::WidgetShortcut);
    m_contactView->addAction(details);
    connect(details, &QAction::triggered, this, &ContactsPane::requestDetails);

    auto* cancel = new QAction(tr("Cancel invitation"), m_invitationView);
    cancel->setShortcut(QKeySequence::Delete);
    cancel->setShortcutContext(Qt::WidgetShortcut);
    m_invitationView->addAction(cancel);
    connect(cancel, &QAction::triggered, this, &ContactsPane::cancelInvitation);

    connect(m_filter, &QLineEdit::textChanged, m_sorted, &ContactFilterModel::setFilterText);
    connect(m_contactView->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex& current) { reportSelection(current, false); });
    connect(m_contactView, &QListView::activated, this,
            [this](const QModelIndex& index) { reportSelection(index, true); });
    connect(m_contactView, &QWidget::customContextMenuRequested, this,
            &ContactsPane::showContextMenu);
    connect(
        m_invitationView->selectionModel(), &QItemSelectionModel::currentChanged, this,
        [this](const QModelIndex& current) { m_cancelInvitation->setEnabled(current.isValid()); });
    connect(m_invitationView, &QListView::activated, this, &ContactsPane::openInvitation);
    connect(m_cancelInvitation, &QPushButton::clicked, this, &ContactsPane::cancelInvitation);
    connect(m_add, &QPushButton::clicked, this, &ContactsPane::addContactRequested);
    connect(m_contacts, &ContactListModel::unreadTotalChanged, this, &ContactsPane::unreadChanged);
    connect(m_contacts, &ContactListModel::errorOccurred, this, [this](const QString& message) {
        m_error->setText(message);
        m_error->setVisible(true);
    });
    connect(m_invitations, &InvitationListModel::errorOccurred, this,
            [this](const QString& message) {
                m_error->setText(message);
                m_error->setVisible(true);
            });
    for (QAbstractItemModel* model : {static_cast<QAbstractItemModel*>(m_sorted),
                                      static_cast<QAbstractItemModel*>(m_invitations)}) {
        connect(model, &QAbstractItemModel::rowsInserted, this, &ContactsPane::updateSections);
        connect(model, &QAbstractItemModel::rowsRemoved, this, &ContactsPane::updateSections);
        connect(model, &QAbstractItemModel::modelReset, this, &ContactsPane::updateSections);
    }
    // "last seen 5 min ago" moves on with the clock.
    auto* repaint = new QTimer(this);
    repaint->setInterval(std::chrono::seconds(30));
    connect(repaint, &QTimer::timeout, m_contactView->viewport(), qOverload<>(&QWidget::update));
    repaint->start();
    updateSections();
}

void ContactsPane::selectContact(core::ContactId contact) {
    const int row = m_contacts->rowOf(contact);
    if (row < 0) {
        return;
    }
    QModelIndex index = m_sorted->mapFromSource(m_contacts->index(row));
    if (!index.isValid()) {
        m_filter->clear();
        index = m_sorted->mapFromSource(m_contacts->index(row));
    }
    m_contactView->setCurrentIndex(index);
    m_contactView->scrollTo(index);
}

std::optional<core::ContactId> ContactsPane::currentContact() const {
    const QModelIndex index = m_contactView->currentIndex();
    if (!index.isValid()) {
        return std::nullopt;
    }
    return core::ContactId(index.data(ContactListModel::IdRole).toLongLong());
}

void ContactsPane::reportSelection(const QModelIndex& current, bool again) {
    if (!current.isValid()) {
        return;
    }
    const core::ContactId id(current.data(ContactListModel::IdRole).toLongLong());
    if (m_reported == id && !again) {
        return; // the row moved (re-sorted), the selection did not change
    }
    m_reported = id;
    emit contactSelected(id);
}

void ContactsPane::requestDetails() {
    if (auto current = currentContact()) {
        emit detailsRequested(*current);
    }
}

void ContactsPane::cancelInvitation() {
    const QModelIndex index = m_invitationView->currentIndex();
    if (!index.isValid()) {
        return;
    }
    const core::InvitationView& invitation = m_invitations->at(index.row());
    const auto answer =
        QMessageBox::question(this, tr("Cancel invitation"),
                              tr("Cancel the invitation for %1? Its link stops working.")
                                  .arg(index.data(InvitationListModel::AliasRole).toString()),
                              QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
    if (answer != QMessageBox::Yes) {
        return;
    }
    if (auto cancelled = m_invitations->cancel(invitation.id); !cancelled) {
        m_error->setText(tr("Could not cancel the invitation: %1")
                             .arg(QString::fromStdString(cancelled.error().message)));
        m_error->setVisible(true);
    }
}

void ContactsPane::openInvitation(const QModelIndex& index) {
    if (!index.isValid()) {
        return;
    }
    auto* dialog =
        new AddContactDialog(m_messenger, m_bridge, m_invitations->at(index.row()), window());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void ContactsPane::showContextMenu(const QPoint& position) {
    const QModelIndex index = m_contactView->indexAt(position);
    if (!index.isValid()) {
        return;
    }
    m_contactView->setCurrentIndex(index);
    QMenu menu(this);
    menu.addAction(tr("Open conversation"), this, [this, index] { reportSelection(index, true); });
    menu.addAction(tr("Contact details…"), this, &ContactsPane::requestDetails);
    menu.exec(m_contactView->viewport()->mapToGlobal(position));
}

void ContactsPane::updateSections() {
    const bool hasContacts = m_contacts->rowCount() > 0;
    m_empty->setVisible(!hasContacts);
    const bool pending = m_invitations->rowCount() > 0;
    m_pendingHeader->setVisible(pending);
    m_invitationView->setVisible(pending);
    m_cancelInvitation->setVisible(pending);
    m_cancelInvitation->setEnabled(pending && m_invitationView->currentIndex().isValid());
}

} // namespace chive::ui
