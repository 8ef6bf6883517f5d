#pragma once

// ContactRepository: the profile's contacts and their per-contact keys.
// Thread contract: see SettingsRepository.h.

#include "core/Result.h"
#include "core/SecureBuffer.h"
#include "core/store/Contact.h"

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace chive::core {

class ContactRepository {
public:
    ContactRepository() = default;
    virtual ~ContactRepository() = default;
    ContactRepository(const ContactRepository&) = delete;
    ContactRepository& operator=(const ContactRepository&) = delete;
    ContactRepository(ContactRepository&&) = delete;
    ContactRepository& operator=(ContactRepository&&) = delete;

    // secretKeys: this contact's private keys (static key, onion service key,
    // client-auth key), opaque to storage. The caller keeps and wipes its copy.
    virtual Result<ContactId> add(const NewContact& contact,
                                  std::span<const std::uint8_t> secretKeys, Timestamp now) = 0;
    virtual Result<Contact> get(ContactId id) = 0;
    // Ordered by alias, then id.
    virtual Result<std::vector<Contact>> list() = 0;

    virtual Status rename(ContactId id, std::string_view alias, Timestamp now) = 0;
    virtual Status setState(ContactId id, ContactState state, Timestamp now) = 0;
    virtual Status setVerification(ContactId id, VerificationState state, Timestamp now) = 0;
    virtual Status setPeerData(ContactId id, std::span<const std::uint8_t> peerData,
                               Timestamp now) = 0;

    virtual Result<SecureBuffer> secretKeys(ContactId id) = 0;
    virtual Status setSecretKeys(ContactId id, std::span<const std::uint8_t> secretKeys,
                                 Timestamp now) = 0;

    // Removes the contact, its whole conversation (search index included)
    // and its outbox, leaving no trace in the profile's files.
    virtual Status remove(ContactId id) = 0;
};

} // namespace chive::core
