// bench_crypto: records per second through Chive's session record layer
// (SessionCipher: pad, encrypt, frame; then decrypt, check, parse; in
// memory, no stream) next to bare libsodium ChaCha20-Poly1305 (IETF) encrypt
// + decrypt of the same body sizes and of the padded record sizes, in the
// same run; then the time of a whole KK session handshake (both sides, in
// memory). The product's bar: session throughput at least 80% of bare
// libsodium on the same record sizes (the "vs padded" column).
//
// Rates are per second of the thread's CPU time. Samples alternate between
// the session layer and bare libsodium and the median of each is reported,
// so that what load from other processes still does (caches, frequency)
// hits both alike.
//
//   bench_crypto [--seconds S] [--rounds N]     defaults: 0.2 s CPU per sample, 9 rounds

#include "core/Sodium.h"
#include "core/crypto/X25519KeyPair.h"
#include "core/session/Record.h"
#include "core/session/SessionCipher.h"
#include "core/session/SessionHandshake.h"

#include <sodium.h>
#include <time.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

using chive::core::HandshakeRole;
using chive::core::Record;
using chive::core::RecordType;
using chive::core::SessionCipher;
using chive::core::SessionHandshake;
using chive::core::X25519KeyPair;

constexpr double kRatioBar = 0.80;

[[noreturn]] void usage() {
    (void)std::fprintf(stderr, "usage: bench_crypto [--seconds S] [--rounds N]\n");
    std::exit(2); // NOLINT(concurrency-mt-unsafe): single-threaded
}

struct SessionPair {
    SessionCipher alice;
    SessionCipher bob;
};

SessionPair handshake() {
    const auto alice = X25519KeyPair::generate();
    const auto bob = X25519KeyPair::generate();
    auto initiator =
        SessionHandshake::create(HandshakeRole::Initiator, alice, bob.publicKey()).value();
    auto responder =
        SessionHandshake::create(HandshakeRole::Responder, bob, alice.publicKey()).value();
    const auto message2 = responder.respond(initiator.start().value()).value();
    if (!initiator.finish(message2)) {
        std::abort();
    }
    return {SessionCipher(std::move(initiator.complete().value().ciphers)),
            SessionCipher(std::move(responder.complete().value().ciphers))};
}

// Seconds of CPU time this thread has used. Rates are per CPU second, not
// per wall-clock second: on a shared machine other processes take the CPU
// away at random, which wall time would count against whichever side was
// running.
double threadCpuSeconds() {
    timespec now{};
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

// Runs `step` in batches until `seconds` of CPU time have passed; returns
// steps per CPU second.
template <class Step>
double rate(double seconds, Step step) {
    const double start = threadCpuSeconds();
    std::size_t count = 0;
    double elapsed = 0;
    while (elapsed < seconds) {
        for (int i = 0; i < 64; ++i) {
            step();
        }
        count += 64;
        elapsed = threadCpuSeconds() - start;
    }
    return static_cast<double>(count) / elapsed;
}

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

// Bare libsodium: encrypt `size` bytes, decrypt them back, counter nonce.
class BareAead {
public:
    explicit BareAead(std::size_t size)
        : m_plaintext(size, 0x5A)
        , m_ciphertext(size + crypto_aead_chacha20poly1305_ietf_ABYTES)
        , m_decrypted(size) {
        crypto_aead_chacha20poly1305_ietf_keygen(m_key.data());
    }

    void step() {
        std::array<std::uint8_t, crypto_aead_chacha20poly1305_ietf_NPUBBYTES> nonce{};
        std::memcpy(nonce.data() + 4, &m_counter, sizeof(m_counter));
        ++m_counter;
        unsigned long long length = 0;
        crypto_aead_chacha20poly1305_ietf_encrypt(m_ciphertext.data(), &length, m_plaintext.data(),
                                                  m_plaintext.size(), nullptr, 0, nullptr,
                                                  nonce.data(), m_key.data());
        if (crypto_aead_chacha20poly1305_ietf_decrypt(
                m_decrypted.data(), &length, nullptr, m_ciphertext.data(), m_ciphertext.size(),
                nullptr, 0, nonce.data(), m_key.data()) != 0) {
            std::abort();
        }
    }

private:
    std::array<std::uint8_t, crypto_aead_chacha20poly1305_ietf_KEYBYTES> m_key{};
    std::vector<std::uint8_t> m_plaintext;
    std::vector<std::uint8_t> m_ciphertext;
    std::vector<std::uint8_t> m_decrypted;
    std::uint64_t m_counter = 0;
};

// The session layer: Alice seals a record, Bob opens it.
class SessionRecords {
public:
    explicit SessionRecords(std::size_t bodySize)
        : m_pair(handshake())
        , m_body(bodySize, 0x5A) {}

    void step() {
        if (!m_pair.alice.seal(RecordType::Message, m_body, m_frame)) {
            std::abort();
        }
        // open() decrypts in place; the frame body starts after the length.
        const auto view = m_pair.bob.open(std::span(m_frame).subspan(2));
        if (!view || view->body.size() != m_body.size()) {
            std::abort();
        }
    }

private:
    SessionPair m_pair;
    std::vector<std::uint8_t> m_body;
    std::vector<std::uint8_t> m_frame;
};

} // namespace

