#include "core/link/HandOffRequest.h"
#include "ui/SingleInstance.h"

#include <catch2/catch_test_macros.hpp>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <QElapsedTimer>
#include <QLocalSocket>
#include <QSignalSpy>
#include <QThread>

#include <algorithm>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "UiTestSupport.h"

using chive::core::ErrorCode;
using chive::core::HandOffRequest;
using chive::ui::SingleInstance;
using chive::ui::test::testApplication;
using chive::ui::test::waitFor;

namespace {

std::unique_ptr<SingleInstance> claimed(const std::filesystem::path& profile,
                                        SingleInstance::Limits limits = {}) {
    auto instance = SingleInstance::claim(profile, limits);
    REQUIRE(instance);
    return std::move(*instance);
}

// Runs the blocking handOff() on its own thread while this one serves the
// primary's event loop.
chive::core::Status handOffFromThread(const QString& path, const HandOffRequest& request,
                                      int connectMs = 3000, int replyMs = 3000) {
    chive::core::Status status = chive::core::fail(ErrorCode::Internal, "not run");
    std::unique_ptr<QThread> thread(QThread::create(
        [&] { status = SingleInstance::handOff(path, request, connectMs, replyMs); }));
    thread->start();
    REQUIRE(waitFor([&] { return thread->isFinished(); }, connectMs + replyMs + 5000));
    thread->wait();
    return status;
}

// Sends raw bytes as another start would and returns whatever came back
// before the primary closed the connection.
struct Exchange {
    QByteArray reply;
    bool closed = false;
    qint64 elapsedMs = 0;
};

Exchange sendRaw(const QString& path, const QByteArray& bytes, int limitMs = 5000) {
    QLocalSocket socket;
    socket.connectToServer(path);
    REQUIRE(waitFor([&] { return socket.state() == QLocalSocket::ConnectedState; }, 3000));
    QElapsedTimer clock;
    clock.start();
    socket.write(bytes);
    Exchange result;
    result.closed =
        waitFor([&] { return socket.state() == QLocalSocket::UnconnectedState; }, limitMs);
    result.elapsedMs = clock.elapsed();
    result.reply = socket.readAll();
    return result;
}

struct Primary {
    chive::engine::test::TempDir temp;
    std::unique_ptr<SingleInstance> instance;
    std::unique_ptr<QSignalSpy> raised;
    std::unique_ptr<QSignalSpy> links;

    explicit Primary(SingleInstance::Limits limits = {}) {
        testApplication();
        instance = claimed(temp.path() / "profile", limits);
        REQUIRE(instance->role() == SingleInstance::Role::Primary);
        REQUIRE(instance->listen());
        raised = std::make_unique<QSignalSpy>(instance.get(), &SingleInstance::raiseRequested);
        links = std::make_unique<QSignalSpy>(instance.get(), &SingleInstance::linkReceived);
    }
    [[nodiscard]] const QString& path() const { return instance->socketPath(); }
};

void requireRefused(Primary& primary, const QByteArray& bytes, const QByteArray& expected) {
    const Exchange exchange = sendRaw(primary.path(), bytes);
    CHECK(exchange.closed);
    CHECK(exchange.reply == expected);
    // Nothing reached the window.
    QTest::qWait(50);
    CHECK(primary.raised->count() == 0);
    CHECK(primary.links->count() == 0);
    CHECK(waitFor([&] { return primary.instance->connectionCount() == 0; }, 2000));
}

} // namespace

TEST_CASE("a second start passes its link to the first, byte for byte", "[ui][handoff]") {
    Primary primary;
    auto second = claimed(primary.temp.path() / "profile");
    REQUIRE(second->role() == SingleInstance::Role::Secondary);
    REQUIRE(second->socketPath() == primary.path());

    // Every printable ASCII byte, spaces and all, arrives unchanged.
    std::string link = "chive:";
    for (char c = 0x20; c <= 0x7e; ++c) {
        link += c;
    }
    auto request = HandOffRequest::withLink(link);
    REQUIRE(request);
    const auto status = handOffFromThread(second->socketPath(), *request);
    REQUIRE(status);
    REQUIRE(waitFor([&] { return primary.links->count() == 1; }, 2000));
    CHECK(primary.raised->count() == 1);
    CHECK(primary.links->at(0).at(0).toString() == QString::fromStdString(link));
    CHECK(waitFor([&] { return primary.instance->connectionCount() == 0; }, 2000));
}

TEST_CASE("a second start without a link only raises the first", "[ui][handoff]") {
    Primary primary;
    const auto status = handOffFromThread(primary.path(), HandOffRequest::raise());
    REQUIRE(status);
    REQUIRE(waitFor([&] { return primary.raised->count() == 1; }, 2000));
    QTest::qWait(50);
    CHECK(primary.links->count() == 0);
}

