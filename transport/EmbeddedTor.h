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
#include "transport/EventSinks.h"
#include "transport/RunningTor.h"
#include "transport/TorOptions.h"

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace chive::transport {

class EmbeddedTor final : public RunningTor {
public:
    // Starts Tor and subscribes to bootstrap events. `listener` must outlive
    // the returned object.
    static core::Result<std::unique_ptr<EmbeddedTor>> start(const TorOptions& options,
                                                            core::TorEventListener& listener);

    ~EmbeddedTor() override;
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
    ControlConnection& control() override { return *m_control; }
    // The SOCKS socket, and <data directory>/svc for the services' sockets.
    [[nodiscard]] core::Result<LocalEndpoint> socksEndpoint() override;
    [[nodiscard]] std::optional<std::filesystem::path> serviceSocketDirectory() const override;

    // As RunningTor.
    core::Status addEventSink(ControlEventSink& sink,
                              const std::vector<std::string>& eventNames) override;
    void removeEventSink(ControlEventSink& sink) override;

    // Shuts Tor down and joins its thread. Idempotent.
    void stop();

    // The Tor version compiled into this binary, without starting Tor.
    static std::string linkedVersion();

private:
    struct Launch; // tor_main_configuration_t and the argv it points into

    EmbeddedTor(core::TorEventListener& listener, std::filesystem::path dataDirectory);
    core::Status subscribe();
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
    // Always STATUS_CLIENT (bootstrap), plus what the sinks asked for.
    EventSinks m_sinks;
};

} // namespace chive::transport
