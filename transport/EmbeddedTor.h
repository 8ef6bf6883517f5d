#pragma once

// The Tor that runs inside Chive's process (libtor.a through tor_api.h).
//
// Lifecycle: start() runs tor_run_main() on a dedicated thread, with an owning
// control socket (tor_main_configuration_setup_control_socket): Tor treats
// that connection as authenticated and exits when it closes. stop() (or the
// destructor) asks Tor to shut down, closes the socket and joins the thread.
// Tor may run only once per process (tor_api.h, bug 23847): a second start()
// in the same process is refused. Reconfigure a running Tor with SETCONF.
//
// Threads: the Tor thread belongs to Tor. Events reach the listener and the
// event sinks on the control connection's reader thread (see
// ControlConnection). control(), the accessors and add/removeEventSink may be
// called from any thread except that reader thread.

#include "core/Result.h"
#include "core/net/BootstrapStatus.h"
#include "core/net/TorEventListener.h"
#include "transport/ControlConnection.h"
#include "transport/ControlEventSink.h"
#include "transport/TorOptions.h"

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace chive::transport {

class EmbeddedTor {
public:
    // Starts Tor and subscribes to bootstrap events. `listener` must outlive
    // the returned object.
    static core::Result<std::unique_ptr<EmbeddedTor>> start(const TorOptions& options,
                                                            core::TorEventListener& listener);

    ~EmbeddedTor();
    EmbeddedTor(const EmbeddedTor&) = delete;
    EmbeddedTor& operator=(const EmbeddedTor&) = delete;
    EmbeddedTor(EmbeddedTor&&) = delete;
    EmbeddedTor& operator=(EmbeddedTor&&) = delete;

    // Tor's version as the running Tor reports it (GETINFO version).
    core::Result<std::string> version();
    [[nodiscard]] core::BootstrapStatus bootstrapStatus() const;
    [[nodiscard]] std::filesystem::path socksSocketPath() const;
    // Absolute path of Tor's data directory (private, mode 0700).
    [[nodiscard]] const std::filesystem::path& dataDirectory() const { return m_dataDirectory; }
    ControlConnection& control() { return *m_control; }

    // Subscribes to Tor's events `eventNames` (upper-case control-spec
    // names, e.g. "HS_DESC") in addition to those already subscribed, and
    // delivers each such event to `sink` until removeEventSink(sink). One
    // registration per sink. InvalidArgument for a name that is not
    // [A-Z_]+, AlreadyExists for a sink already registered, or the error of
    // SETEVENTS (the sink is then not registered).
    core::Status addEventSink(ControlEventSink& sink, const std::vector<std::string>& eventNames);
    // Unregisters `sink` and drops its event names from the subscription
    // (best effort: also when Tor has stopped). Once it returns, `sink` is
    // not called any more. Must not be called from an event callback.
    void removeEventSink(ControlEventSink& sink);

    // Shuts Tor down and joins its thread. Idempotent.
    void stop();

    // The Tor version compiled into this binary, without starting Tor.
    static std::string linkedVersion();

private:
    struct Launch; // tor_main_configuration_t and the argv it points into

    EmbeddedTor(core::TorEventListener& listener, std::filesystem::path dataDirectory);
    struct SinkEntry {
        ControlEventSink* sink;
        std::vector<std::string> eventNames;
    };

    core::Status subscribe();
    core::Status sendEventSubscription();
    void onEvent(const ControlReply& event);
    void updateBootstrap(const core::BootstrapStatus& status);

    core::TorEventListener& m_listener;
    std::filesystem::path m_dataDirectory;
    std::unique_ptr<Launch> m_launch;
    std::unique_ptr<ControlConnection> m_control;
    std::thread m_torThread;
    mutable std::mutex m_mutex; // guards m_bootstrap, m_exitCode
    core::BootstrapStatus m_bootstrap;
    int m_exitCode = 0;
    bool m_stopped = false;
    // Held while SETEVENTS is computed and sent, so the last subscription
    // sent is the union of the sinks registered at that time.
    std::mutex m_subscriptionMutex;
    // Guards m_sinks; held while events are dispatched to them, so that
    // removeEventSink waits for a callback under way.
    std::mutex m_sinkMutex;
    std::vector<SinkEntry> m_sinks;
};

} // namespace chive::transport
