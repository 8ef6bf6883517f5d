#pragma once

// ContactLink: the public half of a one-time invitation, as people exchange
// it. It carries a version and one fresh X25519 handshake public key made for
// this one contact (no long-lived identifier), protected by a checksum that
// catches typos. Text form (doc/protocol.md, "Contact links"):
//
//   chive:<60 base32 characters of version(1) || key(32) || checksum(4)>
//
// A plain value: it holds only public data, may be copied and shared between
// threads. parse() accepts the link inside surrounding text, wrapped over
// lines (also with mail quote markers), in any letter case, with or without
// "//" after the scheme, and fails with a precise error otherwise.

#include "core/Result.h"
#include "core/crypto/PublicKeys.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace chive::core {

class ContactLink {
public:
    static constexpr std::uint8_t kVersion = 1;
    static constexpr std::size_t kChecksumLength = 4;
    // version || handshake key || checksum
    static constexpr std::size_t kPayloadLength = 1 + kPublicKeyLength + kChecksumLength;
    // Unpadded base32 of the payload: 296 bits in 60 characters, the last 4
    // bits zero.
    static constexpr std::size_t kEncodedLength = (kPayloadLength * 8 + 4) / 5;
    static constexpr std::string_view kScheme = "chive:";
    // Text longer than this is refused before it is scanned (a paste of a
    // whole mailbox is not a link).
    static constexpr std::size_t kMaxTextLength = std::size_t{1024} * 1024;

    using Payload = std::array<std::uint8_t, kPayloadLength>;

    explicit ContactLink(const X25519PublicKey& handshakeKey)
        : m_handshakeKey(handshakeKey) {}

    // Finds and decodes the first chive: link in `text`. Errors, in the order
    // they are checked:
    //   Malformed          no "chive:" that starts a word ("not a Chive link");
    //                      a character outside base32 (names it and its
    //                      position); too few or too many characters
    //   UnsupportedVersion a version byte other than 1 (a newer Chive)
    //   Corrupt            the checksum does not match (a typo), or the
    //                      unused last bits are not zero
    //   TooLarge           text over kMaxTextLength
    static Result<ContactLink> parse(std::string_view text);

    [[nodiscard]] const X25519PublicKey& handshakeKey() const noexcept { return m_handshakeKey; }
    [[nodiscard]] Payload payload() const;
    // The canonical text: "chive:" and lowercase base32.
    [[nodiscard]] std::string toString() const;
    // The same text upper-cased, so that a QR code can hold it in
    // alphanumeric mode (a smaller code than byte mode).
    [[nodiscard]] std::string toQrText() const;

    friend bool operator==(const ContactLink&, const ContactLink&) = default;

private:
    X25519PublicKey m_handshakeKey;
};

} // namespace chive::core