TEST_CASE("a second start reports a first that never answers", "[ui][handoff]") {
    testApplication();
    chive::engine::test::TempDir temp;
    auto first = claimed(temp.path() / "profile");
    auto second = claimed(temp.path() / "profile");
    REQUIRE(second->role() == SingleInstance::Role::Secondary);
    // The first holds the lock but never listens.
    QElapsedTimer clock;
    clock.start();
    const auto status = handOffFromThread(second->socketPath(), HandOffRequest::raise(), 600, 600);
    REQUIRE_FALSE(status);
    CHECK(status.error().code == ErrorCode::Timeout);
    CHECK(clock.elapsed() >= 500);
}

TEST_CASE("a socket left behind by a crash is replaced", "[ui][handoff]") {
    testApplication();
    chive::engine::test::TempDir temp;
    const auto profile = temp.path() / "profile";
    REQUIRE(::mkdir(profile.c_str(), 0700) == 0);
    const auto stale = profile / "instance.sock";
    // A bound unix socket whose owner is gone: connecting to it is refused.
    const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    REQUIRE(stale.native().size() < sizeof(address.sun_path));
    std::copy(stale.native().begin(), stale.native().end(), std::begin(address.sun_path));
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0);
    ::close(fd);
    REQUIRE(std::filesystem::exists(stale));

    auto primary = claimed(profile);
    REQUIRE(primary->role() == SingleInstance::Role::Primary);
    REQUIRE(primary->socketPath() == QString::fromStdString(stale.string()));
    REQUIRE(primary->listen());
    QSignalSpy raised(primary.get(), &SingleInstance::raiseRequested);
    REQUIRE(handOffFromThread(primary->socketPath(), HandOffRequest::raise()));
    CHECK(waitFor([&] { return raised.count() == 1; }, 2000));
}

TEST_CASE("hostile requests are refused without reaching the window", "[ui][handoff]") {
    SECTION("longer than a request can be, without a newline") {
        Primary primary;
        requireRefused(primary, QByteArray(5000, 'a'), "error too-long\n");
    }
    SECTION("a link longer than any link") {
        Primary primary;
        requireRefused(primary,
                       "chive-handoff 1 link chive:" +
                           QByteArray(static_cast<qsizetype>(HandOffRequest::kMaxLineBytes), 'x') +
                           '\n',
                       "error too-long\n");
    }
    SECTION("an unknown verb") {
        Primary primary;
        requireRefused(primary, "chive-handoff 1 open chive:abc\n", "error malformed\n");
    }
    SECTION("a newer version") {
        Primary primary;
        requireRefused(primary, "chive-handoff 2 raise\n", "error version\n");
    }
    SECTION("embedded NUL bytes") {
        Primary primary;
        requireRefused(primary, QByteArray("chive-handoff 1 link chive:a\0b\n", 31),
                       "error malformed\n");
        requireRefused(primary, QByteArray("chive-handoff\0 1 raise\n", 23), "error malformed\n");
    }
    SECTION("two requests on one connection") {
        Primary primary;
        requireRefused(primary, "chive-handoff 1 raise\nchive-handoff 1 raise\n",
                       "error malformed\n");
    }
    SECTION("a request that never ends is closed after the timeout") {
        Primary primary(SingleInstance::Limits{.connectionTimeoutMs = 400, .maxConnections = 4});
        const Exchange exchange = sendRaw(primary.path(), "chive-handoff 1 link chive:abc");
        CHECK(exchange.closed);
        CHECK(exchange.reply.isEmpty());
        CHECK(exchange.elapsedMs >= 300);
        CHECK(exchange.elapsedMs < 3000);
        CHECK(primary.raised->count() == 0);
        CHECK(primary.links->count() == 0);
        CHECK(primary.instance->connectionCount() == 0);
    }
}

TEST_CASE("connections beyond the bound are closed at once", "[ui][handoff]") {
    Primary primary(SingleInstance::Limits{.connectionTimeoutMs = 2000, .maxConnections = 3});
    std::vector<std::unique_ptr<QLocalSocket>> sockets;
    for (int i = 0; i < 10; ++i) {
        sockets.push_back(std::make_unique<QLocalSocket>());
        sockets.back()->connectToServer(primary.path());
    }
    // Each one is accepted and either kept or closed.
    auto closedCount = [&] {
        return std::count_if(sockets.begin(), sockets.end(), [](const auto& socket) {
            return socket->state() == QLocalSocket::UnconnectedState;
        });
    };
    REQUIRE(waitFor([&] { return closedCount() == 7; }, 1500));
    CHECK(primary.instance->connectionCount() == 3);
    QTest::qWait(200);
    CHECK(closedCount() == 7);
    CHECK(primary.instance->connectionCount() == 3);
    CHECK(primary.raised->count() == 0);

    // Once the idle ones are gone, a real request gets through.
    sockets.clear();
    REQUIRE(waitFor([&] { return primary.instance->connectionCount() == 0; }, 3000));
    REQUIRE(handOffFromThread(primary.path(), HandOffRequest::raise()));
    CHECK(waitFor([&] { return primary.raised->count() == 1; }, 2000));
}

