#pragma once

// ContactsPane: the left side of the main window: a filter field, the
// contact list (newest activity first), the pending invitations with the
// time each has left, and the "Add contact" button. It only shows and
// forwards: selecting a contact, asking for details or for a new contact
// are signals the window acts on. Activating a pending invitation reopens
// it in an AddContactDialog, so its peer's link can be entered later.
//
// Ownership and threads: GUI thread only. Owns its models; holds
// references to the messenger (valid until the profile is locked: the
// window destroys the pane before locking) and the bridge.

// Messenger.h first: moc 6.4 cannot parse <compare> (from StrongId.h)
// unless something else brought <concepts> in before it.
#include "core/engine/Messenger.h"

#include <QWidget>

#include <optional>

class QLabel;
class QLineEdit;
class QListView;
class QModelIndex;
class QPushButton;

namespace chive::ui {

class ContactDelegate;
class ContactFilterModel;
class ContactListModel;
class InvitationListModel;
class MessengerBridge;

class ContactsPane : public QWidget {
    Q_OBJECT

public:
    ContactsPane(core::Messenger& messenger, MessengerBridge& bridge, QWidget* parent = nullptr);

    // Makes `contact` the current row (clearing a filter that hides it).
    void selectContact(core::ContactId contact);
    [[nodiscard]] std::optional<core::ContactId> currentContact() const;

    // For the window and tests.
    [[nodiscard]] ContactListModel& contacts() const { return *m_contacts; }
    [[nodiscard]] ContactFilterModel& sorted() const { return *m_sorted; }
    [[nodiscard]] InvitationListModel& invitations() const { return *m_invitations; }
    [[nodiscard]] ContactDelegate& delegate() const { return *m_delegate; }
    [[nodiscard]] QLineEdit& filterField() const { return *m_filter; }
    [[nodiscard]] QListView& contactView() const { return *m_contactView; }
    [[nodiscard]] QListView& invitationView() const { return *m_invitationView; }
    [[nodiscard]] QPushButton& addButton() const { return *m_add; }

signals:
    void contactSelected(chive::core::ContactId contact);
    void addContactRequested();
    void detailsRequested(chive::core::ContactId contact);
    void unreadChanged(int total);

private:
    void reportSelection(const QModelIndex& current, bool again);
    void requestDetails();
    void cancelInvitation();
    void openInvitation(const QModelIndex& index);
    void showContextMenu(const QPoint& position);
    void updateSections();

    core::Messenger& m_messenger;
    MessengerBridge& m_bridge;
    ContactListModel* m_contacts = nullptr;
    ContactFilterModel* m_sorted = nullptr;
    InvitationListModel* m_invitations = nullptr;
    ContactDelegate* m_delegate = nullptr;
    QLineEdit* m_filter = nullptr;
    QListView* m_contactView = nullptr;
    QLabel* m_empty = nullptr;
    QLabel* m_error = nullptr;
    QLabel* m_pendingHeader = nullptr;
    QListView* m_invitationView = nullptr;
    QPushButton* m_cancelInvitation = nullptr;
    QPushButton* m_add = nullptr;
    std::optional<core::ContactId> m_reported;
};

} // namespace chive::ui
