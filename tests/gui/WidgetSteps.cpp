#include "WidgetSteps.h"

#include "ui/AddContactDialog.h"
#include "ui/ContactFilterModel.h"
#include "ui/ContactListModel.h"
#include "ui/ContactsPane.h"
#include "ui/ConversationModel.h"
#include "ui/ConversationPane.h"
#include "ui/InvitationListModel.h"
#include "ui/MainView.h"
#include "ui/MainWindow.h"
#include "ui/MessageInput.h"
#include "ui/UnlockPage.h"
#include "ui/WelcomePage.h"

#include <QDeadlineTimer>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QTest>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace chive::gui::test {

namespace {

std::string pageName(const ui::MainWindow& window) {
    switch (window.page()) {
    case ui::MainWindow::Page::Welcome:
        return "the welcome page";
    case ui::MainWindow::Page::Unlock:
        return "the unlock page";
    case ui::MainWindow::Page::Main:
        break;
    }
    return "the main view";
}

std::string windowDetail(const ui::MainWindow& window) {
    return "the window shows " + pageName(window) + ", status \"" +
           window.statusText().toStdString() + "\"";
}

void click(QPushButton& button, const std::string& what) {
    if (!button.isVisible() || !button.isEnabled()) {
        throw StepFailed("cannot click " + what + ": it is " +
                         (button.isVisible() ? "disabled" : "hidden"));
    }
    QTest::mouseClick(&button, Qt::LeftButton);
}

void typeInto(QWidget& field, const QString& text) {
    field.setFocus();
    QTest::keyClicks(&field, text);
}

// The contact list's source row of `contact`, or -1.
int rowOf(ui::MainWindow& window, core::ContactId contact) {
    return contactsPane(window).contacts().rowOf(contact);
}

QVariant contactData(ui::MainWindow& window, core::ContactId contact, int role) {
    auto& model = contactsPane(window).contacts();
    const int row = model.rowOf(contact);
    return row < 0 ? QVariant() : model.data(model.index(row, 0), role);
}

} // namespace

void waitUntil(const std::function<bool()>& condition, std::chrono::milliseconds limit,
               const std::string& what, const std::function<std::string()>& detail) {
    if (QTest::qWaitFor(condition, static_cast<int>(limit.count()))) {
        return;
    }
    std::string message =
        "timed out after " + std::to_string(limit.count() / 1000) + " s waiting for " + what;
    if (detail) {
        message += " (" + detail() + ")";
    }
    throw StepFailed(message);
}

void createProfile(ui::MainWindow& window, const QString& password, std::chrono::milliseconds limit,
                   const std::function<void()>& beforeClick) {
    if (window.page() != ui::MainWindow::Page::Welcome) {
        throw StepFailed("expected the first-run page, but " + windowDetail(window));
    }
    auto& welcome = *window.welcomePage();
    typeInto(*welcome.passwordEdit(), password);
    typeInto(*welcome.confirmationEdit(), password);
    if (beforeClick) {
        beforeClick();
    }
    click(*welcome.createButton(), "Create (" + welcome.problemText().toStdString() + ")");
    waitUntil([&] { return window.page() == ui::MainWindow::Page::Main; }, limit,
              "the new profile to open",
              [&] {
                  return windowDetail(window) + ", welcome page says \"" +
                         window.welcomePage()->problemText().toStdString() + "\"";
              });
}

void unlockProfile(ui::MainWindow& window, const QString& password,
                   std::chrono::milliseconds limit) {
    if (window.page() != ui::MainWindow::Page::Unlock) {
        throw StepFailed("expected the unlock page, but " + windowDetail(window));
    }
    auto& unlock = *window.unlockPage();
    typeInto(*unlock.passwordEdit(), password);
    click(*unlock.unlockButton(), "Unlock");
    waitUntil([&] { return window.page() == ui::MainWindow::Page::Main; }, limit,
              "the profile to unlock",
              [&] {
                  return windowDetail(window) + ", unlock page says \"" +
                         window.unlockPage()->messageText().toStdString() + "\"";
              });
}

ui::ContactsPane& contactsPane(ui::MainWindow& window) {
    auto* view = window.mainView();
    auto* pane = view == nullptr ? nullptr : qobject_cast<ui::ContactsPane*>(view->contactsPane());
    if (pane == nullptr) {
        throw StepFailed("no contacts pane: " + windowDetail(window));
    }
    return *pane;
}

ui::ConversationPane& conversationPane(ui::MainWindow& window) {
    auto* view = window.mainView();
    auto* pane =
        view == nullptr ? nullptr : qobject_cast<ui::ConversationPane*>(view->conversationPane());
    if (pane == nullptr) {
        throw StepFailed("no conversation pane: " + windowDetail(window));
    }
    return *pane;
}

ui::AddContactDialog& openAddContact(ui::MainWindow& window, const QString& alias,
                                     std::chrono::milliseconds limit) {
    click(contactsPane(window).addButton(), "Add contact");
    ui::AddContactDialog* dialog = nullptr;
    waitUntil(
        [&] {
            for (auto* candidate : window.findChildren<ui::AddContactDialog*>()) {
                if (candidate->isVisible() && !candidate->invitation()) {
                    dialog = candidate;
                }
            }
            return dialog != nullptr;
        },
        limit, "the add-contact dialog to open");
    typeInto(dialog->aliasField(), alias);
    click(dialog->createButton(), "Create link");
    waitUntil([&] { return dialog->invitation() && !dialog->ownLinkField().text().isEmpty(); },
              limit, "the add-contact dialog to show our link");
    return *dialog;
}

