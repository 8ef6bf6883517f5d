#pragma once

// ConversationView: the list of a conversation's messages (a QListView
// scrolled per pixel, drawn by MessageDelegate).
//
// Rows are oldest first, so older messages are wanted at the TOP, where Qt's
// own automatic fetchMore() never looks (it fetches when the last row is
// visible). The view therefore shows the model through a proxy that hides
// canFetchMore() from Qt, and asks the ConversationModel for an older page
// itself when the scroll bar nears the top (or the rows do not fill the
// viewport), and for the next newer page when it nears the bottom while the
// model holds a window without the newest rows. After a page is loaded (and
// rows at the other end dropped) it moves the scroll bar so that the message
// at the top of the viewport stays where it was. While the view is scrolled
// to the bottom of the newest messages it stays there as new ones arrive.
//
// Ctrl+C copies the selected messages' text (plain, oldest first).
//
// Ownership: does not own the ConversationModel (the pane does); owns its
// proxy and delegate. GUI thread only.

#include <QListView>

namespace chive::ui {

class ConversationModel;
class MessageDelegate;

class ConversationView : public QListView {
    Q_OBJECT

public:
    explicit ConversationView(QWidget* parent = nullptr);

    void setConversationModel(ConversationModel* model);
    [[nodiscard]] ConversationModel* conversationModel() const { return m_model; }
    [[nodiscard]] MessageDelegate* messageDelegate() const { return m_delegate; }

    // Load one older / newer page now, keeping what is on screen in place.
    // Return the number of rows added.
    int loadOlder();
    int loadNewer();
    // The selected messages' text, oldest first, separated by blank lines.
    [[nodiscard]] QString selectedText() const;
    void copySelection() const;
    // Scrolls to `row` of the model and selects it.
    void showRow(int row);
    void scrollToNewest();
    [[nodiscard]] bool atBottom() const;

protected:
    void keyPressEvent(QKeyEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void updateGeometries() override;
    void verticalScrollbarValueChanged(int value) override;

private:
    enum class Direction { Older, Newer };
    int load(Direction direction);
    void scheduleLoad(Direction direction);
    void onRangeChanged(int minimum, int maximum);

    ConversationModel* m_model = nullptr;
    QAbstractItemModel* m_proxy = nullptr;
    MessageDelegate* m_delegate = nullptr;
    bool m_stickToBottom = true;
    bool m_loading = false;
    bool m_loadScheduled = false;
};

} // namespace chive::ui
