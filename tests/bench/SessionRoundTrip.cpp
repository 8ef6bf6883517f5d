#include "tests/bench/SessionRoundTrip.h"

#include "core/protocol/AckRecord.h"
#include "core/protocol/MessageRecord.h"
#include "core/session/Record.h"
#include "core/session/Session.h"

#include <sodium.h>

#include <algorithm>
#include <cstdio>
#include <set>
#include <sstream>
#include <string>

#include "tests/bench/BenchSupport.h"

namespace chive::bench {

namespace {

using Clock = std::chrono::steady_clock;
using core::ErrorCode;
using core::fail;

constexpr std::chrono::seconds kTimeout{30};
constexpr std::size_t kWarmUp = 10;
constexpr std::size_t kTagLength = 16;        // ChaChaPoly
constexpr std::size_t kFrameHeaderLength = 2; // u16 length

// Fixed, public keys: both ends of the benchmark's sessions know them.
core::X25519KeyPair fixedKey(std::uint8_t fill) {
    std::array<std::uint8_t, core::X25519KeyPair::kSecretKeyLength> secret{};
    secret.fill(fill);
    auto pair = core::X25519KeyPair::fromSecretKey(secret);
    return std::move(pair.value());
}
core::X25519KeyPair initiatorKey() {
    return fixedKey(0x11);
}
core::X25519KeyPair responderKey() {
    return fixedKey(0x22);
}

// Lends a stream that someone else owns to a Session.
class BorrowedStream final : public core::ByteStream {
public:
    explicit BorrowedStream(core::ByteStream& stream)
        : m_stream(stream) {}
    core::Result<std::size_t> read(std::span<std::uint8_t> buffer,
                                   std::chrono::milliseconds timeout) override {
        return m_stream.read(buffer, timeout);
    }
    core::Status write(std::span<const std::uint8_t> bytes,
                       std::chrono::milliseconds timeout) override {
        return m_stream.write(bytes, timeout);
    }
    void close() override { m_stream.close(); }

private:
    core::ByteStream& m_stream;
};

core::Status readExactly(core::ByteStream& stream, std::span<std::uint8_t> out) {
    std::size_t got = 0;
    while (got < out.size()) {
        auto n = stream.read(out.subspan(got), kTimeout);
        if (!n) {
            return fail(n.error());
        }
        if (*n == 0) {
            return fail(ErrorCode::Closed, "the peer closed the stream");
        }
        got += *n;
    }
    return {};
}

core::Result<double> echoRoundTrip(core::ByteStream& stream,
                                   std::span<const std::uint8_t> payload) {
    std::vector<std::uint8_t> back(payload.size());
    const auto start = Clock::now();
    if (auto written = stream.write(payload, kTimeout); !written) {
        return fail(written.error());
    }
    if (auto read = readExactly(stream, back); !read) {
        return fail(read.error());
    }
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    if (!std::equal(back.begin(), back.end(), payload.begin())) {
        return fail(ErrorCode::Malformed, "the echo returned other bytes");
    }
    return ms;
}

core::Result<double> sessionRoundTrip(core::Session& session, std::uint64_t id,
                                      const std::string& text) {
    const core::MessageRecord message{core::MessageId(id), core::nowTimestamp(), text};
    auto body = message.encode();
    if (!body) {
        return fail(body.error());
    }
    const auto start = Clock::now();
    if (auto sent = session.send(core::RecordType::Message, *body); !sent) {
        return fail(sent.error());
    }
    auto record = session.receive();
    if (!record) {
        return fail(record.error());
    }
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    auto ack = core::AckRecord::parse(record->body);
    if (record->type != core::RecordType::Ack || !ack || ack->id.value() != id) {
        return fail(ErrorCode::Malformed, "the peer did not acknowledge the message");
    }
    return ms;
}

// The circuit ids that carry this client's streams to `service`
// (GETINFO stream-status: "StreamID StreamStatus CircuitID Target").
std::set<std::string> circuitsTo(transport::ControlConnection& control,
                                 const transport::OnionAddress& service) {
    std::set<std::string> out;
    auto reply = control.command("GETINFO stream-status");
    if (!reply) {
        return out;
    }
    const std::string target = service.serviceId() + ".onion:";
    auto add = [&](const std::string& entry) {
        std::istringstream in(entry);
        std::string id;
        std::string status;
        std::string circuit;
        std::string where;
        if (in >> id >> status >> circuit >> where && where.starts_with(target) &&
            status == "SUCCEEDED") {
            out.insert(circuit);
        }
    };
    for (const auto& line : reply->lines) {
        constexpr std::string_view kPrefix = "stream-status=";
        if (!line.text.starts_with(kPrefix)) {
            continue;
        }
        if (line.text.size() > kPrefix.size()) {
            add(line.text.substr(kPrefix.size()));
        }
        if (line.data) {
            std::istringstream in(*line.data);
            for (std::string entry; std::getline(in, entry);) {
                add(entry);
            }
        }
    }
    return out;
}

core::Result<std::unique_ptr<core::Session>> openSession(const SessionRoundTrip::Connect& connect,
                                                         const transport::OnionAddress& service) {
    auto stream = connect(service, std::chrono::seconds(60));
    if (!stream) {
        return fail(stream.error());
    }
    if (auto written = (*stream)->write(SessionRoundTrip::kSessionMagic, kTimeout); !written) {
        return fail(written.error());
    }
    std::array<std::uint8_t, 1> accepted{};
    if (auto read = readExactly(**stream, accepted); !read) {
        return fail(read.error());
    }
    if (accepted[0] != SessionRoundTrip::kSessionAccepted) {
        return fail(ErrorCode::Malformed, "the peer did not start a session");
    }
    return core::Session::initiate(std::move(*stream), initiatorKey(), responderKey().publicKey());
}

} // namespace

std::size_t SessionRoundTrip::frameLength(std::size_t textLength) {
    const auto padded = core::Record::paddedLength(core::MessageRecord::kHeaderLength + textLength);
    return kFrameHeaderLength + padded.value_or(0) + kTagLength;
}

void SessionRoundTrip::serve(core::ByteStream& stream) {
    if (!stream.write(std::array<std::uint8_t, 1>{kSessionAccepted}, kTimeout)) {
        return;
    }
    auto session = core::Session::accept(std::make_unique<BorrowedStream>(stream), responderKey(),
                                         initiatorKey().publicKey());
    if (!session) {
        return;
    }
    while (true) {
        auto record = (*session)->receive();
        if (!record) {
            return;
        }
        if (record->type != core::RecordType::Message) {
            continue;
        }
        auto message = core::MessageRecord::parse(record->body);
        if (!message) {
            return;
        }
        auto ack = core::AckRecord{message->id}.encode();
        if (!ack || !(*session)->send(core::RecordType::Ack, *ack)) {
            return;
        }
    }
}

bool SessionRoundTrip::measure(const Connect& connect, transport::ControlConnection& control,
                               const std::vector<transport::OnionAddress>& services,
                               std::size_t samples, std::size_t textLength) {
    const std::size_t frame = frameLength(textLength);
    std::printf("  a MESSAGE with %zu bytes of text and its ACK are one %zu-byte frame each "
                "way; the bare echo sends and gets back %zu bytes\n",
                textLength, frame, frame);
    std::printf("  %-12s %9s %9s %9s %9s %9s %7s  %s\n", "circuit", "echo med", "p90", "session",
                "p90", "ratio", "n", "same circuit");
    std::vector<std::uint8_t> payload(frame);
    randombytes_buf(payload.data(), payload.size());
    const std::string text(textLength, 'm');
    std::vector<double> allEcho;
    std::vector<double> allSession;
    std::vector<double> ratios;
    bool ok = true;
    std::uint64_t nextId = 1;
    for (std::size_t i = 0; i < services.size(); ++i) {
        const auto& service = services[i];
        auto echo = connect(service, std::chrono::seconds(60));
        if (!echo) {
            std::fprintf(stderr, "  session benchmark: connect failed: %s\n",
                         echo.error().message.c_str());
            ok = false;
            continue;
        }
        auto session = openSession(connect, service);
        if (!session) {
            std::fprintf(stderr, "  session benchmark: no session: %s\n",
                         session.error().message.c_str());
            (*echo)->close();
            ok = false;
            continue;
        }
        const auto circuits = circuitsTo(control, service);
        std::vector<double> echoMs;
        std::vector<double> sessionMs;
        std::size_t failures = 0;
        for (std::size_t k = 0; k < kWarmUp + samples; ++k) {
            // Alternate which goes first, so that neither always follows
            // the other's last cell.
            auto e = [&] {
                return echoRoundTrip(**echo, payload);
            };
            auto s = [&] {
                return sessionRoundTrip(**session, nextId++, text);
            };
            const auto first = k % 2 == 0 ? e() : s();
            const auto second = k % 2 == 0 ? s() : e();
            const auto& echoResult = k % 2 == 0 ? first : second;
            const auto& sessionResult = k % 2 == 0 ? second : first;
            if (!echoResult || !sessionResult) {
                ++failures;
                break;
            }
            if (k >= kWarmUp) {
                echoMs.push_back(*echoResult);
                sessionMs.push_back(*sessionResult);
            }
        }
        (*session)->close();
        (*echo)->close();
        const double echoMedian = quantile(echoMs, 0.5);
        const double sessionMedian = quantile(sessionMs, 0.5);
        const double ratio = echoMedian > 0 ? sessionMedian / echoMedian : 0.0;
        std::string same =
            circuits.size() == 1 ? "yes, circuit " + *circuits.begin() : "NO: circuits";
        if (circuits.size() != 1) {
            for (const auto& id : circuits) {
                same += " " + id;
            }
        }
        std::printf("  %-12zu %9.2f %9.2f %9.2f %9.2f %8.2fx %7zu  %s%s\n", i, echoMedian,
                    quantile(echoMs, 0.9), sessionMedian, quantile(sessionMs, 0.9), ratio,
                    echoMs.size(), same.c_str(), failures > 0 ? "  (a round trip failed)" : "");
        if (failures > 0 || circuits.size() != 1) {
            ok = false;
        }
        allEcho.insert(allEcho.end(), echoMs.begin(), echoMs.end());
        allSession.insert(allSession.end(), sessionMs.begin(), sessionMs.end());
        if (ratio > 0) {
            ratios.push_back(ratio);
        }
    }
    const double echoMedian = quantile(allEcho, 0.5);
    const double sessionMedian = quantile(allSession, 0.5);
    std::printf("  %-12s %9.2f %9.2f %9.2f %9.2f %8.2fx %7zu\n", "all", echoMedian,
                quantile(allEcho, 0.9), sessionMedian, quantile(allSession, 0.9),
                echoMedian > 0 ? sessionMedian / echoMedian : 0.0, allEcho.size());
    std::printf("  session/echo: median of all samples %.2fx; median of the per-circuit ratios "
                "%.2fx, worst %.2fx (product bar: at most 1.25x)\n",
                echoMedian > 0 ? sessionMedian / echoMedian : 0.0, quantile(ratios, 0.5),
                ratios.empty() ? 0.0 : *std::max_element(ratios.begin(), ratios.end()));
    return ok;
}

} // namespace chive::bench