void enterPeerLink(ui::AddContactDialog& dialog, const QString& link,
                   std::chrono::milliseconds limit, const std::function<void()>& beforeOk) {
    typeInto(dialog.peerLinkField(), link);
    waitUntil([&] { return dialog.peerLinkValid(); }, limit, "their link to be accepted",
              [&] { return "the dialog says \"" + dialog.validationText().toStdString() + "\""; });
    if (beforeOk) {
        beforeOk();
    }
    click(dialog.okButton(), "Add contact (OK)");
    waitUntil([&] { return !dialog.isVisible() || dialog.invitation()->peerLinkEntered; }, limit,
              "the dialog to take their link",
              [&] { return "the dialog says \"" + dialog.validationText().toStdString() + "\""; });
}

core::ContactId waitForContact(ui::MainWindow& window, const QString& alias,
                               std::chrono::milliseconds limit) {
    std::optional<core::ContactId> found;
    waitUntil(
        [&] {
            auto& model = contactsPane(window).contacts();
            for (int row = 0; row < model.rowCount(); ++row) {
                const auto index = model.index(row, 0);
                if (model.data(index, ui::ContactListModel::FilterTextRole).toString() == alias) {
                    found = model.idAt(row);
                    return true;
                }
            }
            return false;
        },
        limit, "the contact \"" + alias.toStdString() + "\" in the list",
        [&] {
            return std::to_string(contactsPane(window).contacts().rowCount()) +
                   " contacts listed, " +
                   std::to_string(contactsPane(window).invitations().rowCount()) +
                   " pending invitations";
        });
    return *found;
}

void waitForState(ui::MainWindow& window, core::ContactId contact, core::ContactState state,
                  std::chrono::milliseconds limit) {
    waitUntil(
        [&] {
            return contactData(window, contact, ui::ContactListModel::StateRole).toInt() ==
                   static_cast<int>(state);
        },
        limit, "the contact's state " + std::to_string(static_cast<int>(state)),
        [&] {
            return "state " +
                   contactData(window, contact, ui::ContactListModel::StateRole)
                       .toString()
                       .toStdString() +
                   ", row " + std::to_string(rowOf(window, contact));
        });
}

void waitForPresence(ui::MainWindow& window, core::ContactId contact, core::Presence presence,
                     std::chrono::milliseconds limit) {
    const auto current = [&] {
        return contactData(window, contact, ui::ContactListModel::PresenceRole).toInt();
    };
    waitUntil([&] { return current() == static_cast<int>(presence); }, limit,
              std::string("the contact to be ") + core::presenceName(presence),
              [&] {
                  return std::string("it is ") +
                         core::presenceName(static_cast<core::Presence>(current()));
              });
}

void selectContact(ui::MainWindow& window, core::ContactId contact,
                   std::chrono::milliseconds limit) {
    auto& pane = contactsPane(window);
    auto& sorted = pane.sorted();
    QModelIndex index;
    for (int row = 0; row < sorted.rowCount(); ++row) {
        const auto candidate = sorted.index(row, 0);
        if (sorted.data(candidate, ui::ContactListModel::IdRole).toLongLong() == contact.value()) {
            index = candidate;
        }
    }
    if (!index.isValid()) {
        throw StepFailed("the contact is not shown in the list (" +
                         std::to_string(sorted.rowCount()) + " rows shown)");
    }
    auto& view = pane.contactView();
    view.scrollTo(index);
    const QRect rect = view.visualRect(index);
    QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, rect.center());
    waitUntil(
        [&] {
            auto& conversation = conversationPane(window);
            return conversation.contact() == contact && conversation.model().contact() == contact;
        },
        limit, "the contact's conversation to open");
}

void sendMessage(ui::MainWindow& window, const QString& text, std::chrono::milliseconds limit) {
    auto& pane = conversationPane(window);
    auto& input = pane.input();
    input.setFocus();
    QTest::keyClicks(&input, text);
    QTest::keyClick(&input, Qt::Key_Return);
    waitUntil(
        [&] { return findMessage(window, text, core::MessageDirection::Outgoing).has_value(); },
        limit, "the sent message in the conversation",
        [&] { return "the pane says \"" + pane.notice().toStdString() + "\""; });
}

std::optional<int> findMessage(ui::MainWindow& window, const QString& text,
                               core::MessageDirection direction) {
    auto& model = conversationPane(window).model();
    for (int row = model.rowCount() - 1; row >= 0; --row) {
        const auto index = model.index(row, 0);
        if (model.data(index, ui::ConversationModel::CopyTextRole).toString() == text &&
            model.data(index, ui::ConversationModel::DirectionRole).toInt() ==
                static_cast<int>(direction)) {
            return row;
        }
    }
    return std::nullopt;
}

std::optional<core::DeliveryState> deliveryOf(ui::MainWindow& window, const QString& text) {
    const auto row = findMessage(window, text, core::MessageDirection::Outgoing);
    if (!row) {
        return std::nullopt;
    }
    auto& model = conversationPane(window).model();
    return static_cast<core::DeliveryState>(
        model.data(model.index(*row, 0), ui::ConversationModel::DeliveryRole).toInt());
}

void writeFileAtomically(const std::string& path, const std::string& text) {
    const std::string temporary = path + ".tmp";
    {
        std::ofstream out(temporary, std::ios::trunc);
        out << text;
        out.flush();
        if (!out) {
            throw StepFailed("cannot write " + temporary);
        }
    }
    std::error_code error;
    std::filesystem::rename(temporary, path, error);
    if (error) {
        throw StepFailed("cannot rename " + temporary + ": " + error.message());
    }
}

std::string waitForFile(const std::string& path, std::chrono::milliseconds limit,
                        const std::string& what) {
    waitUntil([&] { return std::filesystem::exists(path); }, limit, what + " (" + path + ")");
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace chive::gui::test
