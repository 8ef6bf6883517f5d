#include "transport/SystemTor.h"

#include "core/SecureBuffer.h"
#include "transport/BootstrapParser.h"
#include "transport/SafeCookie.h"
#include "transport/SocketWait.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <sstream>

namespace chive::transport {

using core::ErrorCode;
using core::fail;

namespace {

std::string toHex(std::span<const std::uint8_t> bytes) {
    std::string hex(bytes.size() * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), bytes.data(), bytes.size());
    hex.pop_back();
    return hex;
}

// Exactly `size` bytes from hex text, or nullopt.
std::optional<std::vector<std::uint8_t>> fromHex(std::string_view hex, std::size_t size) {
    if (hex.size() != size * 2) {
        return std::nullopt;
    }
    std::vector<std::uint8_t> bytes(size);
    std::size_t length = 0;
    if (sodium_hex2bin(bytes.data(), bytes.size(), hex.data(), hex.size(), nullptr, &length,
                       nullptr) != 0 ||
        length != size) {
        return std::nullopt;
    }
    return bytes;
}

// The cookie file's 32 bytes, read into secure memory; Io with why not.
core::Result<core::SecureBuffer> readCookie(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) {
        return fail(ErrorCode::Io, systemError("cannot read Tor's cookie file " + path, errno));
    }
    struct stat info {};
    core::SecureBuffer cookie(SafeCookie::kCookieLength);
    std::size_t have = 0;
    bool ok = ::fstat(fd, &info) == 0 && S_ISREG(info.st_mode) &&
              info.st_size == static_cast<off_t>(SafeCookie::kCookieLength);
    while (ok && have < cookie.size()) {
        const ssize_t got = ::read(fd, cookie.data() + have, cookie.size() - have);
        if (got < 0 && errno == EINTR) {
            continue;
        }
        ok = got > 0;
        have += ok ? static_cast<std::size_t>(got) : 0;
    }
    ::close(fd);
    if (!ok) {
        return fail(ErrorCode::Io, "Tor's cookie file " + path + " is not a 32-byte file");
    }
    return cookie;
}

bool offers(const std::vector<std::string>& methods, std::string_view method) {
    return std::ranges::find(methods, method) != methods.end();
}

} // namespace

SystemTor::SystemTor(core::TorEventListener& listener, LocalEndpoint endpoint)
    : m_listener(listener)
    , m_endpoint(std::move(endpoint))
    , m_sinks(kSetupTimeout) {}

SystemTor::~SystemTor() {
    if (m_control) {
        m_control->close();
    }
}

core::Result<LocalEndpoint> SystemTor::endpointOf(const core::SystemTorSettings& settings) {
    if (!settings.controlSocket.empty()) {
        return LocalEndpoint::unixSocket(settings.controlSocket);
    }
    return LocalEndpoint::loopback("127.0.0.1", settings.controlPort);
}

core::Result<std::unique_ptr<SystemTor>> SystemTor::connect(const core::SystemTorSettings& settings,
                                                            core::TorEventListener& listener) {
    auto endpoint = endpointOf(settings);
    if (!endpoint) {
        return fail(endpoint.error());
    }
    auto fd = endpoint->connect(kSetupTimeout);
    if (!fd) {
        return fail(ErrorCode::Network, "cannot reach Tor's control port at " +
                                            endpoint->describe() + ": " + fd.error().message);
    }
    std::unique_ptr<SystemTor> tor(new SystemTor(listener, *endpoint));
    SystemTor* self = tor.get();
    tor->m_control = std::make_unique<ControlConnection>(
        fd->release(), [self](const ControlReply& event) { self->onEvent(event); },
        [self](const std::string& reason) {
            // Closing our connection leaves the system's Tor running: only
            // an end we did not ask for is news.
            if (!reason.empty()) {
                self->m_listener.onTorStopped(reason);
            }
        });
    tor->m_sinks.attach(*tor->m_control);
    if (auto ok = tor->authenticate(settings); !ok) {
        return fail(ok.error());
    }
    if (auto ok = tor->m_sinks.subscribe(); !ok) {
        return fail(ok.error());
    }
    tor->readBootstrap();
    return tor;
}

