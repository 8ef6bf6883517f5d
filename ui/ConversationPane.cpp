#include "ui/ConversationPane.h"

#include "core/protocol/MessageRecord.h"
#include "ui/ConversationModel.h"
#include "ui/ConversationView.h"
#include "ui/MessageDelegate.h"
#include "ui/MessageInput.h"
#include "ui/MessengerBridge.h"
#include "ui/PlainText.h"

#include <QAction>
#include <QApplication>
#include <QEvent>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QShortcut>
#include <QStackedWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <string_view>

namespace chive::ui {

namespace {

constexpr qsizetype kMaxMessageBytes = static_cast<qsizetype>(core::MessageRecord::kMaxTextLength);

std::string_view utf8View(const QByteArray& bytes) {
    return {bytes.constData(), static_cast<std::size_t>(bytes.size())};
}

QDateTime localTime(core::Timestamp time) {
    return QDateTime::fromMSecsSinceEpoch(time.time_since_epoch().count());
}

} // namespace

ConversationPane::ConversationPane(core::Messenger& messenger, MessengerBridge& bridge,
                                   QWidget* parent)
    : QWidget(parent)
    , m_messenger(messenger)
    , m_bridge(bridge)
    , m_model(new ConversationModel(messenger, bridge, this))
    , m_pages(new QStackedWidget(this)) {
    setAccessibleName(tr("Conversation"));
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(m_pages);

    auto* placeholder = new QLabel(tr("Choose a contact to start chatting."), m_pages);
    placeholder->setAlignment(Qt::AlignCenter);
    placeholder->setAccessibleName(tr("No conversation open"));
    m_pages->addWidget(placeholder);

    auto* page = new QWidget(m_pages);
    auto* column = new QVBoxLayout(page);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(0);
    buildHeader(page);
    buildSearchBar(page);

    m_latestButton = new QPushButton(tr("Show the newest messages"), page);
    m_latestButton->setAccessibleName(tr("Show the newest messages"));
    m_latestButton->setVisible(false);
    connect(m_latestButton, &QPushButton::clicked, this, [this] {
        m_model->showLatest();
        m_view->scrollToNewest();
        markReadIfSeen();
    });

    m_view = new ConversationView(page);
    m_view->setConversationModel(m_model);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->installEventFilter(this);
    connect(m_view, &QWidget::customContextMenuRequested, this, &ConversationPane::showContextMenu);
    buildInput(page);

    column->addWidget(m_alias->parentWidget());
    column->addWidget(m_searchBar);
    column->addWidget(m_latestButton);
    column->addWidget(m_view, 1);
    column->addWidget(m_input->parentWidget());
    m_pages->addWidget(page);

    connect(m_model, &ConversationModel::atLatestChanged, m_latestButton,
            [this](bool atLatest) { m_latestButton->setVisible(!atLatest); });
    connect(m_model, &ConversationModel::messageAppended, this, [this](bool incoming) {
        if (incoming) {
            markReadIfSeen();
        }
    });
    connect(&bridge, &MessengerBridge::contactChanged, this,
            [this](const core::ContactView& contact) {
                if (m_contact == contact.id) {
                    updateHeader(contact);
                }
            });
    connect(&bridge, &MessengerBridge::contactRemoved, this, [this](core::ContactId contact) {
        if (m_contact == contact) {
            m_drafts.remove(contact.value());
            showContact(std::nullopt);
        }
    });

    auto* find = new QShortcut(QKeySequence::Find, this, this, &ConversationPane::openSearch);
    find->setContext(Qt::WidgetWithChildrenShortcut);

    setTabOrder(m_input, m_send);
    setTabOrder(m_send, m_view);
    setTabOrder(m_view, m_searchButton);
    setTabOrder(m_searchButton, m_detailsButton);
    m_pages->setCurrentIndex(0);
}

void ConversationPane::buildHeader(QWidget* page) {
    auto* header = new QWidget(page);
    auto* row = new QHBoxLayout(header);
    m_alias = new QLabel(header);
    m_alias->setAccessibleName(tr("Contact name"));
    QFont bold = m_alias->font();
    bold.setBold(true);
    m_alias->setFont(bold);
    m_presence = new QLabel(header);
    m_presence->setAccessibleName(tr("Contact status"));
    m_searchButton = new QToolButton(header);
    m_searchButton->setText(tr("Search"));
    m_searchButton->setToolTip(
        tr("Search this conversation (%1)")
            .arg(QKeySequence(QKeySequence::Find).toString(QKeySequence::NativeText)));
    m_searchButton->setAccessibleName(tr("Search this conversation"));
    connect(m_searchButton, &QToolButton::clicked, this, &ConversationPane::openSearch);
    m_detailsButton = new QToolButton(header);
    m_detailsButton->setText(tr("Details"));
    m_detailsButton->setToolTip(tr("Contact details: rename, verify, delete"));
    m_detailsButton->setAccessibleName(tr("Contact details"));
    connect(m_detailsButton, &QToolButton::clicked, this, [this] {
        if (m_contact) {
            emit detailsRequested(*m_contact);
        }
    });
    row->addWidget(m_alias);
    row->addWidget(m_presence);
    row->addStretch(1);
    row->addWidget(m_searchButton);
    row->addWidget(m_detailsButton);
}

void ConversationPane::buildSearchBar(QWidget* page) {
    m_searchBar = new QWidget(page);
    auto* column = new QVBoxLayout(m_searchBar);
    auto* row = new QHBoxLayout;
    m_searchField = new QLineEdit(m_searchBar);
    m_searchField->setPlaceholderText(tr("Search this conversation"));
    m_searchField->setAccessibleName(tr("Search text"));
    m_searchField->setClearButtonEnabled(true);
    m_searchField->installEventFilter(this);
    connect(m_searchField, &QLineEdit::returnPressed, this, [this] { runSearch(); });
    auto* close = new QToolButton(m_searchBar);
    close->setText(tr("Close"));
    close->setToolTip(tr("Close the search (Esc)"));
    close->setAccessibleName(tr("Close the search"));
    connect(close, &QToolButton::clicked, this, &ConversationPane::closeSearch);
    row->addWidget(m_searchField, 1);
    row->addWidget(close);
    column->addLayout(row);
    m_searchStatus = new QLabel(m_searchBar);
    m_searchStatus->setAccessibleName(tr("Search status"));
    m_searchStatus->setVisible(false);
    column->addWidget(m_searchStatus);
    m_searchResults = new QListWidget(m_searchBar);
    m_searchResults->setAccessibleName(tr("Search results"));
    m_searchResults->setVisible(false);
    m_searchResults->setMaximumHeight(m_searchResults->fontMetrics().lineSpacing() * 8);
    m_searchResults->installEventFilter(this);
    connect(m_searchResults, &QListWidget::itemActivated, this,
            [this](QListWidgetItem* item) { showSearchResult(m_searchResults->row(item)); });
    column->addWidget(m_searchResults);
    m_searchBar->setVisible(false);
}

void ConversationPane::buildInput(QWidget* page) {
    auto* area = new QWidget(page);
    auto* column = new QVBoxLayout(area);
    m_notice = new QLabel(area);
    m_notice->setWordWrap(true);
    m_notice->setAccessibleName(tr("Message problem"));
    m_notice->setVisible(false);
    column->addWidget(m_notice);
    auto* row = new QHBoxLayout;
    m_input = new MessageInput(area);
    m_input->setPlaceholderText(tr("Write a message (Enter sends, Shift+Enter adds a line)"));
    m_input->setAccessibleName(tr("Message"));
    m_input->setAccessibleDescription(tr("Enter sends, Shift+Enter starts a new line"));
    connect(m_input, &MessageInput::submitted, this, [this] { sendInput(); });
    connect(m_input, &QPlainTextEdit::textChanged, this, &ConversationPane::checkInputLength);
    m_send = new QPushButton(tr("Send"), area);
    m_send->setAccessibleName(tr("Send the message"));
    m_send->setEnabled(false);
    connect(m_send, &QPushButton::clicked, this, [this] { sendInput(); });
    row->addWidget(m_input, 1);
    row->addWidget(m_send, 0, Qt::AlignBottom);
    column->addLayout(row);
}

void ConversationPane::showContact(std::optional<core::ContactId> contact) {
    if (m_contact) {
        const QString draft = m_input->toPlainText();
        if (draft.isEmpty()) {
            m_drafts.remove(m_contact->value());
        } else {
            m_drafts.insert(m_contact->value(), draft);
        }
    }
    closeSearch();
    setNotice({});
    m_contact = contact;
    if (!contact) {
        m_model->setContact(std::nullopt);
        m_input->clear();
        m_pages->setCurrentIndex(0);
        return;
    }
    auto view = m_messenger.contact(*contact);
    if (!view) {
        m_contact.reset();
        m_model->setContact(std::nullopt);
        m_pages->setCurrentIndex(0);
        return;
    }
    updateHeader(*view);
    if (!m_model->setContact(contact)) {
        setNotice(tr("The conversation could not be read: %1").arg(m_model->lastError()));
    }
    m_input->setPlainText(m_drafts.value(contact->value()));
    m_input->moveCursor(QTextCursor::End);
    m_pages->setCurrentIndex(1);
    m_view->scrollToNewest();
    markReadIfSeen();
}

void ConversationPane::updateHeader(const core::ContactView& contact) {
    setPeerText(*m_alias, displayText(contact.alias));
    QString presence;
    if (contact.state == core::ContactState::Pending) {
        presence = tr("Waiting for the contact to connect");
    } else {
        switch (contact.presence) {
        case core::Presence::Online:
            presence = tr("Online");
            break;
        case core::Presence::Connecting:
            presence = tr("Connecting…");
            break;
        case core::Presence::Offline:
            presence = contact.lastSeen ? tr("Offline, last seen %1")
                                              .arg(QLocale().toString(localTime(*contact.lastSeen),
                                                                      QLocale::ShortFormat))
                                        : tr("Offline");
            break;
        }
    }
    m_presence->setText(presence);
    m_presence->setAccessibleDescription(presence);
}

QString ConversationPane::notice() const {
    return m_notice->text();
}

QString ConversationPane::aliasText() const {
    return m_alias->text();
}

QString ConversationPane::presenceText() const {
    return m_presence->text();
}

void ConversationPane::setNotice(const QString& text) {
    m_notice->setText(text);
    m_notice->setVisible(!text.isEmpty());
}

void ConversationPane::checkInputLength() {
    const QString text = m_input->toPlainText();
    const qsizetype bytes = text.toUtf8().size();
    m_send->setEnabled(m_contact.has_value() && !text.trimmed().isEmpty() &&
                       bytes <= kMaxMessageBytes);
    if (bytes > kMaxMessageBytes) {
        setNotice(tr("This message is too long to send: %1 bytes, and one message holds at "
                     "most %2. Split it into several messages.")
                      .arg(QLocale().toString(bytes), QLocale().toString(kMaxMessageBytes)));
    } else if (m_noticeIsLength) {
        setNotice({});
    }
    m_noticeIsLength = bytes > kMaxMessageBytes;
}

bool ConversationPane::sendInput() {
    if (!m_contact) {
        return false;
    }
    const QString text = m_input->toPlainText();
    if (text.trimmed().isEmpty()) {
        setNotice(tr("Write something first: an empty message is not sent."));
        return false;
    }
    const QByteArray utf8 = text.toUtf8();
    if (utf8.size() > kMaxMessageBytes) {
        checkInputLength();
        return false;
    }
    auto sent = m_messenger.sendMessage(*m_contact, utf8View(utf8));
    if (!sent) {
        setNotice(
            tr("The message was not sent: %1").arg(QString::fromStdString(sent.error().message)));
        return false;
    }
    if (!m_model->atLatest()) {
        m_model->showLatest();
    }
    m_input->clear();
    m_drafts.remove(m_contact->value());
    setNotice({});
    m_view->scrollToNewest();
    emit m_bridge.messageSent(*sent);
    return true;
}

void ConversationPane::openSearch() {
    if (!m_contact) {
        return;
    }
    m_searchBar->setVisible(true);
    m_searchField->setFocus(Qt::ShortcutFocusReason);
    m_searchField->selectAll();
}

void ConversationPane::closeSearch() {
    const bool hadFocus = m_searchBar->isAncestorOf(QApplication::focusWidget());
    m_searchBar->setVisible(false);
    m_searchResults->clear();
    m_searchResults->setVisible(false);
    m_searchStatus->setVisible(false);
    if (hadFocus) {
        m_input->setFocus(Qt::OtherFocusReason);
    }
}

int ConversationPane::runSearch() {
    m_searchResults->clear();
    const QString query = m_searchField->text().trimmed();
    if (!m_contact || query.isEmpty()) {
        m_searchResults->setVisible(false);
        m_searchStatus->setVisible(false);
        return 0;
    }
    const QByteArray utf8 = query.toUtf8();
    auto found = m_messenger.search(utf8View(utf8), *m_contact, kSearchLimit);
    if (!found) {
        m_searchStatus->setText(
            tr("The search failed: %1").arg(QString::fromStdString(found.error().message)));
        m_searchStatus->setVisible(true);
        m_searchResults->setVisible(false);
        return 0;
    }
    for (const auto& message : *found) {
        const QString when = QLocale().toString(localTime(message.storedAt), QLocale::ShortFormat);
        // QListWidget draws item text as plain text; the body is made safe
        // and kept on one line first.
        auto* item = new QListWidgetItem(
            tr("%1  %2").arg(when, displayText(message.body, TextShape::SingleLine)));
        item->setData(Qt::UserRole, static_cast<qint64>(message.rowId.value()));
        m_searchResults->addItem(item);
    }
    const int count = m_searchResults->count();
    m_searchStatus->setText(count == 0 ? tr("No messages found.")
                                       : tr("%n message(s) found.", nullptr, count));
    m_searchStatus->setVisible(true);
    m_searchResults->setVisible(count > 0);
    if (count > 0) {
        m_searchResults->setCurrentRow(0);
    }
    return count;
}

void ConversationPane::showSearchResult(int resultRow) {
    QListWidgetItem* item = m_searchResults->item(resultRow);
    if (item == nullptr) {
        return;
    }
    const core::MessageRowId message(item->data(Qt::UserRole).toLongLong());
    const int row = m_model->showAround(message);
    if (row < 0) {
        m_searchStatus->setText(tr("This message is no longer in the conversation."));
        m_searchStatus->setVisible(true);
        return;
    }
    m_view->showRow(row);
}

bool ConversationPane::confirm(const QString& title, const QString& question) {
    return QMessageBox::question(this, title, question, QMessageBox::Yes | QMessageBox::No,
                                 QMessageBox::No) == QMessageBox::Yes;
}

void ConversationPane::deleteSelectedMessages() {
    QModelIndexList selected = m_view->selectionModel()->selectedIndexes();
    if (selected.isEmpty()) {
        return;
    }
    const int count = static_cast<int>(selected.size());
    if (!confirm(tr("Delete messages"),
                 tr("Delete %n message(s) from this computer? Your contact keeps their copy.",
                    nullptr, count))) {
        return;
    }
    std::vector<core::MessageRowId> ids;
    for (const QModelIndex& index : selected) {
        ids.emplace_back(index.data(ConversationModel::RowIdRole).toLongLong());
    }
    for (const auto id : ids) {
        if (auto deleted = m_model->deleteMessage(id); !deleted) {
            setNotice(tr("The message could not be deleted: %1")
                          .arg(QString::fromStdString(deleted.error().message)));
            return;
        }
    }
}

void ConversationPane::deleteConversation() {
    if (!m_contact) {
        return;
    }
    if (!confirm(tr("Delete conversation"),
                 tr("Delete every message of this conversation from this computer? Your contact "
                    "keeps their copy. This cannot be undone."))) {
        return;
    }
    if (auto deleted = m_model->deleteConversation(); !deleted) {
        setNotice(tr("The conversation could not be deleted: %1")
                      .arg(QString::fromStdString(deleted.error().message)));
    }
}

void ConversationPane::showContextMenu(const QPoint& position) {
    const QModelIndex under = m_view->indexAt(position);
    if (under.isValid() && !m_view->selectionModel()->isSelected(under)) {
        m_view->selectionModel()->select(under, QItemSelectionModel::ClearAndSelect);
        m_view->setCurrentIndex(under);
    }
    const bool hasSelection = m_view->selectionModel()->hasSelection();
    QMenu menu(this);
    QAction* copy = menu.addAction(tr("Copy"), m_view, &ConversationView::copySelection);
    copy->setShortcut(QKeySequence::Copy);
    copy->setEnabled(hasSelection);
    QAction* select =
        menu.addAction(tr("Select text"), this, [this, under] { m_view->edit(under); });
    select->setEnabled(under.isValid());
    menu.addSeparator();
    QAction* remove =
        menu.addAction(tr("Delete message…"), this, &ConversationPane::deleteSelectedMessages);
    remove->setShortcut(QKeySequence::Delete);
    remove->setEnabled(hasSelection);
    menu.addAction(tr("Delete conversation…"), this, &ConversationPane::deleteConversation)
        ->setEnabled(m_model->rowCount() > 0);
    menu.exec(m_view->viewport()->mapToGlobal(position));
}

bool ConversationPane::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() == QEvent::KeyPress) {
        const auto* key = dynamic_cast<QKeyEvent*>(event);
        if (key != nullptr && (watched == m_searchField || watched == m_searchResults) &&
            key->key() == Qt::Key_Escape) {
            closeSearch();
            return true;
        }
        if (watched == m_searchField && key->key() == Qt::Key_Down &&
            m_searchResults->count() > 0) {
            m_searchResults->setFocus(Qt::OtherFocusReason);
            return true;
        }
        if (watched == m_view && key->matches(QKeySequence::Delete)) {
            deleteSelectedMessages();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void ConversationPane::markReadIfSeen() {
    if (!m_contact || !isVisible() || window() == nullptr || !window()->isActiveWindow() ||
        !m_model->atLatest()) {
        return;
    }
    (void)m_messenger.markRead(*m_contact);
}

void ConversationPane::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::ActivationChange) {
        markReadIfSeen();
    }
}

void ConversationPane::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    markReadIfSeen();
}

} // namespace chive::ui
