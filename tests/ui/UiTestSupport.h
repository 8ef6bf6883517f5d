#pragma once

// Helpers for the GUI tests: the one QApplication (offscreen platform), and
// LoopbackProfile, a ui::ProfileBackend over the real pieces (a SQLCipher
// profile in a temporary directory, core::Engine) on the in-process loopback
// transport, so that two people in one test process can add each other and
// chat through the real widgets.

#include "core/engine/Engine.h"
#include "core/engine/NetworkEventRelay.h"
#include "storage/Profile.h"
#include "storage/StorageWorkerExecutor.h"
#include "transport/LoopbackNetwork.h"
#include "transport/LoopbackTransport.h"
#include "ui/ProfileBackend.h"

#include <QApplication>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTest>

#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "../engine/EngineTestSupport.h"

namespace chive::ui::test {

inline QApplication& testApplication() {
    static int argc = 3;
    static char arg0[] = "tests_ui";
    static char arg1[] = "-platform";
    static char arg2[] = "offscreen";
    static char* argv[] = {arg0, arg1, arg2, nullptr};
    // Never destroyed: a QApplication torn down among the static destructors
    // at exit outlives Qt's own global registries (input devices, GL) and
    // crashes after every test has passed. The process ends right after.
    static auto* app = new QApplication(argc, argv);
    return *app;
}

// Runs the event loop until `condition` holds or `limitMs` passed.
inline bool waitFor(const std::function<bool()>& condition, int limitMs = 20000) {
    QElapsedTimer timer;
    timer.start();
    while (!condition()) {
        if (timer.elapsed() > limitMs) {
            return false;
        }
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        QTest::qWait(5);
    }
    return true;
}

inline core::SecureBuffer secret(const std::string& text) {
    return core::SecureBuffer::copyOf(std::span<const std::uint8_t>(
        reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

// One person's profile: real storage and engine, loopback network. The
// listener (normally the window's MessengerBridge) must outlive it.
class LoopbackProfile final : public ProfileBackend {
public:
    LoopbackProfile(transport::LoopbackNetwork& network, core::MessengerListener& listener,
                    std::string name = "person")
        : m_directory(m_temp.path() / name)
        , m_listener(listener)
        , m_transport(std::make_unique<transport::LoopbackTransport>(network, m_relay)) {
        options = engine::test::fastOptions(clock);
    }
    ~LoopbackProfile() override {
        stopEngine();
        m_profile.reset();
        m_transport.reset();
    }
    LoopbackProfile(const LoopbackProfile&) = delete;
    LoopbackProfile& operator=(const LoopbackProfile&) = delete;
    LoopbackProfile(LoopbackProfile&&) = delete;
    LoopbackProfile& operator=(LoopbackProfile&&) = delete;

    State state() override {
        if (m_profile) {
            return State::Unlocked;
        }
        return std::filesystem::exists(m_directory) ? State::Locked : State::Missing;
    }
    core::Status create(const core::SecureBuffer& password) override {
        auto made = storage::Profile::create(m_directory, password, profileOptions());
        if (!made) {
            return core::fail(made.error());
        }
        return start(std::move(*made));
    }
    core::Status unlock(const core::SecureBuffer& password) override {
        if (m_profile) {
            return core::fail(core::ErrorCode::AlreadyExists, "the profile is already unlocked");
        }
        auto opened = storage::Profile::open(m_directory, password, profileOptions());
        if (!opened) {
            return core::fail(opened.error());
        }
        return start(std::move(*opened));
    }
    core::Status lock() override {
        if (!m_profile) {
            return core::fail(core::ErrorCode::Closed, "the profile is locked");
        }
        stopEngine();
        m_profile.reset();
        return {};
    }
    core::Status changePassword(const core::SecureBuffer& oldPassword,
                                const core::SecureBuffer& newPassword) override {
        if (!m_profile) {
            return core::fail(core::ErrorCode::Closed, "the profile is locked");
        }
        return m_profile->changePassword(oldPassword, newPassword);
    }
    core::Messenger* messenger() override { return m_engine.get(); }

    [[nodiscard]] const std::filesystem::path& directory() const { return m_directory; }

    engine::test::TestClock clock;
    core::EngineOptions options;

private:
    static storage::ProfileOptions profileOptions() {
        storage::ProfileOptions profile;
        profile.kdf = storage::KdfParams::fastForTests();
        return profile;
    }
    core::Status start(std::unique_ptr<storage::Profile> profile) {
        m_profile = std::move(profile);
        m_executor = std::make_unique<storage::StorageWorkerExecutor>(m_profile->storage());
        auto made = core::Engine::create(*m_executor, *m_transport, m_listener, options);
        if (!made) {
            m_executor.reset();
            m_profile.reset();
            return core::fail(made.error());
        }
        m_engine = std::move(*made);
        m_relay.attach(*m_engine, *m_engine);
        core::BootstrapStatus done;
        done.progress = 100;
        done.tag = "done";
        done.summary = "Done";
        m_relay.onBootstrapStatus(done);
        return {};
    }
    void stopEngine() {
        if (m_engine) {
            m_relay.detach();
            m_engine->shutdown();
            m_engine.reset();
        }
        m_executor.reset();
    }

    engine::test::TempDir m_temp;
    std::filesystem::path m_directory;
    core::MessengerListener& m_listener;
    core::NetworkEventRelay m_relay;
    std::unique_ptr<transport::LoopbackTransport> m_transport;
    std::unique_ptr<storage::Profile> m_profile;
    std::unique_ptr<storage::StorageWorkerExecutor> m_executor;
    std::unique_ptr<core::Engine> m_engine;
};

} // namespace chive::ui::test
