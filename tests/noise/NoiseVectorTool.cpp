// chive-noise-vectors FILE...: runs Noise test vectors in the cacophony JSON
// format (as published by cacophony, snow and noise-c) through Chive's
// Noise implementation (core/crypto).
//
// For every vector whose protocol Chive supports (see NoiseProtocol: DH
// 25519, ChaChaPoly, SHA256 or BLAKE2b, no PSK or fallback), both parties
// are built with the vector's keys and fixed ephemerals; every message is
// written by its sender and compared with the vector's ciphertext, and the
// vector's ciphertext is read by the receiver and compared with the payload,
// through the handshake and the transport messages after Split(). The
// handshake hash is compared when the vector has one. Other vectors are
// skipped. Each failure is printed with the vector's name and message index;
// the last line is "N passed, N failed, N skipped". Exit status: 0 when
// nothing failed, 1 when a vector failed, 2 when a file could not be read or
// is not a vector file.
//
// The files are treated as hostile input: size-limited, parsed with
// nlohmann::json, and every field is type- and length-checked before use.
//
// Options: -v prints skipped vectors and why.

#include "core/crypto/HandshakeState.h"
#include "core/crypto/NoiseProtocol.h"
#include "core/crypto/X25519KeyPair.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

using chive::core::HandshakeRole;
using chive::core::HandshakeState;
using chive::core::NoiseProtocol;
using chive::core::TransportCiphers;
using chive::core::X25519KeyPair;
using chive::core::X25519PublicKey;
using Json = nlohmann::json;
using Bytes = std::vector<std::uint8_t>;

namespace {

// The largest vector file accepted; the published ones are under 2 MB.
constexpr std::size_t kMaxFileSize = 64U * 1024U * 1024U;
// A hex field longer than a Noise message's 65535 bytes is not a vector.
constexpr std::size_t kMaxHexLength = 2U * HandshakeState::kMaxMessageLength;

enum class Outcome { Passed, Failed, Skipped };

struct VectorResult {
    Outcome outcome = Outcome::Passed;
    std::string reason;
};

VectorResult failed(std::string reason) {
    return {Outcome::Failed, std::move(reason)};
}

std::optional<Bytes> fromHex(std::string_view hex) {
    if (hex.size() % 2 != 0 || hex.size() > kMaxHexLength) {
        return std::nullopt;
    }
    auto nibble = [](char c) -> int {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    };
    Bytes bytes;
    bytes.reserve(hex.size() / 2);
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        const int high = nibble(hex[i]);
        const int low = nibble(hex[i + 1]);
        if (high < 0 || low < 0) {
            return std::nullopt;
        }
        bytes.push_back(static_cast<std::uint8_t>((high << 4) | low));
    }
    return bytes;
}

std::string toHex(std::span<const std::uint8_t> bytes) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(bytes.size() * 2);
    for (const std::uint8_t byte : bytes) {
        hex.push_back(kDigits[byte >> 4]);
        hex.push_back(kDigits[byte & 0x0f]);
    }
    return hex;
}

// A hex field of `vector`: nullopt if absent; an error text if present but
// not a hex string.
struct HexField {
    std::optional<Bytes> value;
    std::string error;
};

HexField hexField(const Json& object, const char* key) {
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) {
        return {};
    }
    if (!it->is_string()) {
        return {std::nullopt, std::string(key) + " is not a string"};
    }
    auto bytes = fromHex(it->get_ref<const std::string&>());
    if (!bytes) {
        return {std::nullopt, std::string(key) + " is not a hex string"};
    }
    return {std::move(bytes), {}};
}

bool hasPsks(const Json& object, const char* key) {
    const auto it = object.find(key);
    return it != object.end() && it->is_array() && !it->empty();
}

// One party's keys from the vector (prefix "init_" or "resp_").
struct Party {
    Bytes prologue;
    std::optional<X25519KeyPair> localStatic;
    std::optional<X25519KeyPair> ephemeral;
    std::optional<X25519PublicKey> remoteStatic;
};

