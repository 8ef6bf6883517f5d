#include "core/session/SessionCipher.h"

#include "core/session/FrameReader.h"
#include "core/session/FrameWriter.h"

#include <cassert>
#include <utility>

namespace chive::core {

SessionCipher::SessionCipher(TransportCiphers ciphers, std::uint64_t rekeyInterval)
    : m_ciphers(std::move(ciphers))
    , m_rekeyInterval(rekeyInterval) {
    assert(m_rekeyInterval > 0);
}

Status SessionCipher::seal(RecordType type, std::span<const std::uint8_t> body,
                           std::vector<std::uint8_t>& frame) {
    // Without a key a CipherState passes bytes through: never for records.
    if (!m_ciphers.send.hasKey()) {
        return fail(ErrorCode::Closed, "the session keys are gone");
    }
    auto padded = Record::paddedLength(body.size());
    if (!padded) {
        return fail(padded.error());
    }
    const std::size_t ciphertextLength = *padded + CipherState::kTagLength;
    frame.resize(FrameReader::kHeaderLength + ciphertextLength);
    FrameWriter::writeHeader(ciphertextLength, std::span(frame).first<2>());
    const auto ciphertext = std::span(frame).subspan(FrameReader::kHeaderLength);
    const auto plaintext = ciphertext.first(*padded);
    Record::encodeInto(type, body, plaintext);
    // In place: the ciphertext overwrites the plaintext and appends the tag.
    if (auto status = m_ciphers.send.encryptWithAd({}, plaintext, ciphertext); !status) {
        frame.clear();
        return status;
    }
    if (m_ciphers.send.nonce() % m_rekeyInterval == 0) {
        return m_ciphers.send.rekey();
    }
    return {};
}

Result<RecordView> SessionCipher::open(std::span<std::uint8_t> message) {
    if (!m_ciphers.receive.hasKey()) {
        return fail(ErrorCode::Closed, "the session keys are gone");
    }
    if (message.size() < CipherState::kTagLength) {
        return fail(ErrorCode::Malformed, "a frame shorter than an authentication tag");
    }
    const auto plaintext = message.first(message.size() - CipherState::kTagLength);
    if (auto status = m_ciphers.receive.decryptWithAd({}, message, plaintext); !status) {
        return fail(status.error());
    }
    if (m_ciphers.receive.nonce() % m_rekeyInterval == 0) {
        if (auto status = m_ciphers.receive.rekey(); !status) {
            return fail(status.error());
        }
    }
    return Record::parseView(plaintext);
}

} // namespace chive::core
