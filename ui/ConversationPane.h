#pragma once

// ConversationPane: the chat with one contact: a header (the contact's alias
// as plain text, presence, search and details buttons), the messages
// (ConversationView over a ConversationModel), a search bar (Ctrl+F; Esc
// closes it), and the input (Enter sends, Shift+Enter starts a new line).
//
// Sending: the text is refused when it is empty or only whitespace, and when
// it is longer than one MESSAGE record carries (core::MessageRecord::
// kMaxTextLength bytes of UTF-8), with a message that says so. After
// Messenger::sendMessage returns, the pane emits MessengerBridge::messageSent
// so that every view of the conversation shows the new message.
//
// Reading: the conversation is marked read while it is shown in the active
// window, and again when a message arrives while it is.
//
// Ownership: keeps references to the messenger and the bridge, which must
// outlive it; owns its widgets and model. GUI thread only; every Messenger
// call blocks for a store round trip (milliseconds).

#include "core/engine/Messenger.h"

#include <QHash>
#include <QWidget>

#include <optional>

class QLabel;
class QLineEdit;
class QListWidget;
class QListWidgetItem;
class QPushButton;
class QStackedWidget;
class QToolButton;

namespace chive::ui {

class ConversationModel;
class ConversationView;
class MessageInput;
class MessengerBridge;

class ConversationPane : public QWidget {
    Q_OBJECT

public:
    static constexpr std::size_t kSearchLimit = 100;

    ConversationPane(core::Messenger& messenger, MessengerBridge& bridge,
                     QWidget* parent = nullptr);

    // Shows `contact`'s conversation, or the "choose a contact" page.
    void showContact(std::optional<core::ContactId> contact);
    [[nodiscard]] std::optional<core::ContactId> contact() const { return m_contact; }

    // Sends what the input holds (what Enter and the Send button do).
    // Returns false, with notice() saying why, when nothing was sent.
    bool sendInput();
    // Opens the search bar with the focus in its field (Ctrl+F).
    void openSearch();
    void closeSearch();
    // Runs the search bar's query; returns the number of results listed.
    int runSearch();
    // Shows a search result's message in the conversation.
    void showSearchResult(int resultRow);
    // Ask for confirmation, then delete (the context menu's actions).
    void deleteSelectedMessages();
    void deleteConversation();

    // For tests and the main window.
    [[nodiscard]] ConversationModel& model() const { return *m_model; }
    [[nodiscard]] ConversationView& view() const { return *m_view; }
    [[nodiscard]] MessageInput& input() const { return *m_input; }
    [[nodiscard]] QPushButton& sendButton() const { return *m_send; }
    [[nodiscard]] QLineEdit& searchField() const { return *m_searchField; }
    [[nodiscard]] QListWidget& searchResults() const { return *m_searchResults; }
    [[nodiscard]] QString notice() const;
    [[nodiscard]] QString aliasText() const;
    [[nodiscard]] QString presenceText() const;

signals:
    void detailsRequested(chive::core::ContactId contact);

protected:
    void changeEvent(QEvent* event) override;
    void showEvent(QShowEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void buildHeader(QWidget* page);
    void buildSearchBar(QWidget* page);
    void buildInput(QWidget* page);
    void updateHeader(const core::ContactView& contact);
    void setNotice(const QString& text);
    void checkInputLength();
    void markReadIfSeen();
    void showContextMenu(const QPoint& position);
    [[nodiscard]] bool confirm(const QString& title, const QString& question);

    core::Messenger& m_messenger;
    MessengerBridge& m_bridge;
    std::optional<core::ContactId> m_contact;
    // Unsent text per contact, kept while the app runs (never stored).
    QHash<qint64, QString> m_drafts;

    ConversationModel* m_model = nullptr;
    QStackedWidget* m_pages = nullptr;
    QLabel* m_alias = nullptr;
    QLabel* m_presence = nullptr;
    QToolButton* m_searchButton = nullptr;
    QToolButton* m_detailsButton = nullptr;
    QWidget* m_searchBar = nullptr;
    QLineEdit* m_searchField = nullptr;
    QLabel* m_searchStatus = nullptr;
    QListWidget* m_searchResults = nullptr;
    QPushButton* m_latestButton = nullptr;
    ConversationView* m_view = nullptr;
    MessageInput* m_input = nullptr;
    QPushButton* m_send = nullptr;
    QLabel* m_notice = nullptr;
    bool m_noticeIsLength = false; // the notice is the "too long" warning
};

} // namespace chive::ui