std::optional<std::string> readParty(const Json& vector, const std::string& prefix, Party& party) {
    const HexField prologue = hexField(vector, (prefix + "prologue").c_str());
    const HexField localStatic = hexField(vector, (prefix + "static").c_str());
    const HexField ephemeral = hexField(vector, (prefix + "ephemeral").c_str());
    const HexField remoteStatic = hexField(vector, (prefix + "remote_static").c_str());
    for (const HexField* field : {&prologue, &localStatic, &ephemeral, &remoteStatic}) {
        if (!field->error.empty()) {
            return field->error;
        }
    }
    party.prologue = prologue.value.value_or(Bytes{});
    if (localStatic.value) {
        auto pair = X25519KeyPair::fromSecretKey(*localStatic.value);
        if (!pair) {
            return prefix + "static: " + pair.error().message;
        }
        party.localStatic = std::move(*pair);
    }
    if (!ephemeral.value) {
        return prefix + "ephemeral is missing (the ciphertexts depend on it)";
    }
    auto pair = X25519KeyPair::fromSecretKey(*ephemeral.value);
    if (!pair) {
        return prefix + "ephemeral: " + pair.error().message;
    }
    party.ephemeral = std::move(*pair);
    if (remoteStatic.value) {
        if (remoteStatic.value->size() != chive::core::kPublicKeyLength) {
            return prefix + "remote_static is not 32 bytes";
        }
        X25519PublicKey key{};
        std::copy(remoteStatic.value->begin(), remoteStatic.value->end(), key.begin());
        party.remoteStatic = key;
    }
    return std::nullopt;
}

std::string messageError(std::size_t index, const std::string& what) {
    return "message " + std::to_string(index) + ": " + what;
}

VectorResult runVector(const Json& vector) {
    if (!vector.is_object()) {
        return failed("a vector is not a JSON object");
    }
    const auto nameIt =
        vector.contains("protocol_name") ? vector.find("protocol_name") : vector.find("name");
    if (nameIt == vector.end() || !nameIt->is_string()) {
        return failed("no protocol_name or name");
    }
    auto protocol = NoiseProtocol::parse(nameIt->get_ref<const std::string&>());
    if (!protocol) {
        return {Outcome::Skipped, protocol.error().message};
    }
    if (hasPsks(vector, "init_psks") || hasPsks(vector, "resp_psks")) {
        return {Outcome::Skipped, "pre-shared keys"};
    }

    Party init;
    Party resp;
    if (auto error = readParty(vector, "init_", init)) {
        return failed(*error);
    }
    if (auto error = readParty(vector, "resp_", resp)) {
        return failed(*error);
    }
    auto initiator = HandshakeState::createWithFixedEphemeralForTest(
        *protocol, HandshakeRole::Initiator, init.prologue,
        init.localStatic ? &*init.localStatic : nullptr, init.remoteStatic,
        std::move(*init.ephemeral));
    if (!initiator) {
        return failed("initiator: " + initiator.error().message);
    }
    auto responder = HandshakeState::createWithFixedEphemeralForTest(
        *protocol, HandshakeRole::Responder, resp.prologue,
        resp.localStatic ? &*resp.localStatic : nullptr, resp.remoteStatic,
        std::move(*resp.ephemeral));
    if (!responder) {
        return failed("responder: " + responder.error().message);
    }
    const HexField expectedHash = hexField(vector, "handshake_hash");
    if (!expectedHash.error.empty()) {
        return failed(expectedHash.error);
    }

    const auto messagesIt = vector.find("messages");
    if (messagesIt == vector.end() || !messagesIt->is_array() || messagesIt->empty()) {
        return failed("no messages");
    }
    std::optional<TransportCiphers> initCiphers;
    std::optional<TransportCiphers> respCiphers;
    for (std::size_t index = 0; index < messagesIt->size(); ++index) {
        const Json& message = (*messagesIt)[index];
        if (!message.is_object()) {
            return failed(messageError(index, "not a JSON object"));
        }
        const HexField payload = hexField(message, "payload");
        const HexField ciphertext = hexField(message, "ciphertext");
        if (!payload.value || !ciphertext.value) {
            return failed(messageError(index, "payload or ciphertext missing or not hex"));
        }
        Bytes written;
        Bytes read;
        if (!initCiphers) {
            const bool fromInitiator = initiator->isMyTurn();
            HandshakeState& sender = fromInitiator ? *initiator : *responder;
            HandshakeState& receiver = fromInitiator ? *responder : *initiator;
            auto out = sender.writeMessage(*payload.value);
            if (!out) {
                return failed(messageError(index, "writing: " + out.error().message));
            }
            written = std::move(*out);
            auto in = receiver.readMessage(*ciphertext.value);
            if (!in) {
                return failed(messageError(index, "reading: " + in.error().message));
            }
            read = std::move(*in);
        } else {
            // After the handshake the parties take turns, continuing the
            // handshake's alternation: even indexes are the initiator's.
            const bool fromInitiator = index % 2 == 0;
            auto& send = fromInitiator ? initCiphers->send : respCiphers->send;
            auto& receive = fromInitiator ? respCiphers->receive : initCiphers->receive;
            written.resize(send.ciphertextLength(payload.value->size()));
            if (auto status = send.encryptWithAd({}, *payload.value, written); !status) {
                return failed(messageError(index, "encrypting: " + status.error().message));
            }
            if (ciphertext.value->size() < chive::core::CipherState::kTagLength) {
                return failed(messageError(index, "ciphertext shorter than a tag"));
            }
            read.resize(ciphertext.value->size() - chive::core::CipherState::kTagLength);
            if (auto status = receive.decryptWithAd({}, *ciphertext.value, read); !status) {
                return failed(messageError(index, "decrypting: " + status.error().message));
            }
        }
        if (written != *ciphertext.value) {
            return failed(messageError(index, "ciphertext differs: got " + toHex(written)));
        }
        if (read != *payload.value) {
            return failed(messageError(index, "decrypted payload differs"));
        }
        if (!initCiphers && initiator->isComplete()) {
            if (!std::equal(initiator->handshakeHash().begin(), initiator->handshakeHash().end(),
                            responder->handshakeHash().begin(), responder->handshakeHash().end())) {
                return failed(messageError(index, "the two handshake hashes differ"));
            }
            if (expectedHash.value &&
                !std::equal(initiator->handshakeHash().begin(), initiator->handshakeHash().end(),
                            expectedHash.value->begin(), expectedHash.value->end())) {
                return failed("handshake_hash differs: got " + toHex(initiator->handshakeHash()));
            }
            auto i = initiator->split();
            auto r = responder->split();
            if (!i || !r) {
                return failed(messageError(index, "split failed"));
            }
            initCiphers = std::move(*i);
            respCiphers = std::move(*r);
        }
    }
    if (!initCiphers) {
        return failed("the messages end before the handshake does");
    }
    return {};
}

