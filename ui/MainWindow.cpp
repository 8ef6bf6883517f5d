#include "ui/MainWindow.h"

#include "core/engine/Messenger.h"
#include "ui/AddContactDialog.h"
#include "ui/AppSettings.h"
#include "ui/ChangePasswordDialog.h"
#include "ui/ContactDetailsDialog.h"
#include "ui/IdleMonitor.h"
#include "ui/MainView.h"
#include "ui/MessengerBridge.h"
#include "ui/PlainText.h"
#include "ui/SettingsDialog.h"
#include "ui/TorBanner.h"
#include "ui/TorStatusModel.h"
#include "ui/TrayIcon.h"
#include "ui/UnlockPage.h"
#include "ui/WelcomePage.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QScreen>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>

namespace chive::ui {

MainWindow::MainWindow(ProfileController& controller, MessengerBridge& bridge,
                       TorStatusModel& torStatus, AppSettings& settings, QWidget* parent)
    : QMainWindow(parent)
    , m_controller(controller)
    , m_bridge(bridge)
    , m_torStatus(torStatus)
    , m_settings(settings) {
    setWindowTitle(tr("Chive"));
    setAccessibleName(tr("Chive"));
    setWindowIcon(TrayIcon::badgeIcon(0));
    setMinimumSize(480, 360);

    m_stack = new QStackedWidget(this);
    m_welcome = new WelcomePage(controller, m_stack);
    m_unlock = new UnlockPage(controller, m_stack);
    m_stack->addWidget(m_welcome);
    m_stack->addWidget(m_unlock);
    setCentralWidget(m_stack);

    m_status = new QLabel(this);
    m_status->setAccessibleName(tr("Tor status"));
    statusBar()->addPermanentWidget(m_status);
    connect(&m_torStatus, &TorStatusModel::changed, this,
            [this] { m_status->setText(TorBanner::statusText(m_torStatus)); });

    m_idle = new IdleMonitor(this);
    connect(m_idle, &IdleMonitor::idle, this,
            [this] { lockNow(tr("Chive locked itself after a time without use.")); });
    m_tray = new TrayIcon(*this, settings, this);
    connect(m_tray, &TrayIcon::lockRequested, this, [this] { lockNow(); });
    connect(m_tray, &TrayIcon::quitRequested, qApp, &QApplication::quit);

    buildMenus();

    connect(&m_controller, &ProfileController::created, this, &MainWindow::showUnlocked);
    connect(&m_controller, &ProfileController::unlocked, this, &MainWindow::showUnlocked);
    connect(&m_controller, &ProfileController::failed, this,
            [this](ProfileController::Operation operation, const QString&, core::ErrorCode) {
                // A profile whose creation failed after its key file was
                // written is now an existing, locked profile.
                if (operation == ProfileController::Operation::Create &&
                    m_controller.state() == ProfileBackend::State::Locked) {
                    showLocked();
                }
            });
    connect(&m_bridge, &MessengerBridge::messageReceived, this, &MainWindow::onMessageReceived);
    connect(&m_settings, &AppSettings::changed, this, &MainWindow::applySettings);

    if (const QByteArray geometry = m_settings.windowGeometry(); !geometry.isEmpty()) {
        restoreGeometry(geometry);
    } else {
        QSize size(960, 640);
        if (const QScreen* screen = QGuiApplication::primaryScreen()) {
            size = size.boundedTo(screen->availableSize() * 9 / 10);
        }
        resize(size);
    }
    applySettings();
    if (m_controller.state() == ProfileBackend::State::Missing) {
        m_stack->setCurrentWidget(m_welcome);
        m_welcome->passwordEdit()->setFocus();
    } else {
        showLocked();
    }
    updateActions();
}

MainWindow::~MainWindow() {
    saveLayout();
    delete m_mainView;
    m_mainView = nullptr;
}

MainWindow::Page MainWindow::page() const {
    if (m_mainView != nullptr && m_stack->currentWidget() == m_mainView) {
        return Page::Main;
    }
    return m_stack->currentWidget() == m_welcome ? Page::Welcome : Page::Unlock;
}

QString MainWindow::statusText() const {
    return m_status->text();
}

void MainWindow::buildMenus() {
    QMenu* chive = menuBar()->addMenu(tr("&Chive"));
    m_lockAction = chive->addAction(tr("&Lock"), this, [this] { lockNow(); });
    m_lockAction->setShortcut(QKeySequence(tr("Ctrl+L")));
    m_changePasswordAction =
        chive->addAction(tr("Change &password…"), this, &MainWindow::openChangePassword);
    chive->addSeparator();
    chive->addAction(tr("&Settings…"), this, &MainWindow::openSettings);
    // The network settings live in the profile: only while unlocked.
    m_networkAction =
        chive->addAction(tr("&Network settings…"), this, &MainWindow::networkSettingsRequested);
    chive->addSeparator();
    QAction* quit = chive->addAction(tr("&Quit"), qApp, &QApplication::quit);
    quit->setShortcut(QKeySequence::Quit);

    QMenu* contacts = menuBar()->addMenu(tr("C&ontacts"));
    m_addContactAction =
        contacts->addAction(tr("&Add contact…"), this, [this] { openAddContact(); });
    m_addContactAction->setShortcut(QKeySequence(tr("Ctrl+N")));
    m_detailsAction = contacts->addAction(tr("Contact &details…"), this, [this] {
        if (m_mainView != nullptr && m_mainView->currentContact()) {
            openContactDetails(*m_mainView->currentContact());
        }
    });
    m_detailsAction->setShortcut(QKeySequence(tr("Ctrl+I")));
}

void MainWindow::updateActions() {
    const bool unlocked = page() == Page::Main;
    m_lockAction->setEnabled(unlocked);
    m_changePasswordAction->setEnabled(unlocked);
    m_networkAction->setEnabled(unlocked);
    m_addContactAction->setEnabled(unlocked);
    m_detailsAction->setEnabled(unlocked);
    m_tray->setLocked(!unlocked);
    m_idle->setActive(unlocked);
}

void MainWindow::showUnlocked() {
    core::Messenger* messenger = m_controller.messenger();
    if (messenger == nullptr || m_mainView != nullptr) {
        return;
    }
    m_mainView = new MainView(*messenger, m_bridge, m_torStatus, m_stack);
    if (const QByteArray state = m_settings.splitterState(); !state.isEmpty()) {
        m_mainView->splitter()->restoreState(state);
    }
    connect(m_mainView, &MainView::addContactRequested, this, [this] { openAddContact(); });
    connect(m_mainView, &MainView::detailsRequested, this, &MainWindow::openContactDetails);
    connect(m_mainView, &MainView::unreadChanged, m_tray, &TrayIcon::setUnread);
    m_stack->addWidget(m_mainView);
    m_stack->setCurrentWidget(m_mainView);
    m_unlock->setMessage(QString{});
    m_status->setText(TorBanner::statusText(m_torStatus));
    updateActions();
    if (m_pendingLink) {
        const QString link = *m_pendingLink;
        m_pendingLink.reset();
        openAddContact(link);
    }
}

void MainWindow::showLocked() {
    m_stack->setCurrentWidget(m_unlock);
    m_unlock->passwordEdit()->setFocus();
    m_status->clear();
    updateActions();
}

void MainWindow::lockNow(const QString& reason) {
    if (m_mainView == nullptr) {
        return;
    }
    m_settings.setSplitterState(m_mainView->splitter()->saveState());
    // The view, its panes, their models and every dialog on the messenger
    // go before the engine does.
    m_stack->removeWidget(m_mainView);
    delete m_mainView;
    m_mainView = nullptr;
    m_controller.lock();
    m_unlock->setMessage(reason);
    showLocked();
}

void MainWindow::openAddContact(const QString& link) {
    if (m_mainView == nullptr) {
        if (!link.isEmpty()) {
            m_pendingLink = link;
        }
        return;
    }
    core::Messenger* messenger = m_controller.messenger();
    if (messenger == nullptr) {
        return;
    }
    auto* dialog = new AddContactDialog(*messenger, m_bridge, m_mainView);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (!link.isEmpty()) {
        dialog->setPeerLink(link);
    }
    dialog->open();
}

void MainWindow::openContactDetails(core::ContactId contact) {
    if (m_mainView == nullptr) {
        return;
    }
    core::Messenger* messenger = m_controller.messenger();
    if (messenger == nullptr) {
        return;
    }
    auto* dialog = new ContactDetailsDialog(*messenger, m_bridge, contact, m_mainView);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::openSettings() {
    auto* dialog = new SettingsDialog(m_settings, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::openChangePassword() {
    if (m_mainView == nullptr) {
        return;
    }
    auto* dialog = new ChangePasswordDialog(m_controller, m_mainView);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this,
            [this] { statusBar()->showMessage(tr("The password was changed."), 5000); });
    dialog->open();
}

void MainWindow::applySettings() {
    m_idle->setMinutes(m_settings.autoLockMinutes());
}

void MainWindow::onMessageReceived(const core::StoredMessage& message) {
    if (m_mainView == nullptr || message.direction != core::MessageDirection::Incoming) {
        return;
    }
    // No notification for the conversation the user is looking at.
    if (isActiveWindow() && m_mainView->currentContact() == message.contact) {
        return;
    }
    core::Messenger* messenger = m_controller.messenger();
    if (messenger == nullptr) {
        return;
    }
    auto contact = messenger->contact(message.contact);
    const QString alias = contact ? displayText(contact->alias) : tr("a contact");
    m_tray->notifyMessage(alias, displayText(message.body, TextShape::MultiLine));
}

void MainWindow::saveLayout() {
    m_settings.setWindowGeometry(saveGeometry());
    if (m_mainView != nullptr) {
        m_settings.setSplitterState(m_mainView->splitter()->saveState());
    }
    m_settings.sync();
}

void MainWindow::closeEvent(QCloseEvent* event) {
    saveLayout();
    if (m_tray->available() && !QApplication::closingDown()) {
        // The tray keeps Chive reachable; Quit ends it.
        hide();
        event->ignore();
        return;
    }
    event->accept();
}

} // namespace chive::ui
