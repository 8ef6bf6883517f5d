#include "transport/SafeCookie.h"

#include <sodium.h>

#include <string_view>

namespace chive::transport {
namespace {

constexpr std::string_view kServerKey = "Tor safe cookie authentication server-to-controller hash";
constexpr std::string_view kClientKey = "Tor safe cookie authentication controller-to-server hash";

SafeCookie::Hash hmac(std::string_view key, std::span<const std::uint8_t> cookie,
                      std::span<const std::uint8_t> clientNonce,
                      std::span<const std::uint8_t> serverNonce) {
    crypto_auth_hmacsha256_state state;
    crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()),
                                key.size());
    crypto_auth_hmacsha256_update(&state, cookie.data(), cookie.size());
    crypto_auth_hmacsha256_update(&state, clientNonce.data(), clientNonce.size());
    crypto_auth_hmacsha256_update(&state, serverNonce.data(), serverNonce.size());
    SafeCookie::Hash out{};
    crypto_auth_hmacsha256_final(&state, out.data());
    sodium_memzero(&state, sizeof(state)); // it holds the keyed cookie
    return out;
}

} // namespace

SafeCookie::Hash SafeCookie::serverHash(std::span<const std::uint8_t> cookie,
                                        std::span<const std::uint8_t> clientNonce,
                                        std::span<const std::uint8_t> serverNonce) {
    return hmac(kServerKey, cookie, clientNonce, serverNonce);
}

SafeCookie::Hash SafeCookie::clientHash(std::span<const std::uint8_t> cookie,
                                        std::span<const std::uint8_t> clientNonce,
                                        std::span<const std::uint8_t> serverNonce) {
    return hmac(kClientKey, cookie, clientNonce, serverNonce);
}

bool SafeCookie::verifyServerHash(std::span<const std::uint8_t> cookie,
                                  std::span<const std::uint8_t> clientNonce,
                                  std::span<const std::uint8_t> serverNonce,
                                  std::span<const std::uint8_t> claimed) {
    const Hash expected = serverHash(cookie, clientNonce, serverNonce);
    return claimed.size() == expected.size() &&
           sodium_memcmp(claimed.data(), expected.data(), expected.size()) == 0;
}

} // namespace chive::transport
