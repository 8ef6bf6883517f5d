#pragma once

// ConversationView: the list of a conversation's messages (a QListView
// scrolled per pixel, drawn by MessageDelegate).
//
// Rows are oldest first, so older messages are wanted at the TOP, where Qt's
// own automatic fetchMore() never looks (it fetches when the last row is
// visible). The view therefore shows the model through a proxy that hides
// canFetchMore() from Qt, and asks the ConversationModel for an older page
// itself when the scroll bar nears the top (or the rows do not fill the
// viewport); after rows are prepended it moves the scroll bar by their
// height so that what the person was reading stays where it was. While the
// view is scrolled to the bottom it stays there as new messages arrive.
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

    // Loads one older page now, keeping the scroll position. Returns the
    // number of rows prepended.
    int loadOlder();
    // The selected messages' text, oldest first, separated by blank lines.
    [[nodiscard]] QString selectedText() const;
    void copySelection();
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
    void scheduleLoadOlder();
    void onRangeChanged(int minimum, int maximum);

    ConversationModel* m_model = nullptr;
    QAbstractItemModel* m_proxy = nullptr;
    MessageDelegate* m_delegate = nullptr;
    bool m_stickToBottom = true;
    bool m_loading = false;
    bool m_loadScheduled = false;
};

} // namespace chive::ui
