#include "ui/ConversationView.h"

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
    if (m_stickToBottom && !m_loading) {
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
    if (m_model == nullptr || m_loading || !m_model->canFetchMore(QModelIndex())) {
        return 0;
    }
    m_loading = true;
    QScrollBar* bar = verticalScrollBar();
    const int oldMaximum = bar->maximum();
    const int oldValue = bar->value();
    const int before = m_model->rowCount();
    m_model->fetchMore(QModelIndex());
    const int added = m_model->rowCount() - before;
    if (added > 0) {
        doItemsLayout(); // now, so that the new height of the rows is known
        if (m_stickToBottom) {
            bar->setValue(bar->maximum());
        } else {
            bar->setValue(oldValue + (bar->maximum() - oldMaximum));
        }
    }
    m_loading = false;
    return added;
}

void ConversationView::scheduleLoadOlder() {
    if (m_loadScheduled) {
        return;
    }
    m_loadScheduled = true;
    QTimer::singleShot(0, this, [this] {
        m_loadScheduled = false;
        loadOlder();
    });
}

void ConversationView::updateGeometries() {
    QListView::updateGeometries();
    // Too few rows to scroll: load older ones until the viewport is full.
    if (m_model != nullptr && m_model->rowCount() > 0 && verticalScrollBar()->maximum() == 0 &&
        m_model->canFetchMore(QModelIndex())) {
        scheduleLoadOlder();
    }
}

void ConversationView::verticalScrollbarValueChanged(int value) {
    QListView::verticalScrollbarValueChanged(value);
    if (m_loading) {
        return;
    }
    m_stickToBottom = atBottom();
    if (m_model != nullptr && value <= viewport()->height() / 2 &&
        m_model->canFetchMore(QModelIndex())) {
        scheduleLoadOlder();
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

void ConversationView::copySelection() {
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