struct Totals {
    std::size_t passed = 0;
    std::size_t failed = 0;
    std::size_t skipped = 0;
};

// False if the file is unusable (already reported).
bool runFile(const std::string& path, bool verbose, Totals& totals) {
    std::ifstream file(path, std::ios::binary);
    if (!file) {
        std::cerr << path << ": cannot open\n";
        return false;
    }
    std::string text;
    char chunk[65536];
    while (file.read(chunk, sizeof(chunk)) || file.gcount() > 0) {
        text.append(chunk, static_cast<std::size_t>(file.gcount()));
        if (text.size() > kMaxFileSize) {
            std::cerr << path << ": larger than " << kMaxFileSize << " bytes\n";
            return false;
        }
    }
    Json document;
    try {
        document = Json::parse(text);
    } catch (const Json::exception& e) {
        std::cerr << path << ": not valid JSON: " << e.what() << '\n';
        return false;
    }
    if (!document.is_object() || !document.contains("vectors") || !document["vectors"].is_array()) {
        std::cerr << path << ": no \"vectors\" array\n";
        return false;
    }
    const Json& vectors = document["vectors"];
    for (std::size_t i = 0; i < vectors.size(); ++i) {
        const Json& vector = vectors[i];
        std::string name = "vector " + std::to_string(i);
        if (vector.is_object()) {
            for (const char* key : {"protocol_name", "name"}) {
                if (const auto it = vector.find(key); it != vector.end() && it->is_string()) {
                    name += " (" + it->get<std::string>() + ")";
                    break;
                }
            }
        }
        VectorResult result;
        try {
            result = runVector(vector);
        } catch (const Json::exception& e) {
            result = failed(std::string("unexpected JSON: ") + e.what());
        }
        switch (result.outcome) {
        case Outcome::Passed:
            ++totals.passed;
            break;
        case Outcome::Failed:
            ++totals.failed;
            std::cout << "FAIL " << path << ": " << name << ": " << result.reason << '\n';
            break;
        case Outcome::Skipped:
            ++totals.skipped;
            if (verbose) {
                std::cout << "skip " << path << ": " << name << ": " << result.reason << '\n';
            }
            break;
        }
    }
    return true;
}

} // namespace

int main(int argc, char** argv) {
    std::vector<std::string> files;
    bool verbose = false;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "-v") {
            verbose = true;
        } else if (arg == "-h" || arg == "--help") {
            std::cout << "usage: chive-noise-vectors [-v] FILE...\n";
            return 0;
        } else {
            files.emplace_back(arg);
        }
    }
    if (files.empty()) {
        std::cerr << "usage: chive-noise-vectors [-v] FILE...\n";
        return 2;
    }
    Totals totals;
    bool filesOk = true;
    for (const std::string& path : files) {
        filesOk = runFile(path, verbose, totals) && filesOk;
    }
    std::cout << totals.passed << " passed, " << totals.failed << " failed, " << totals.skipped
              << " skipped\n";
    if (!filesOk) {
        return 2;
    }
    return totals.failed == 0 ? 0 : 1;
}