TEST_CASE("the instance lock decides who is first", "[ui][handoff]") {
    testApplication();
    chive::engine::test::TempDir temp;
    const auto profile = temp.path() / "new" / "profile";

    auto first = claimed(profile);
    auto second = claimed(profile);
    auto third = claimed(profile);
    CHECK(first->role() == SingleInstance::Role::Primary);
    CHECK(second->role() == SingleInstance::Role::Secondary);
    CHECK(third->role() == SingleInstance::Role::Secondary);
    // A first start makes the profile directory, private.
    struct stat info {};
    REQUIRE(::stat(profile.c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0700);
    // The profile's own lock stays free for ProfileDirectory.
    CHECK_FALSE(std::filesystem::exists(profile / "lock"));

    // When the first ends, the next start becomes first.
    first.reset();
    second.reset();
    auto fourth = claimed(profile);
    CHECK(fourth->role() == SingleInstance::Role::Primary);
}

TEST_CASE("a profile path too long for a socket falls back to XDG_RUNTIME_DIR", "[ui][handoff]") {
    testApplication();
    chive::engine::test::TempDir temp;
    const auto runtime = temp.path() / "run";
    REQUIRE(::mkdir(runtime.c_str(), 0700) == 0);
    // NOLINTNEXTLINE(concurrency-mt-unsafe): each test case runs in its own process.
    REQUIRE(::setenv("XDG_RUNTIME_DIR", runtime.c_str(), 1) == 0);

    // Exactly at the limit: the socket still sits in the profile.
    const auto base = temp.path().string() + "/";
    const std::string suffix = "/instance.sock";
    const auto fitting =
        base + std::string(SingleInstance::kMaxSocketPathBytes - base.size() - suffix.size(), 'p');
    auto atLimit = claimed(fitting);
    REQUIRE(atLimit->socketPath().size() == SingleInstance::kMaxSocketPathBytes);
    REQUIRE(atLimit->socketPath().startsWith(QString::fromStdString(fitting)));
    REQUIRE(atLimit->listen());
    struct stat info {};
    REQUIRE(::stat(atLimit->socketPath().toStdString().c_str(), &info) == 0);
    CHECK(S_ISSOCK(info.st_mode));
    CHECK((info.st_mode & 077) == 0);
    QSignalSpy raisedAtLimit(atLimit.get(), &SingleInstance::raiseRequested);
    REQUIRE(handOffFromThread(atLimit->socketPath(), HandOffRequest::raise()));
    CHECK(waitFor([&] { return raisedAtLimit.count() == 1; }, 2000));

    // One byte longer: a hashed name in the runtime directory.
    const auto longer = fitting + "q";
    auto primary = claimed(longer);
    auto second = claimed(longer);
    REQUIRE(primary->role() == SingleInstance::Role::Primary);
    REQUIRE(primary->socketPath().startsWith(QString::fromStdString(runtime.string()) + "/chive-"));
    CHECK(second->socketPath() == primary->socketPath());
    CHECK(primary->socketPath() != atLimit->socketPath());
    REQUIRE(primary->listen());
    QSignalSpy links(primary.get(), &SingleInstance::linkReceived);
    auto request = HandOffRequest::withLink("chive:abc");
    REQUIRE(request);
    REQUIRE(handOffFromThread(second->socketPath(), *request));
    REQUIRE(waitFor([&] { return links.count() == 1; }, 2000));
    CHECK(links.at(0).at(0).toString() == QStringLiteral("chive:abc"));

    // Without a usable runtime directory there is no hand-off, said clearly.
    // NOLINTNEXTLINE(concurrency-mt-unsafe)
    REQUIRE(::unsetenv("XDG_RUNTIME_DIR") == 0);
    auto lonely = claimed(longer + "r");
    CHECK(lonely->role() == SingleInstance::Role::Primary);
    CHECK(lonely->socketPath().isEmpty());
    auto listening = lonely->listen();
    REQUIRE_FALSE(listening);
    CHECK(listening.error().code == ErrorCode::TooLarge);
}
