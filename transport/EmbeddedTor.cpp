#include "transport/EmbeddedTor.h"

#include "transport/BootstrapParser.h"

#include <sys/stat.h>
#include <sys/un.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <set>
#include <system_error>

extern "C" {
#include <tor_api.h>
}

namespace chive::transport {

using core::ErrorCode;
using core::fail;

namespace {

// tor_run_main may run only once per process.
std::atomic<bool> g_torStarted{false}; // NOLINT(cppcoreguidelines-avoid-non-const-global-variables)

constexpr std::chrono::seconds kStartupTimeout{30};
constexpr std::chrono::seconds kShutdownTimeout{5};

core::Status preparePrivateDirectory(const std::filesystem::path& dir) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) {
        return fail(ErrorCode::Io,
                    "cannot create Tor's data directory " + dir.string() + ": " + ec.message());
    }
    if (::chmod(dir.c_str(), S_IRWXU) != 0) {
        return fail(ErrorCode::Io, "cannot make Tor's data directory private: " +
                                       std::error_code(errno, std::generic_category()).message());
    }
    return {};
}

bool isOptionName(std::string_view name) {
    return !name.empty() && std::ranges::all_of(name, [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
               c == '_';
    });
}

// Splits "Key value" torrc lines into command-line argument pairs. Tor
// accumulates repeated keys given on its command line just as in a torrc.
core::Status appendTorrcLines(const std::vector<std::string>& lines,
                              std::vector<std::string>& args) {
    for (const auto& raw : lines) {
        std::string_view line = raw;
        while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) {
            line.remove_prefix(1);
        }
        while (!line.empty() &&
               (line.back() == ' ' || line.back() == '\t' || line.back() == '\r')) {
            line.remove_suffix(1);
        }
        if (line.empty() || line.front() == '#') {
            continue;
        }
        const auto split = line.find_first_of(" \t");
        const std::string_view key = line.substr(0, split);
        std::string_view value =
            split == std::string_view::npos ? std::string_view{} : line.substr(split);
        while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) {
            value.remove_prefix(1);
        }
        if (!isOptionName(key) || line.find('\n') != std::string_view::npos) {
            return fail(ErrorCode::InvalidArgument,
                        "not a torrc line: \"" + std::string(key) + "\"");
        }
        args.emplace_back(key);
        args.emplace_back(value);
    }
    return {};
}

} // namespace

struct EmbeddedTor::Launch {
    std::vector<std::string> args;
    std::vector<char*> argv;
    tor_main_configuration_t* config = nullptr;

    Launch() = default;
    Launch(const Launch&) = delete;
    Launch& operator=(const Launch&) = delete;
    Launch(Launch&&) = delete;
    Launch& operator=(Launch&&) = delete;
    ~Launch() {
        if (config != nullptr) {
            tor_main_configuration_free(config);
        }
    }
};

EmbeddedTor::EmbeddedTor(core::TorEventListener& listener, std::filesystem::path dataDirectory)
    : m_listener(listener)
    , m_dataDirectory(std::move(dataDirectory))
    , m_sinks(kStartupTimeout) {}

std::string EmbeddedTor::linkedVersion() {
    std::string version = tor_api_get_provider_version();
    if (version.starts_with("tor ")) {
        version.erase(0, 4);
    }
    return version;
}

std::filesystem::path EmbeddedTor::socksSocketPath() const {
    return m_dataDirectory / "socks.sock";
}

core::Result<LocalEndpoint> EmbeddedTor::socksEndpoint() {
    return LocalEndpoint::unixSocket(socksSocketPath().string());
}

std::optional<std::filesystem::path> EmbeddedTor::serviceSocketDirectory() const {
    return m_dataDirectory / "svc";
}

