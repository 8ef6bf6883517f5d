#pragma once

// WidgetSteps: what a person does in the real window, done with QtTest
// functions on its widgets (typing into fields, clicking buttons and rows,
// pressing Enter), for chive_gui_driver and bench_gui_start. Every wait is
// bounded; a step that cannot be done throws StepFailed with a sentence
// that says which step and what was seen instead.
//
// Threads: GUI thread only. Ownership: nothing; the window outlives the
// calls.

#include "core/StrongId.h"
#include "core/engine/Messenger.h"

#include <QString>

#include <chrono>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>

class QWidget;

namespace chive::ui {
class AddContactDialog;
class ContactsPane;
class ConversationPane;
class MainWindow;
} // namespace chive::ui

namespace chive::gui::test {

class StepFailed : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Runs the event loop until `condition` holds; throws StepFailed saying
// `what` (and `detail()`, when given, for what was seen) after `limit`.
void waitUntil(const std::function<bool()>& condition, std::chrono::milliseconds limit,
               const std::string& what, const std::function<std::string()>& detail = {});

// First run: types the password twice on the welcome page, clicks Create,
// waits for the unlocked main view.
// `beforeClick`, when given, runs once the fields are filled.
void createProfile(ui::MainWindow& window, const QString& password, std::chrono::milliseconds limit,
                   const std::function<void()>& beforeClick = {});
// Types the password on the unlock page, clicks Unlock, waits for the main
// view.
void unlockProfile(ui::MainWindow& window, const QString& password,
                   std::chrono::milliseconds limit);

[[nodiscard]] ui::ContactsPane& contactsPane(ui::MainWindow& window);
[[nodiscard]] ui::ConversationPane& conversationPane(ui::MainWindow& window);

// Clicks "Add contact" in the contacts pane, types `alias`, clicks "Create
// link" and returns the open dialog once its own link is shown.
ui::AddContactDialog& openAddContact(ui::MainWindow& window, const QString& alias,
                                     std::chrono::milliseconds limit);
// Types `link` into the dialog's field for their link and clicks OK;
// `beforeOk`, when given, runs once the link is accepted.
void enterPeerLink(ui::AddContactDialog& dialog, const QString& link,
                   std::chrono::milliseconds limit, const std::function<void()>& beforeOk = {});

// The contact called `alias` (as the list shows it), once the list has it.
core::ContactId waitForContact(ui::MainWindow& window, const QString& alias,
                               std::chrono::milliseconds limit);
// Waits until the list shows `contact` with `state`.
void waitForState(ui::MainWindow& window, core::ContactId contact, core::ContactState state,
                  std::chrono::milliseconds limit);
void waitForPresence(ui::MainWindow& window, core::ContactId contact, core::Presence presence,
                     std::chrono::milliseconds limit);
// Clicks the contact's row in the list; waits for its conversation.
void selectContact(ui::MainWindow& window, core::ContactId contact,
                   std::chrono::milliseconds limit);
// Types `text` into the message input and presses Enter; waits for the
// row to appear in the conversation.
void sendMessage(ui::MainWindow& window, const QString& text, std::chrono::milliseconds limit);
// The row (in the shown conversation) of the newest message with exactly
// `text`, or nothing.
[[nodiscard]] std::optional<int> findMessage(ui::MainWindow& window, const QString& text,
                                             core::MessageDirection direction);
[[nodiscard]] std::optional<core::DeliveryState> deliveryOf(ui::MainWindow& window,
                                                            const QString& text);

// Writes `text` to `path` atomically (a temporary file, then rename).
void writeFileAtomically(const std::string& path, const std::string& text);
// The content of `path` once it exists.
std::string waitForFile(const std::string& path, std::chrono::milliseconds limit,
                        const std::string& what);

} // namespace chive::gui::test
