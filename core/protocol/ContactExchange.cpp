#include "core/protocol/ContactExchange.h"

#include "core/crypto/X25519KeyPair.h"
#include "core/net/DeadlineStream.h"
#include "core/protocol/ExchangeReader.h"
#include "core/session/Session.h"

#include <string>
#include <utility>

namespace chive::core {

namespace {

using Clock = std::chrono::steady_clock;

// The stream ended without a protocol error: a lost final message, not an
// attack.
bool isInterruption(ErrorCode code) {
    return code == ErrorCode::Closed || code == ErrorCode::Network || code == ErrorCode::Io ||
           code == ErrorCode::Timeout;
}

Error withContext(Error error, Clock::time_point deadline, std::chrono::milliseconds timeout) {
    if (Clock::now() >= deadline && isInterruption(error.code)) {
        return Error{ErrorCode::Timeout, "the contact exchange did not finish within " +
                                             std::to_string(timeout.count() / 1000) + " s"};
    }
    error.message = "contact exchange: " + error.message;
    return error;
}

} // namespace

Result<ExchangeResult>
ContactExchange::run(std::unique_ptr<ByteStream> stream, const Invitation& own,
                     const X25519PublicKey& peerHandshakeKey, const Rendezvous& rendezvous,
                     const ContactBundle& ownBundle, std::chrono::milliseconds timeout,
                     PlaintextTap plaintextTap) {
    const auto deadline = Clock::now() + timeout;
    auto handshakeKey = X25519KeyPair::fromSecretKey(own.secretKey());
    if (!handshakeKey) {
        return fail(handshakeKey.error());
    }
    SessionOptions options;
    options.prologue = std::string(kPrologue);
    // The deadline bounds everything; these only must not fire before it.
    options.handshakeTimeout = timeout;
    options.pingInterval = timeout;
    options.idleTimeout = timeout;
    options.writeTimeout = timeout;
    options.plaintextTap = std::move(plaintextTap);

    auto bounded = std::make_unique<DeadlineStream>(std::move(stream), deadline);
    const HandshakeRole role = rendezvous.role() == RendezvousRole::Connector
                                   ? HandshakeRole::Initiator
                                   : HandshakeRole::Responder;
    auto session =
        role == HandshakeRole::Initiator
            ? Session::initiate(std::move(bounded), *handshakeKey, peerHandshakeKey, options)
            : Session::accept(std::move(bounded), *handshakeKey, peerHandshakeKey, options);
    handshakeKey->wipe();
    if (!session) {
        return fail(withContext(session.error(), deadline, timeout));
    }
    auto reader =
        ExchangeReader::create(role, rendezvous.secret(), (*session)->handshakeHash(), ownBundle);
    if (!reader) {
        (*session)->close(CloseReason::Normal);
        return fail(reader.error());
    }

    // A failed send does not end the run: the peer's records may still be
    // on their way, and its CONFIRM alone tells us it holds our bundle.
    (void)(*session)->send(RecordType::ExchangeBundle, reader->ownBundleBytes());
    while (true) {
        auto record = (*session)->receive();
        if (!record) {
            Error error = withContext(record.error(), deadline, timeout);
            if (reader->hasPeerBundle() && isInterruption(error.code)) {
                return ExchangeResult{reader->peerBundle(), reader->peerBundleBytes(), false,
                                      std::move(error)};
            }
            return fail(std::move(error));
        }
        auto step = reader->onRecord(record->type, record->body);
        if (!step) {
            (*session)->close(CloseReason::ProtocolError);
            return fail(withContext(step.error(), deadline, timeout));
        }
        if (*step == ExchangeReader::Step::SendConfirm) {
            (void)(*session)->send(RecordType::ExchangeConfirm, reader->confirm());
        } else if (*step == ExchangeReader::Step::Done) {
            (*session)->close(CloseReason::Normal);
            return ExchangeResult{reader->peerBundle(), reader->peerBundleBytes(), true,
                                  std::nullopt};
        }
    }
}

} // namespace chive::core
