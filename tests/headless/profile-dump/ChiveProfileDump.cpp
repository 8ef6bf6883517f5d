// chive_profile_dump PROFILE_DIR: opens a profile with the password read
// from stdin (one line) and prints, as JSON, what the headless tests must
// compare but the headless mode never shows: each contact's bundle as
// received (peer) and our own keys for it (own), in hex, with the onion
// addresses they give. Test-only: it prints secret keys. The profile must
// not be open in another process (its directory lock).

#include "core/Sodium.h"
#include "core/protocol/ContactBundle.h"
#include "core/protocol/ContactKeys.h"
#include "storage/Profile.h"
#include "transport/OnionAddress.h"

#include <nlohmann/json.hpp>
#include <sodium.h>

#include <iostream>
#include <span>
#include <string>

namespace {

using chive::core::ContactBundle;
using chive::core::ContactKeys;
using chive::core::ProfileStore;
using chive::transport::OnionAddress;

std::string hex(std::span<const std::uint8_t> bytes) {
    std::string out(bytes.size() * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), bytes.data(), bytes.size());
    out.pop_back();
    return out;
}

nlohmann::ordered_json bundleJson(const ContactBundle& bundle) {
    nlohmann::ordered_json out;
    out["static_key"] = hex(bundle.staticKey);
    out["service_key"] = hex(bundle.serviceKey);
    out["onion"] = OnionAddress::fromPublicKey(bundle.serviceKey).toString();
    out["client_auth_key"] = hex(bundle.clientAuthKey);
    return out;
}

nlohmann::ordered_json dump(ProfileStore& store) {
    nlohmann::ordered_json out;
    out["contacts"] = nlohmann::ordered_json::array();
    auto contacts = store.contacts().list();
    if (!contacts) {
        out["error"] = contacts.error().message;
        return out;
    }
    for (const auto& contact : *contacts) {
        nlohmann::ordered_json entry;
        entry["id"] = contact.id.value();
        entry["alias"] = contact.alias;
        entry["state"] = static_cast<int>(contact.state);
        entry["peer_data"] = hex(contact.peerData);
        if (auto peer = ContactBundle::parse(contact.peerData)) {
            entry["peer"] = bundleJson(*peer);
        }
        if (auto secret = store.contacts().secretKeys(contact.id)) {
            entry["secret_keys"] = hex(secret->span());
            if (auto keys = ContactKeys::parse(secret->span())) {
                auto own = bundleJson(keys->bundle());
                own["client_auth_private"] = hex(keys->clientAuthPrivateKey());
                entry["own"] = own;
            }
        }
        out["contacts"].push_back(entry);
    }
    auto invitations = store.invitations().listActive(chive::core::nowTimestamp());
    out["invitations"] = invitations ? invitations->size() : 0;
    return out;
}

} // namespace

int main(int argc, char** argv) {
    chive::core::ensureSodium();
    if (argc != 2) {
        std::cerr << "usage: chive_profile_dump PROFILE_DIR < password\n";
        return 2;
    }
    std::string line;
    std::getline(std::cin, line);
    auto password = chive::core::SecureBuffer::copyOf(
        {reinterpret_cast<const std::uint8_t*>(line.data()), line.size()});
    sodium_memzero(line.data(), line.size());
    auto profile = chive::storage::Profile::open(argv[1], password);
    if (!profile) {
        std::cerr << "chive_profile_dump: " << profile.error().message << '\n';
        return 1;
    }
    auto future = (*profile)->storage().submit([](ProfileStore& store) { return dump(store); });
    if (!future) {
        std::cerr << "chive_profile_dump: " << future.error().message << '\n';
        return 1;
    }
    std::cout << future->get().dump(2) << '\n';
    return 0;
}
