#include "core/protocol/ExchangeReader.h"

#include "core/Sodium.h"

#include <sodium.h>

#include <array>
#include <string>
#include <utility>

namespace chive::core {

namespace {

static_assert(ExchangeReader::kConfirmLength == crypto_verify_32_BYTES);

std::span<const std::uint8_t> bytesOf(std::string_view text) {
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

void updateWithLength(crypto_generichash_state& state, std::span<const std::uint8_t> bytes) {
    // Bundles are at most ContactBundle::kMaxEncodedLength bytes (asserted
    // by the callers' parse), so two bytes always hold the length.
    const std::array<std::uint8_t, 2> length{static_cast<std::uint8_t>(bytes.size() >> 8U),
                                             static_cast<std::uint8_t>(bytes.size() & 0xFFU)};
    crypto_generichash_update(&state, length.data(), length.size());
    crypto_generichash_update(&state, bytes.data(), bytes.size());
}

} // namespace

ExchangeReader::ExchangeReader(HandshakeRole role, SecureBuffer secret,
                               std::vector<std::uint8_t> handshakeHash,
                               const ContactBundle& ownBundle)
    : m_role(role)
    , m_secret(std::move(secret))
    , m_handshakeHash(std::move(handshakeHash))
    , m_ownBundle(ownBundle)
    , m_ownBundleBytes(ownBundle.encode()) {}

Result<ExchangeReader> ExchangeReader::create(HandshakeRole role,
                                              std::span<const std::uint8_t> rendezvousSecret,
                                              std::span<const std::uint8_t> handshakeHash,
                                              const ContactBundle& ownBundle) {
    if (rendezvousSecret.size() != kSecretLength) {
        return fail(ErrorCode::InvalidArgument, "a rendezvous secret has 32 bytes");
    }
    if (handshakeHash.empty()) {
        return fail(ErrorCode::InvalidArgument, "no handshake hash");
    }
    return ExchangeReader(role, SecureBuffer::copyOf(rendezvousSecret),
                          std::vector<std::uint8_t>(handshakeHash.begin(), handshakeHash.end()),
                          ownBundle);
}

ExchangeReader::Confirm
ExchangeReader::computeConfirm(std::span<const std::uint8_t> rendezvousSecret, HandshakeRole sender,
                               std::span<const std::uint8_t> handshakeHash,
                               std::span<const std::uint8_t> initiatorBundle,
                               std::span<const std::uint8_t> responderBundle) {
    ensureSodium();
    crypto_generichash_state state;
    crypto_generichash_init(&state, rendezvousSecret.data(), rendezvousSecret.size(),
                            kConfirmLength);
    crypto_generichash_update(&state, bytesOf(kConfirmLabel).data(), kConfirmLabel.size());
    const std::uint8_t role = sender == HandshakeRole::Initiator ? 1 : 2;
    crypto_generichash_update(&state, &role, 1);
    crypto_generichash_update(&state, handshakeHash.data(), handshakeHash.size());
    updateWithLength(state, initiatorBundle);
    updateWithLength(state, responderBundle);
    Confirm confirm{};
    crypto_generichash_final(&state, confirm.data(), confirm.size());
    sodium_memzero(&state, sizeof state);
    return confirm;
}

Result<ExchangeReader::Step> ExchangeReader::failWith(ErrorCode code, std::string message) {
    m_state = State::Failed;
    return fail(code, std::move(message));
}

Result<ExchangeReader::Step> ExchangeReader::onRecord(RecordType type,
                                                      std::span<const std::uint8_t> body) {
    if (m_state == State::Failed) {
        return fail(ErrorCode::Closed, "the contact exchange has already failed");
    }
    if (m_state == State::Complete) {
        return failWith(ErrorCode::Malformed, "the contact sent a record after the exchange");
    }
    switch (type) {
    case RecordType::ExchangeBundle:
        return onBundle(body);
    case RecordType::ExchangeConfirm:
        return onConfirm(body);
    default:
        break;
    }
    if (isOptionalRecordType(type)) {
        return Step::Ignored;
    }
    return failWith(ErrorCode::Malformed, "the contact sent record type " +
                                              std::to_string(recordTypeByte(type)) +
                                              ", which does not belong in a contact exchange");
}

Result<ExchangeReader::Step> ExchangeReader::onBundle(std::span<const std::uint8_t> body) {
    if (m_state != State::AwaitBundle) {
        return failWith(ErrorCode::Malformed, "the contact sent its bundle twice");
    }
    auto bundle = ContactBundle::parse(body);
    if (!bundle) {
        m_state = State::Failed;
        return fail(bundle.error());
    }
    if (bundle->staticKey == m_ownBundle.staticKey ||
        bundle->serviceKey == m_ownBundle.serviceKey ||
        bundle->clientAuthKey == m_ownBundle.clientAuthKey) {
        return failWith(ErrorCode::Crypto, "the contact's bundle repeats one of our own keys");
    }
    m_peerBundle = *bundle;
    m_peerBundleBytes.assign(body.begin(), body.end());
    const bool initiator = m_role == HandshakeRole::Initiator;
    m_ownConfirm = computeConfirm(m_secret.span(), m_role, m_handshakeHash,
                                  initiator ? m_ownBundleBytes : m_peerBundleBytes,
                                  initiator ? m_peerBundleBytes : m_ownBundleBytes);
    m_state = State::AwaitConfirm;
    return Step::SendConfirm;
}

Result<ExchangeReader::Step> ExchangeReader::onConfirm(std::span<const std::uint8_t> body) {
    if (m_state != State::AwaitConfirm) {
        return failWith(ErrorCode::Malformed, "the contact confirmed before sending its bundle");
    }
    if (body.size() != kConfirmLength) {
        return failWith(ErrorCode::Malformed, "the contact's confirmation has " +
                                                  std::to_string(body.size()) + " bytes, not 32");
    }
    const bool initiator = m_role == HandshakeRole::Initiator;
    const Confirm expected = computeConfirm(m_secret.span(), otherRole(m_role), m_handshakeHash,
                                            initiator ? m_ownBundleBytes : m_peerBundleBytes,
                                            initiator ? m_peerBundleBytes : m_ownBundleBytes);
    if (crypto_verify_32(body.data(), expected.data()) != 0) {
        return failWith(ErrorCode::Crypto, "the contact's confirmation does not match this "
                                           "exchange (a different rendezvous or bundle)");
    }
    m_state = State::Complete;
    return Step::Done;
}

} // namespace chive::core