core::Error SystemTor::authFailed(const std::string& why) const {
    return core::Error{ErrorCode::Crypto, "authentication failed at Tor's control port " +
                                              m_endpoint.describe() + ": " + why};
}

core::Status SystemTor::authenticate(const core::SystemTorSettings& settings) {
    auto info = m_control->command("PROTOCOLINFO 1", kSetupTimeout);
    if (!info) {
        return fail(ErrorCode::Network, "cannot reach Tor's control port at " +
                                            m_endpoint.describe() + ": " + info.error().message);
    }
    const auto authLine = std::ranges::find_if(
        info->lines, [](const ControlReplyLine& line) { return line.text.starts_with("AUTH "); });
    if (authLine == info->lines.end()) {
        return fail(ErrorCode::Malformed, m_endpoint.describe() + " does not answer as Tor does");
    }
    auto auth = ControlArguments::parse(authLine->text);
    if (!auth) {
        return fail(auth.error());
    }
    std::vector<std::string> methods;
    std::stringstream list(auth->value("METHODS").value_or(""));
    for (std::string method; std::getline(list, method, ',');) {
        methods.push_back(method);
    }

    std::string why = "Tor offers " + auth->value("METHODS").value_or("nothing");
    if (settings.auth == core::ControlAuth::Cookie && offers(methods, "SAFECOOKIE")) {
        const std::string cookieFile = settings.cookieFile.empty()
                                           ? auth->value("COOKIEFILE").value_or("")
                                           : settings.cookieFile;
        auto done = authenticateSafeCookie(cookieFile);
        if (done || done.error().code != ErrorCode::Io) {
            return done;
        }
        why = done.error().message;
    } else if (settings.auth == core::ControlAuth::Password && !settings.password.empty() &&
               offers(methods, "HASHEDPASSWORD")) {
        // AUTHENTICATE "<password>", quoted; validateNetworkSettings refused
        // control characters, so only quote and backslash need escaping.
        std::string escaped;
        for (const char c : settings.password) {
            if (c == '"' || c == '\\') {
                escaped += '\\';
            }
            escaped += c;
        }
        const std::string head = "AUTHENTICATE \"";
        core::SecureBuffer line(head.size() + escaped.size() + 1);
        std::copy(head.begin(), head.end(), line.data());
        std::copy(escaped.begin(), escaped.end(), line.data() + head.size());
        line.data()[line.size() - 1] = '"';
        sodium_memzero(escaped.data(), escaped.size());
        auto reply = m_control->command({reinterpret_cast<const char*>(line.data()), line.size()},
                                        kSetupTimeout);
        if (!reply) {
            return fail(authFailed("Tor refused the password"));
        }
        return {};
    }
    if (offers(methods, "NULL")) {
        if (auto reply = m_control->command("AUTHENTICATE", kSetupTimeout); !reply) {
            return fail(authFailed(reply.error().message));
        }
        return {};
    }
    return fail(authFailed(why));
}

core::Status SystemTor::authenticateSafeCookie(const std::string& cookieFile) {
    if (cookieFile.empty()) {
        return fail(ErrorCode::Io, "Tor names no cookie file");
    }
    auto cookie = readCookie(cookieFile);
    if (!cookie) {
        return fail(cookie.error());
    }
    std::array<std::uint8_t, SafeCookie::kNonceLength> clientNonce{};
    randombytes_buf(clientNonce.data(), clientNonce.size());
    auto challenge =
        m_control->command("AUTHCHALLENGE SAFECOOKIE " + toHex(clientNonce), kSetupTimeout);
    if (!challenge) {
        return fail(authFailed(challenge.error().message));
    }
    auto arguments = ControlArguments::parse(challenge->firstText());
    if (!arguments) {
        return fail(arguments.error());
    }
    const auto serverHash = fromHex(arguments->value("SERVERHASH").value_or(""), 32);
    const auto serverNonce =
        fromHex(arguments->value("SERVERNONCE").value_or(""), SafeCookie::kNonceLength);
    if (!serverHash || !serverNonce) {
        return fail(ErrorCode::Malformed, "Tor's AUTHCHALLENGE answer does not parse");
    }
    if (!SafeCookie::verifyServerHash(cookie->span(), clientNonce, *serverNonce, *serverHash)) {
        return fail(authFailed("the server does not know Tor's cookie: it may not be Tor"));
    }
    const auto clientHash = SafeCookie::clientHash(cookie->span(), clientNonce, *serverNonce);
    if (auto reply = m_control->command("AUTHENTICATE " + toHex(clientHash), kSetupTimeout);
        !reply) {
        return fail(authFailed(reply.error().message));
    }
    return {};
}

