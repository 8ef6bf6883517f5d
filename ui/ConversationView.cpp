#include "ui/ConversationView.h"

#include "core/StrongId.h"
#include "ui/ConversationModel.h"
#include "ui/MessageDelegate.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QIdentityProxyModel>
#include <QKeyEvent>
#include <QResizeEvent>
#include <QScrollBar>
#include <QTimer>

#include <algorithm>

namespace chive::ui {

namespace {

// Shows the model unchanged but tells Qt there is never more to fetch, so
// that Qt's fetching at the bottom never loads older messages; the view
// fetches at the top itself.
class ManualFetchProxy final : public QIdentityProxyModel {
public:
    using QIdentityProxyModel::QIdentityProxyModel;
    [[nodiscard]] bool canFetchMore(const QModelIndex& /*parent*/) const override { return false; }
    void fetchMore(const QModelIndex& /*parent*/) override {}
};

constexpr int kBottomSlack = 2; // pixels from the end that still count as "at the bottom"

} // namespace

ConversationView::ConversationView(QWidget* parent)
    : QListView(parent)
    , m_delegate(new MessageDelegate(this)) {
    setItemDelegate(m_delegate);
    setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    setResizeMode(QListView::Adjust);
    setUniformItemSizes(false);
    setFrameShape(QFrame::NoFrame);
    setAccessibleName(tr("Messages"));
    verticalScrollBar()->setSingleStep(24);
    connect(verticalScrollBar(), &QScrollBar::rangeChanged, this,
            &ConversationView::onRangeChanged);
}

void ConversationView::setConversationModel(ConversationModel* model) {
    if (m_model != nullptr) {
        disconnect(m_model, nullptr, this, nullptr);
    }
    m_model = model;
    auto* proxy = new ManualFetchProxy(this);
    proxy->setSourceModel(model);
    setModel(proxy);
    delete m_proxy;
    m_proxy = proxy;
    m_delegate->clearCache();
    m_stickToBottom = true;
    if (model != nullptr) {
        connect(model, &QAbstractItemModel::modelReset, this, [this] {
            m_delegate->clearCache();
            m_stickToBottom = true;
            QTimer::singleShot(0, this, [this] {
                if (m_stickToBottom) {
                    scrollToBottom();
                }
            });
        });
    }
}

void ConversationView::onRangeChanged(int /*minimum*/, int maximum) {
    if (m_stickToBottom && !m_loading && m_model != nullptr && m_model->atLatest()) {
        verticalScrollBar()->setValue(maximum);
    }
}

bool ConversationView::atBottom() const {
    const QScrollBar* bar = verticalScrollBar();
    return bar->value() >= bar->maximum() - kBottomSlack;
}

void ConversationView::scrollToNewest() {
    m_stickToBottom = true;
    scrollToBottom();
}

int ConversationView::loadOlder() {
    return load(Direction::Older);
}

int ConversationView::loadNewer() {
    return load(Direction::Newer);
}

int ConversationView::load(Direction direction) {
    if (m_model == nullptr || m_loading) {
        return 0;
    }
    const bool older = direction == Direction::Older;
    if (older ? !m_model->canFetchMore(QModelIndex()) : !m_model->canFetchNewer()) {
        return 0;
    }
    m_loading = true;
    // The message at the top of the viewport stays where it is on screen.
    const QModelIndex anchorIndex = indexAt(QPoint(1, 1));
    const core::MessageRowId anchor = m_model->rowId(anchorIndex.row());
    const int anchorTop = anchorIndex.isValid() ? visualRect(anchorIndex).top() : 0;
    int added = 0;
    if (older) {
        const core::MessageRowId formerTop = m_model->rowId(0);
        m_model->fetchMore(QModelIndex());
        added = std::max(0, m_model->rowOf(formerTop)); // rows now above the former top
        if (!m_model->atLatest()) {
            m_stickToBottom = false; // the newest rows were dropped
        }
    } else {
        added = m_model->fetchNewer();
    }
    doItemsLayout(); // now, so that the rows' new positions are known
    QScrollBar* bar = verticalScrollBar();
    const int anchorRow = anchorIndex.isValid() ? m_model->rowOf(anchor) : -1;
    if (m_stickToBottom && m_model->atLatest()) {
        bar->setValue(bar->maximum());
    } else if (anchorRow >= 0) {
        bar->setValue(bar->value() + visualRect(model()->index(anchorRow, 0)).top() - anchorTop);
    }
    m_loading = false;
    return added;
}

void ConversationView::scheduleLoad(Direction direction) {
    if (m_loadScheduled) {
        return;
    }
    m_loadScheduled = true;
    QTimer::singleShot(0, this, [this, direction] {
        m_loadScheduled = false;
        load(direction);
    });
}

void ConversationView::updateGeometries() {
    QListView::updateGeometries();
    // Too few rows to scroll: load older ones until the viewport is full.
    if (m_model != nullptr && m_model->rowCount() > 0 && verticalScrollBar()->maximum() == 0 &&
        m_model->canFetchMore(QModelIndex())) {
        scheduleLoad(Direction::Older);
    }
}

void ConversationView::verticalScrollbarValueChanged(int value) {
    QListView::verticalScrollbarValueChanged(value);
    if (m_loading || m_model == nullptr) {
        return;
    }
    m_stickToBottom = atBottom() && m_model->atLatest();
    const int margin = viewport()->height() / 2;
    if (value <= margin && m_model->canFetchMore(QModelIndex())) {
        scheduleLoad(Direction::Older);
    } else if (value >= verticalScrollBar()->maximum() - margin && m_model->canFetchNewer()) {
        scheduleLoad(Direction::Newer);
    }
}

void ConversationView::resizeEvent(QResizeEvent* event) {
    const bool wasAtBottom = m_stickToBottom;
    QListView::resizeEvent(event);
    // Bubbles wrap to the width: their heights change with it, which a
    // top-to-bottom QListView does not notice on its own.
    if (event->oldSize().width() != event->size().width()) {
        scheduleDelayedItemsLayout();
    }
    m_stickToBottom = wasAtBottom;
}

QString ConversationView::selectedText() const {
    if (selectionModel() == nullptr) {
        return {};
    }
    QModelIndexList selected = selectionModel()->selectedIndexes();
    std::sort(selected.begin(), selected.end(),
              [](const QModelIndex& a, const QModelIndex& b) { return a.row() < b.row(); });
    QStringList parts;
    for (const QModelIndex& index : selected) {
        parts.append(index.data(ConversationModel::CopyTextRole).toString());
    }
    return parts.join(QStringLiteral("\n\n"));
}

void ConversationView::copySelection() const {
    const QString text = selectedText();
    if (!text.isEmpty()) {
        QGuiApplication::clipboard()->setText(text);
    }
}

void ConversationView::showRow(int row) {
    if (model() == nullptr || row < 0 || row >= model()->rowCount()) {
        return;
    }
    const QModelIndex index = model()->index(row, 0);
    doItemsLayout();
    m_stickToBottom = row == model()->rowCount() - 1;
    scrollTo(index, QAbstractItemView::PositionAtCenter);
    setCurrentIndex(index);
    selectionModel()->select(index, QItemSelectionModel::ClearAndSelect);
}

void ConversationView::keyPressEvent(QKeyEvent* event) {
    if (event->matches(QKeySequence::Copy)) {
        copySelection();
        event->accept();
        return;
    }
    QListView::keyPressEvent(event);
}

} // namespace chive::ui