int main(int argc, char** argv) {
    double seconds = 0.2;
    int rounds = 9;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--seconds") == 0 && i + 1 < argc) {
            char* end = nullptr;
            seconds = std::strtod(argv[++i], &end);
            if (end == nullptr || *end != '\0' || !(seconds > 0)) {
                usage();
            }
        } else if (std::strcmp(argv[i], "--rounds") == 0 && i + 1 < argc) {
            char* end = nullptr;
            const long value = std::strtol(argv[++i], &end, 10);
            if (end == nullptr || *end != '\0' || value < 1 || value > 1000) {
                usage();
            }
            rounds = static_cast<int>(value);
        } else {
            usage();
        }
    }
    chive::core::ensureSodium();
    std::printf(
        "bench_crypto: libsodium %s, %.2f s CPU per sample, %d rounds, median, per CPU second\n",
        chive::core::sodiumVersion(), seconds, rounds);
    std::printf("%-9s %-10s %14s %14s %14s %9s %9s %s\n", "body", "record", "session rec/s",
                "bare body/s", "bare padded/s", "vs body", "vs padded", "bar 0.80");

    bool allOk = true;
    for (const std::size_t body : {std::size_t{64}, std::size_t{1024}, std::size_t{16384}}) {
        const std::size_t padded = Record::paddedLength(body).value();
        SessionRecords session(body);
        BareAead bareBody(body);
        BareAead barePadded(padded);
        std::vector<double> sessionRates;
        std::vector<double> bodyRates;
        std::vector<double> paddedRates;
        for (int round = 0; round < rounds; ++round) {
            sessionRates.push_back(rate(seconds, [&] { session.step(); }));
            bodyRates.push_back(rate(seconds, [&] { bareBody.step(); }));
            paddedRates.push_back(rate(seconds, [&] { barePadded.step(); }));
        }
        const double sessionRate = median(sessionRates);
        const double bodyRate = median(bodyRates);
        const double paddedRate = median(paddedRates);
        const double vsPadded = sessionRate / paddedRate;
        const bool ok = vsPadded >= kRatioBar;
        allOk = allOk && ok;
        std::printf("%-9zu %-10zu %14.0f %14.0f %14.0f %9.2f %9.2f %s\n", body, padded, sessionRate,
                    bodyRate, paddedRate, sessionRate / bodyRate, vsPadded, ok ? "ok" : "UNDER");
    }

    // The KK handshake: both sides' work, in memory (4 messages' worth of
    // DH and hashing, key generation, secure-memory allocation).
    std::vector<double> handshakeTimes;
    for (int round = 0; round < rounds; ++round) {
        const double perSecond = rate(seconds, [] { (void)handshake(); });
        handshakeTimes.push_back(1e6 / perSecond);
    }
    std::printf("KK session handshake (both sides, in memory): %.1f us CPU, median\n",
                median(handshakeTimes));
    std::printf("session throughput vs bare libsodium on the padded record sizes: %s\n",
                allOk ? "at least 0.80 for every size" : "UNDER 0.80 for some size");
    return 0;
}