core::Result<LocalEndpoint> SystemTor::parseSocksListeners(std::string_view value) {
    bool sawAny = false;
    while (!value.empty()) {
        if (value.front() == ' ') {
            value.remove_prefix(1);
            continue;
        }
        std::string item;
        if (value.front() == '"') {
            std::size_t i = 1;
            for (; i < value.size() && value[i] != '"'; ++i) {
                if (value[i] == '\\' && i + 1 < value.size()) {
                    ++i;
                }
                item += value[i];
            }
            if (i >= value.size()) {
                return fail(ErrorCode::Malformed, "an unterminated quoted string from Tor");
            }
            value.remove_prefix(i + 1);
        } else {
            const auto end = std::min(value.find(' '), value.size());
            item = value.substr(0, end);
            value.remove_prefix(end);
        }
        sawAny = true;
        if (auto endpoint = LocalEndpoint::parse(item); endpoint) {
            return endpoint;
        }
    }
    return fail(ErrorCode::NotFound,
                sawAny ? "Tor has no SOCKS port on this computer" : "Tor has no SOCKS port");
}

core::Result<LocalEndpoint> SystemTor::socksEndpoint() {
    {
        std::lock_guard lock(m_mutex);
        if (m_socks) {
            return *m_socks;
        }
    }
    auto socks = readSocksEndpoint();
    if (socks) {
        std::lock_guard lock(m_mutex);
        m_socks = *socks;
    }
    return socks;
}

core::Result<LocalEndpoint> SystemTor::readSocksEndpoint() {
    auto reply = m_control->command("GETINFO net/listeners/socks", kSetupTimeout);
    if (!reply) {
        return fail(reply.error());
    }
    const std::string prefix = "net/listeners/socks=";
    const auto& line = reply->lines.front();
    if (!line.text.starts_with(prefix)) {
        return fail(ErrorCode::Malformed, "unexpected answer to GETINFO net/listeners/socks");
    }
    auto socks = parseSocksListeners(line.data ? std::string_view(*line.data)
                                               : std::string_view(line.text).substr(prefix.size()));
    if (!socks) {
        return fail(socks.error().code, "cannot use the Tor at " + m_endpoint.describe() + ": " +
                                            socks.error().message);
    }
    return socks;
}

void SystemTor::readBootstrap() {
    auto phase = m_control->command("GETINFO status/bootstrap-phase", kSetupTimeout);
    const std::string prefix = "status/bootstrap-phase=";
    if (phase && phase->firstText().starts_with(prefix)) {
        if (auto status =
                parseBootstrapStatus(std::string_view(phase->firstText()).substr(prefix.size()));
            status && status->has_value()) {
            updateBootstrap(**status);
        }
    }
}

core::Status SystemTor::addEventSink(ControlEventSink& sink,
                                     const std::vector<std::string>& eventNames) {
    return m_sinks.add(sink, eventNames);
}

void SystemTor::removeEventSink(ControlEventSink& sink) {
    m_sinks.remove(sink);
}

core::BootstrapStatus SystemTor::bootstrapStatus() const {
    std::lock_guard lock(m_mutex);
    return m_bootstrap;
}

void SystemTor::onEvent(const ControlReply& event) {
    if (auto status = m_sinks.route(event)) {
        updateBootstrap(*status);
    }
}

void SystemTor::updateBootstrap(const core::BootstrapStatus& status) {
    {
        std::lock_guard lock(m_mutex);
        if (status == m_bootstrap) {
            return;
        }
        m_bootstrap = status;
    }
    m_listener.onBootstrapStatus(status);
}

} // namespace chive::transport
