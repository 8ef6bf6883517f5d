#pragma once

// SystemTor: a Tor this process did not start (Tails, a system tor
// service), reached over its control port: a unix socket, or TCP on the
// loopback address only (LocalEndpoint refuses any other host).
//
// connect() sends PROTOCOLINFO, then authenticates with the first method
// that can work: SAFECOOKIE when Tor offers it and its cookie file is
// readable (the server's hash is verified before ours is sent), else the
// password (HASHEDPASSWORD) if one is configured and offered, else NULL if
// Tor offers it. The cookie and password are held only for that exchange,
// in secure memory. Then it subscribes to bootstrap events. Tor's SOCKS
// listener comes from GETINFO net/listeners/socks, asked until one is open.
//
// Services are never given unix sockets of ours (the system Tor may run as
// another user, or in a sandbox): serviceSocketDirectory() is nullopt, so
// TorTransport listens on 127.0.0.1. Tor removes the onion services added
// on this connection when it closes; client-auth keys stay until removed
// (TorTransport removes its own).
//
// Ownership: owns the control connection, never the Tor: closing does not
// stop it. Threads: as RunningTor; the listener is called on the control
// connection's reader thread and must outlive this object.

#include "core/Result.h"
#include "core/net/BootstrapStatus.h"
#include "core/net/NetworkSettings.h"
#include "core/net/TorEventListener.h"
#include "transport/ControlArguments.h"
#include "transport/EventSinks.h"
#include "transport/LocalEndpoint.h"
#include "transport/RunningTor.h"

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace chive::transport {

class SystemTor final : public RunningTor {
public:
    // Bound on connecting and on each command of the set-up.
    static constexpr std::chrono::seconds kSetupTimeout{10};

    // Network ("cannot reach Tor's control port at …") if nothing answers
    // there; Crypto ("authentication failed …") if no method works or Tor
    // refuses ours, or if the server's SAFECOOKIE hash is wrong;
    // InvalidArgument for settings that do not name a local endpoint;
    // Malformed for answers that are not Tor's.
    static core::Result<std::unique_ptr<SystemTor>> connect(const core::SystemTorSettings& settings,
                                                            core::TorEventListener& listener);

    ~SystemTor() override;
    SystemTor(const SystemTor&) = delete;
    SystemTor& operator=(const SystemTor&) = delete;
    SystemTor(SystemTor&&) = delete;
    SystemTor& operator=(SystemTor&&) = delete;

    ControlConnection& control() override { return *m_control; }
    // Asks Tor again while none is known (it may have had its network
    // disabled until now, as Tails' Tor has before a person connects).
    [[nodiscard]] core::Result<LocalEndpoint> socksEndpoint() override;
    [[nodiscard]] std::optional<std::filesystem::path> serviceSocketDirectory() const override {
        return std::nullopt;
    }
    core::Status addEventSink(ControlEventSink& sink,
                              const std::vector<std::string>& eventNames) override;
    void removeEventSink(ControlEventSink& sink) override;

    [[nodiscard]] const LocalEndpoint& controlEndpoint() const noexcept { return m_endpoint; }
    [[nodiscard]] core::BootstrapStatus bootstrapStatus() const;

    // The endpoint in the settings: the socket path, or 127.0.0.1:port.
    static core::Result<LocalEndpoint> endpointOf(const core::SystemTorSettings& settings);
    // The first loopback or unix listener in the value of GETINFO
    // net/listeners/socks (a list of quoted strings); Malformed if the text
    // does not parse, NotFound if no listener is local.
    static core::Result<LocalEndpoint> parseSocksListeners(std::string_view value);

private:
    SystemTor(core::TorEventListener& listener, LocalEndpoint endpoint);

    core::Status authenticate(const core::SystemTorSettings& settings);
    core::Status authenticateSafeCookie(const std::string& cookieFile);
    core::Result<LocalEndpoint> readSocksEndpoint();
    void readBootstrap();
    void onEvent(const ControlReply& event);
    void updateBootstrap(const core::BootstrapStatus& status);
    [[nodiscard]] core::Error authFailed(const std::string& why) const;

    core::TorEventListener& m_listener;
    const LocalEndpoint m_endpoint;
    mutable std::mutex m_mutex;           // guards m_bootstrap and m_socks
    std::optional<LocalEndpoint> m_socks; // once Tor named one
    core::BootstrapStatus m_bootstrap;
    EventSinks m_sinks;
    std::unique_ptr<ControlConnection> m_control; // last: its thread calls onEvent
};

} // namespace chive::transport