core::Result<std::unique_ptr<EmbeddedTor>> EmbeddedTor::start(const TorOptions& options,
                                                              core::TorEventListener& listener) {
    if (options.dataDirectory.empty()) {
        return fail(ErrorCode::InvalidArgument, "Tor needs a data directory");
    }
    const auto dataDirectory = std::filesystem::absolute(options.dataDirectory);
    std::unique_ptr<EmbeddedTor> tor(new EmbeddedTor(listener, dataDirectory));
    const auto socks = tor->socksSocketPath().string();
    if (socks.size() >= sizeof(sockaddr_un::sun_path) - 2 || socks.find('"') != std::string::npos) {
        return fail(ErrorCode::InvalidArgument,
                    "the profile path is too long (or contains a quote) for Tor's SOCKS socket: " +
                        socks);
    }
    if (auto ok = preparePrivateDirectory(dataDirectory); !ok) {
        return tl::unexpected(ok.error());
    }

    auto launch = std::make_unique<Launch>();
    // No torrc files: everything is on the (in-process, invisible) command
    // line, and nothing of the configuration is written to disk.
    launch->args = {
        "tor",
        "--quiet",
        "--ignore-missing-torrc",
        "-f",
        "/dev/null",
        "--defaults-torrc",
        "/dev/null",
        "DataDirectory",
        dataDirectory.string(),
        "SocksPort",
        "unix:\"" + socks + "\" ExtendedErrors",
        "ControlPort",
        "0",
        "__DisableSignalHandlers",
        "1", // the app owns SIGINT/SIGTERM
        "AvoidDiskWrites",
        "1",
        "SafeLogging",
        "1",
        "Log",
        options.logLevel + " stderr",
        "DisableNetwork",
        options.disableNetwork ? "1" : "0",
    };
    if (auto ok = appendTorrcLines(options.extraTorrcLines, launch->args); !ok) {
        return tl::unexpected(ok.error());
    }
    // Each value is one argument: a space in it does not split it, and the
    // caller (TorBridges) made sure it holds no line break.
    if (!options.bridges.empty()) {
        launch->args.insert(launch->args.end(), {"UseBridges", "1"});
    }
    for (const auto& bridge : options.bridges) {
        launch->args.insert(launch->args.end(), {"Bridge", bridge});
    }
    for (const auto& plugin : options.transportPlugins) {
        launch->args.insert(launch->args.end(), {"ClientTransportPlugin", plugin});
    }
    for (auto& arg : launch->args) {
        launch->argv.push_back(arg.data());
    }
    launch->argv.push_back(nullptr);

    if (g_torStarted.exchange(true)) {
        return fail(ErrorCode::Tor, "Tor can be started only once per process");
    }
    launch->config = tor_main_configuration_new();
    if (launch->config == nullptr ||
        tor_main_configuration_set_command_line(
            launch->config, static_cast<int>(launch->args.size()), launch->argv.data()) != 0) {
        return fail(ErrorCode::Tor, "could not configure the embedded Tor");
    }
    const tor_control_socket_t fd = tor_main_configuration_setup_control_socket(launch->config);
    if (fd == INVALID_TOR_CONTROL_SOCKET) {
        return fail(ErrorCode::Tor, "could not create Tor's control socket");
    }

    EmbeddedTor* self = tor.get();
    tor->m_control = std::make_unique<ControlConnection>(
        fd, [self](const ControlReply& event) { self->onEvent(event); },
        [self](const std::string& reason) { self->m_listener.onTorStopped(reason); });
    tor->m_sinks.attach(*tor->m_control);
    tor->m_launch = std::move(launch);
    const tor_main_configuration_t* config = tor->m_launch->config;
    tor->m_torThread = std::thread([self, config] {
        const int code = tor_run_main(config);
        {
            std::lock_guard lock(self->m_mutex);
            self->m_exitCode = code;
        }
        // Tor closes the owning socket when it exits normally, but not when
        // it fails before adopting it (a bad option): end it here so nothing
        // waits for an answer that cannot come.
        self->m_control->hangUp();
    });

    if (auto ok = tor->subscribe(); !ok) {
        tor->stop();
        int code = 0;
        {
            std::lock_guard lock(tor->m_mutex);
            code = tor->m_exitCode;
        }
        return fail(ErrorCode::Tor, "Tor did not start (exit code " + std::to_string(code) +
                                        "): " + ok.error().message);
    }
    return tor;
}

core::Status EmbeddedTor::subscribe() {
    if (auto ok = m_sinks.subscribe(); !ok) {
        return ok;
    }
    auto phase = m_control->command("GETINFO status/bootstrap-phase", kStartupTimeout);
    if (!phase) {
        return tl::unexpected(phase.error());
    }
    const std::string prefix = "status/bootstrap-phase=";
    const std::string& text = phase->firstText();
    if (text.starts_with(prefix)) {
        if (auto status = parseBootstrapStatus(std::string_view(text).substr(prefix.size()));
            status && status->has_value()) {
            updateBootstrap(**status);
        }
    }
    return {};
}

core::Status EmbeddedTor::addEventSink(ControlEventSink& sink,
                                       const std::vector<std::string>& eventNames) {
    return m_sinks.add(sink, eventNames);
}

void EmbeddedTor::removeEventSink(ControlEventSink& sink) {
    m_sinks.remove(sink);
}

core::Result<std::string> EmbeddedTor::version() {
    auto reply = m_control->command("GETINFO version");
    if (!reply) {
        return tl::unexpected(reply.error());
    }
    const std::string prefix = "version=";
    const std::string& text = reply->firstText();
    if (!text.starts_with(prefix)) {
        return fail(ErrorCode::Malformed, "unexpected answer to GETINFO version");
    }
    std::string version = text.substr(prefix.size());
    // "0.4.9.11 (git-…)" → "0.4.9.11"
    if (const auto space = version.find(' '); space != std::string::npos) {
        version.resize(space);
    }
    return version;
}

core::BootstrapStatus EmbeddedTor::bootstrapStatus() const {
    std::lock_guard lock(m_mutex);
    return m_bootstrap;
}

void EmbeddedTor::onEvent(const ControlReply& event) {
    if (auto status = m_sinks.route(event)) {
        updateBootstrap(*status);
    }
}

void EmbeddedTor::updateBootstrap(const core::BootstrapStatus& status) {
    core::BootstrapStatus merged = status;
    {
        std::lock_guard lock(m_mutex);
        // A warning stands until Tor makes progress past the phase it was
        // stuck in; the NOTICE events in between do not mean it recovered.
        if (!merged.warning && m_bootstrap.warning && merged.progress <= m_bootstrap.progress) {
            merged.warning = m_bootstrap.warning;
            merged.reason = m_bootstrap.reason;
            merged.warningCount = m_bootstrap.warningCount;
        }
        if (merged == m_bootstrap) {
            return;
        }
        m_bootstrap = merged;
    }
    m_listener.onBootstrapStatus(merged);
}

void EmbeddedTor::stop() {
    if (m_stopped) {
        return;
    }
    m_stopped = true;
    if (m_control) {
        // A client exits at once on SHUTDOWN; closing the owning socket would
        // also end it. The reply may never come, so its result is not used.
        (void)m_control->command("SIGNAL SHUTDOWN", kShutdownTimeout);
        m_control->close();
    }
    if (m_torThread.joinable()) {
        m_torThread.join();
    }
}

EmbeddedTor::~EmbeddedTor() {
    stop();
}

} // namespace chive::transport
